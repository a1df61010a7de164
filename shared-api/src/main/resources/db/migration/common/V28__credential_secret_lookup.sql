-- Secret resolution as a read (issue 10): the current sealed secret of every credential, written by the subscribing
-- "command-lookups" processor in the transaction that appends CredentialCreated / CredentialSecretRotated /
-- CredentialDeleted, so every command node reads the committed state without loading the aggregate. Only ciphertext
-- is kept; the wrapped data key stays in data_key, so a deletion still shreds the secret. A deleted credential keeps
-- its row (status DELETED, no ciphertext) so that its settings answer 410 without replaying its stream.
-- envelope_format is the envelope's format (docs/decisions/0060); null reads as format 1, which binds the data key
-- id only, as envelopes stored before formats existed do.
-- Existing credentials are filled in on start (ResolutionStateBackfill).
create table credential_secret (
    credential_id  varchar(64)   not null,
    status         varchar(16)   not null,
    secret_version integer       not null,
    data_key_id    varchar(64),
    nonce          varchar(64),
    ciphertext     varchar(16384),
    envelope_format integer,
    constraint pk_credential_secret primary key (credential_id)
);
