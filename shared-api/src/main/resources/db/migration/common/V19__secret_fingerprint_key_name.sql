-- Which fingerprint key made each fingerprint (docs/decisions/0060). Rows before this version were made with the
-- key derived from the master key ('secret-fingerprint'); the command side moves them to its random key at start
-- (FingerprintKeyRotation) and then drops the derived key. Events no longer carry fingerprints at all.
alter table secret_fingerprint add column key_name varchar(64) default 'secret-fingerprint' not null;
