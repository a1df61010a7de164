-- Master key rotation. The fingerprint key (HMAC key of secret_fingerprint) used to be derived from the master key,
-- so a new master key would have changed every fingerprint and broken duplicate detection. It is now a key of its
-- own, stored wrapped by the master key like a data key, and re-wrapped (never changed) by a rotation. On first start
-- the command side fills this table with the key it derived so far, so existing fingerprints keep matching.
create table fingerprint_key (
    key_name      varchar(64)  not null,
    wrapped_key   varchar(512) not null,
    master_key_id varchar(64)  not null,
    created_at    timestamp(6) with time zone not null,
    constraint pk_fingerprint_key primary key (key_name)
);

-- A rotation finds the keys still wrapped by the previous master key in batches.
create index ix_data_key_master_key on data_key (master_key_id, data_key_id);
