-- Decision 0120: global indexes follow commit order. Drawing one takes the append lock, a transaction-level advisory
-- lock held until the drawing transaction ends, so the next transaction draws its indexes only after this one has
-- committed or rolled back. Taken here, in the column's default, it costs no round trip of its own and holds for
-- every writer, whoever inserts the row. The key is the one CommitOrderedAppends names ("credreg" in ASCII).
create function next_global_index() returns bigint
    language plpgsql volatile
as $$
begin
    perform pg_advisory_xact_lock(7165901439190263617);
    return nextval('domain_event_entry_seq');
end
$$;

alter table domain_event_entry alter column global_index set default next_global_index();
