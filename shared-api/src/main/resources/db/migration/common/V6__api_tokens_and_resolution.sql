-- Security (issue 4): API tokens and secret resolution.

-- Command side: the tokens that authenticate requests, written by the subscribing "command-lookups" processor in
-- the transaction that appends ApiTokenIssued / ApiTokenRevoked, so every command node sees a revocation at once.
-- Only the SHA-256 hash of a token is kept.
create table api_token (
    token_id    varchar(64)  not null,
    name        varchar(128) not null,
    role        varchar(16)  not null,
    instance_id varchar(128),
    token_hash  varchar(80)  not null,
    created_at  timestamp(6) with time zone not null,
    revoked_at  timestamp(6) with time zone,
    constraint pk_api_token primary key (token_id),
    constraint uq_api_token_hash unique (token_hash)
);

-- Command side: the credential that held a setting when it was deleted, so that resolving that setting answers
-- 410 (gone) rather than 404 (never bound). A later bind of the setting removes the row.
create table deleted_setting_holder (
    instance_id   varchar(128) not null,
    setting_key   varchar(128) not null,
    credential_id varchar(64)  not null,
    constraint pk_deleted_setting_holder primary key (instance_id, setting_key)
);

-- Query side: the same tokens, projected from the events by the pooled processor "api-tokens" (eventually
-- consistent: a revocation reaches every query node within the processor's poll interval).
create table qr_api_token (
    token_id    varchar(64)  not null,
    name        varchar(128) not null,
    role        varchar(16)  not null,
    instance_id varchar(128),
    token_hash  varchar(80)  not null,
    created_at  timestamp(6) with time zone not null,
    revoked_at  timestamp(6) with time zone,
    constraint pk_qr_api_token primary key (token_id)
);
create index ix_qr_api_token_hash on qr_api_token (token_hash);
