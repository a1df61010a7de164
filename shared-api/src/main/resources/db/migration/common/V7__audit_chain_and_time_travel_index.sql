-- Query side, audit chain ("audit-chain" processor): one entry per event, in the order the processor chained them.
-- entry_hash = SHA-256(previous entry_hash || canonical form of the stored event row), lower-case hex.
create table audit_chain_entry (
    chain_position   bigint       not null,
    global_index     bigint       not null,
    event_identifier varchar(255) not null,
    entry_hash       varchar(64)  not null,
    constraint pk_audit_chain_entry primary key (chain_position),
    constraint uk_audit_chain_global_index unique (global_index),
    constraint uk_audit_chain_event unique (event_identifier)
);

-- Time travel: the credentials ever bound to an instance, found through the history's binding entries.
create index ix_qr_history_instance on qr_history_entry (instance_id, occurred_at);
