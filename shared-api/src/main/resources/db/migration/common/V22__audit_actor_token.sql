-- The actor of an audit entry is a token's name, which is not an identity: keep which token acted (its id, or
-- 'bootstrap' for the bootstrap admin) and its role. Entries of events recorded before are left null.
alter table qr_audit_entry add column actor_token_id varchar(64);
alter table qr_audit_entry add column actor_role varchar(16);
