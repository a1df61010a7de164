-- The console pages, filters and sorts the credential list on the server; these indexes keep a page of 10,000
-- credentials an index scan for every order it offers.
create index qr_credential_by_name on qr_credential (name, credential_id);
create index qr_credential_by_provider on qr_credential (provider, created_at, credential_id);
create index qr_credential_by_status on qr_credential (status, created_at, credential_id);
create index qr_credential_by_created on qr_credential (created_at, credential_id);
create index qr_credential_by_updated on qr_credential (updated_at, credential_id);
create index qr_credential_by_binding_count on qr_credential (binding_count, credential_id);
