-- Signed checkpoints of the audit chain (issue 12): the head at a chain position, signed by the query node that
-- verified the chain up to it, with a key that lives outside the database (decision 0170).
create table audit_checkpoint (
    chain_position bigint       not null,
    global_index   bigint       not null,
    head_hash      varchar(64)  not null,
    created_at     varchar(40)  not null,
    public_key     varchar(128) not null,
    signature      varchar(128) not null,
    constraint pk_audit_checkpoint primary key (chain_position)
);
