-- Query side: the audit log, rebuilt from the event store by the "audit" processor.
-- One row per event, keyed by the global event sequence (which orders the log and makes re-delivery harmless).
-- credential_id is optional: events that are not about a credential (API tokens issued and revoked, with their
-- token_id, token_name and token_role) land here too. credential_name,
-- provider and previous_name are what the credential was called when the event happened, for the summary.
create table qr_audit_entry (
    global_sequence bigint       not null,
    event_type      varchar(64)  not null,
    occurred_at     timestamp(6) with time zone not null,
    actor           varchar(255),
    reason          varchar(32),
    credential_id   varchar(64),
    credential_name varchar(255),
    provider        varchar(64),
    previous_name   varchar(255),
    instance_id     varchar(128),
    setting_key     varchar(128),
    secret_version  integer,
    correlation_id  varchar(255),
    causation_id    varchar(255),
    token_id        varchar(64),
    token_name      varchar(255),
    token_role      varchar(16),
    constraint pk_qr_audit_entry primary key (global_sequence)
);
-- Keyset pagination: each filter, followed by the sequence the pages are ordered and cut by.
create index ix_qr_audit_credential on qr_audit_entry (credential_id, global_sequence);
create index ix_qr_audit_instance on qr_audit_entry (instance_id, global_sequence);
create index ix_qr_audit_actor on qr_audit_entry (actor, global_sequence);
create index ix_qr_audit_type on qr_audit_entry (event_type, global_sequence);
create index ix_qr_audit_correlation on qr_audit_entry (correlation_id, global_sequence);
-- Time ranges: alone, and for an actor's time range when it is narrow compared with the actor's whole history.
create index ix_qr_audit_occurred on qr_audit_entry (occurred_at);
create index ix_qr_audit_actor_occurred on qr_audit_entry (actor, occurred_at);

-- The name and provider of every credential the audit processor has seen, so that entries of events that do not
-- carry them (bind, unbind, rotation) can record them. Owned by the audit processor alone.
create table qr_audit_credential (
    credential_id varchar(64)  not null,
    name          varchar(255) not null,
    provider      varchar(64)  not null,
    constraint pk_qr_audit_credential primary key (credential_id)
);
