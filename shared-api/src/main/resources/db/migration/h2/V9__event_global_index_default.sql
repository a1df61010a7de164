-- The command side appends events with plain JDBC (Axon's JdbcEventStorageEngine), which leaves global_index to the
-- database: it takes the next value of the same sequence Hibernate used, so the sequence still grows by 1.
alter table domain_event_entry alter column global_index set default next value for domain_event_entry_seq;
