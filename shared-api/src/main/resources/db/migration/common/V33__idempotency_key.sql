-- Idempotency keys (issue 14, docs/decisions/0140): one row per (caller, key), written in the same transaction as
-- the command's events, so a committed command always has its recorded answer and a rolled-back one leaves no key.
-- scope is the id of the token the caller authenticated with; key_hash the SHA-256 of the Idempotency-Key header;
-- request_mac an HMAC of method, path and body under a key derived from the caller's bearer token and the
-- Idempotency-Key, so that the same key with another request is recognised without the request being readable.
-- answer holds the recorded status line's headers and body, AES-GCM sealed under that same derived key (nonce
-- beside it): a token's value in POST /api/tokens' answer is unreadable from the database.
-- The answer column is vendor-specific binary (V34).
create table idempotency_key (
    scope        varchar(64)  not null,
    key_hash     varchar(64)  not null,
    request_mac  varchar(64)  not null,
    status       integer,
    nonce        varchar(32),
    created_at   timestamp(6) with time zone not null,
    constraint pk_idempotency_key primary key (scope, key_hash)
);
create index ix_idempotency_key_created on idempotency_key (created_at);
