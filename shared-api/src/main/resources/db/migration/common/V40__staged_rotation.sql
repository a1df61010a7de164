-- Staged rotation (issue 14, docs/decisions/0210), command side. Written by the subscribing "command-lookups"
-- processor (and the aggregate's handlers) in the transaction that appends the credential's events.
-- A credential may hold two fingerprints while a version is pending: the current one and the staged one.
alter table secret_fingerprint add column staged boolean default false not null;

-- The versions of a credential besides its current one (credential_secret): the PENDING one, and the PREVIOUS one
-- that stays resolvable for its grace after a promotion. Ciphertext only; the wrapped data key stays in data_key.
-- due_at is the due work of the staged-rotation poller: when a PENDING version (promotion 'AFTER') is promoted, and
-- when a PREVIOUS version is retired (its data key destroyed). Rows go when their version is promoted or retired,
-- and with the credential's deletion.
create table secret_version_state (
    credential_id   varchar(64)    not null,
    secret_version  integer        not null,
    stage           varchar(16)    not null,
    data_key_id     varchar(64)    not null,
    nonce           varchar(64)    not null,
    ciphertext      varchar(16384) not null,
    envelope_format integer,
    promotion       varchar(32),
    due_at          timestamp(6) with time zone,
    constraint pk_secret_version_state primary key (credential_id, secret_version)
);
create index ix_secret_version_state_due on secret_version_state (due_at);

-- The settings that a consumer (not an admin's test) resolved at a pending version: promotion 'WHEN_ALL_RESOLVED'
-- is due once every setting bound to the credential is here. No key: two nodes may record the same setting at once,
-- and a duplicate row is harmless. Rows go with the promotion or deletion.
create table pending_resolution (
    credential_id  varchar(64)  not null,
    secret_version integer      not null,
    instance_id    varchar(128) not null,
    setting_key    varchar(128) not null
);
create index ix_pending_resolution on pending_resolution (credential_id, secret_version);
