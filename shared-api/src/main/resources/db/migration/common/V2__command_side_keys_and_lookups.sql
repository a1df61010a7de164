-- Command side: the key store (wrapped data keys) and the lookups that guard set-wide invariants.
-- The lookups are written in the same transaction as the events that change them (subscribing processor
-- "command-lookups"), and their unique keys make racing commands fail, roll back and retry.
create table data_key (
    data_key_id   varchar(64)  not null,
    credential_id varchar(64)  not null,
    wrapped_key   varchar(512) not null,
    master_key_id varchar(64)  not null,
    created_at    timestamp(6) with time zone not null,
    constraint pk_data_key primary key (data_key_id)
);
create index ix_data_key_credential on data_key (credential_id);

-- Invariant 3: one active credential per secret.
create table secret_fingerprint (
    fingerprint   varchar(128) not null,
    credential_id varchar(64)  not null,
    constraint pk_secret_fingerprint primary key (fingerprint)
);
create index ix_secret_fingerprint_credential on secret_fingerprint (credential_id);

-- Names are unique per provider among active credentials (compared case-insensitively).
create table credential_name (
    provider      varchar(64)  not null,
    name_key      varchar(800) not null, -- lower-casing can lengthen a 200-character name
    credential_id varchar(64)  not null,
    constraint pk_credential_name primary key (provider, name_key)
);
create index ix_credential_name_credential on credential_name (credential_id);

-- Invariant 2: a setting holds at most one credential.
create table setting_slot (
    instance_id   varchar(128) not null,
    setting_key   varchar(128) not null,
    credential_id varchar(64)  not null,
    constraint pk_setting_slot primary key (instance_id, setting_key)
);
create index ix_setting_slot_credential on setting_slot (credential_id);
