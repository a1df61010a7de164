-- Staged rotation (issue 14, docs/decisions/0210), query side: a credential's pending version, and which version
-- each setting bound to it last resolved and when (from the SecretResolved records), in the "credentials" group.
alter table qr_credential add column pending_version integer;
alter table qr_credential add column pending_hint varchar(255);

create table qr_consumer (
    credential_id         varchar(64)  not null,
    instance_id           varchar(128) not null,
    setting_key           varchar(128) not null,
    last_resolved_version integer      not null,
    last_resolved_at      timestamp(6) with time zone not null,
    constraint pk_qr_consumer primary key (credential_id, instance_id, setting_key)
);
