-- Command side (decision 0200): the credentials deleted with a recovery window, and when it ends. Written with the
-- deletion's events, removed with the restore's or the purge's; every command node's purge poller reads it.
create table pending_purge (
    credential_id varchar(64) not null,
    purge_at      timestamp with time zone not null,
    constraint pk_pending_purge primary key (credential_id)
);

create index ix_pending_purge_purge_at on pending_purge (purge_at);

-- Command side: instances removed since anything was last bound to them, so that a restore does not bind a setting of
-- a removed instance again.
create table removed_instance (
    instance_id varchar(128) not null,
    constraint pk_removed_instance primary key (instance_id)
);

-- Query side: until when a deleted credential can be restored, and when it was purged.
alter table qr_credential add column restorable_until timestamp with time zone;
alter table qr_credential add column purged_at timestamp with time zone;
