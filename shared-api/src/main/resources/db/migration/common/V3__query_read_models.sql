-- Query side: read models rebuilt from the event store by the "credentials" and "credential-history" processors.
-- Column sizes follow the command side's limits (V2), so an accepted command can always be projected.

-- One row per credential, deleted ones included (status 'deleted'). binding_count mirrors qr_binding.
create table qr_credential (
    credential_id  varchar(64)  not null,
    name           varchar(255) not null,
    provider       varchar(64)  not null,
    status         varchar(16)  not null,
    secret_hint    varchar(255),
    secret_version integer      not null,
    binding_count  bigint       not null,
    created_at     timestamp(6) with time zone not null,
    updated_at     timestamp(6) with time zone not null,
    constraint pk_qr_credential primary key (credential_id)
);
create index ix_qr_credential_provider on qr_credential (provider, status);

-- The settings that use a credential now. Keyed by credential too, so that a replacement's unbind (old credential)
-- and bind (new credential), which may be projected in either order, never overwrite each other.
create table qr_binding (
    credential_id varchar(64)  not null,
    instance_id   varchar(128) not null,
    setting_key   varchar(128) not null,
    bound_at      timestamp(6) with time zone not null,
    constraint pk_qr_binding primary key (credential_id, instance_id, setting_key)
);
create index ix_qr_binding_instance on qr_binding (instance_id, setting_key);

-- Every event of every credential, keyed by the global event sequence (which makes re-delivery harmless).
create table qr_history_entry (
    global_sequence bigint       not null,
    credential_id   varchar(64)  not null,
    event_type      varchar(64)  not null,
    occurred_at     timestamp(6) with time zone not null,
    actor           varchar(255),
    reason          varchar(32),
    instance_id     varchar(128),
    setting_key     varchar(128),
    secret_version  integer,
    correlation_id  varchar(255),
    causation_id    varchar(255),
    constraint pk_qr_history_entry primary key (global_sequence)
);
create index ix_qr_history_credential on qr_history_entry (credential_id, global_sequence);
