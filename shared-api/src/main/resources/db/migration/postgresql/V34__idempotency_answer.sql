-- The sealed answer of an idempotent request (V33): bytea, never a large object (docs/decisions/0003).
alter table idempotency_key add column answer bytea;
