-- The sealed answer of an idempotent request (V33); answers of large cascades can exceed a varbinary's limit.
alter table idempotency_key add column answer binary large object;
