-- One row that every transaction appending events locks (select ... for update) right before it draws its global
-- indexes, and holds until it commits: global indexes then follow commit order, so a gap below a visible index is
-- final (decision 0120). PostgreSQL takes a transaction-level advisory lock instead and leaves this row alone.
create table event_append_lock (
    id   int primary key,
    note varchar(100) not null
);
insert into event_append_lock (id, note) values (1, 'locked by every event append until its commit (decision 0120)');
