#!/bin/sh
# Run once by the postgres image when it creates its database (docker-entrypoint-initdb.d): the role the registry
# connects as. It owns nothing; the migrations, run as the owner, grant it what it needs (decision 0150).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
     -v app_password="$REGISTRY_APP_DB_PASSWORD" <<'SQL'
CREATE ROLE registry_app LOGIN PASSWORD :'app_password';
SQL
