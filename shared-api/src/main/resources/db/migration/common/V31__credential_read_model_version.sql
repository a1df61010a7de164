-- Expected versions (decision 0130): the credential read model keeps the version of the credential's stream, the
-- sequence number of its last event, which the query side sends as the ETag a command's If-Match names. The
-- projection keeps it from now on; rows projected before are filled from the event store here, so no replay is
-- needed (a row whose last events are not projected yet shows their version a moment early, and the projection
-- never lowers it). A replay fills it from the events again.
alter table qr_credential add column version bigint;
update qr_credential
   set version = (select max(e.sequence_number) from domain_event_entry e
                   where e.aggregate_identifier = qr_credential.credential_id);
