-- Least privilege (decision 0150). When the migrations run as the schema's owner (SPRING_FLYWAY_USER) and the
-- applications connect as another role (SPRING_DATASOURCE_USERNAME, which Flyway receives as ${app_role}), that role
-- gets what the applications need and no more: it reads and appends events but can never change or remove one, and it
-- can neither change the schema nor write its migration history. Runs after every migration run, so the tables a later migration
-- adds are granted too. With one role for both (the simple set-up) there is nothing to grant and nothing is done.
DO $grant$
DECLARE
    app_role text := '${app_role}';
    s text := current_schema();
BEGIN
    IF app_role = '' OR app_role = current_user THEN
        RETURN;
    END IF;
    -- nodes that start together run this at the same time, and concurrent GRANTs on one object fail with "tuple
    -- concurrently updated": one at a time, until this transaction ends
    PERFORM pg_advisory_xact_lock(hashtext('credreg-afterMigrate-grants'));
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', s, app_role);
    EXECUTE format('REVOKE CREATE ON SCHEMA %I FROM %I', s, app_role);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA %I TO %I', s, app_role);
    EXECUTE format('GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA %I TO %I', s, app_role);
    -- the event store is append-only for the applications
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON domain_event_entry FROM %I', app_role);
    -- it may read the migration history (so a side without the owner's password can start and validate, and fails
    -- loudly when a migration is pending) but never write it
    EXECUTE format('REVOKE ALL ON %I.%I FROM %I', s, 'flyway_schema_history', app_role);
    EXECUTE format('GRANT SELECT ON %I.%I TO %I', s, 'flyway_schema_history', app_role);
END
$grant$;
