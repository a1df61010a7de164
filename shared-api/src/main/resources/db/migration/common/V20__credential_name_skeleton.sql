-- Names that only look alike (a Cyrillic letter, a non-breaking space) count as the same name: each name also keeps
-- the SHA-256 of its Unicode confusable skeleton (UTS #39), written in the transaction that appends its event.
-- Rows written before this column are filled in by the command side at start (idempotent: only rows still null).
alter table credential_name add column name_skeleton varchar(64);
create unique index ux_credential_name_skeleton on credential_name (provider, name_skeleton);
