# shellcheck shell=bash
# Sourced, not run: makes sure a local PostgreSQL is installed and running, and that a role and a database of its own
# exist. Used by .ci/run (the CI entry point) and bench/postgres (the PostgreSQL benchmark). Needs root (it installs
# the Debian package when PostgreSQL is missing and runs psql as the postgres user).
#
#   source .ci/postgres.sh
#   postgres_ensure ROLE PASSWORD DATABASE
#
# Afterwards PG_VERSION and PG_PORT name the cluster, and REGISTRY_E2E_PG_URL, REGISTRY_E2E_PG_USER and
# REGISTRY_E2E_PG_PASSWORD are exported for the end-to-end tests and benchmarks.
#
#   postgres_ensure_source ROLE PASSWORD DATABASE   (after postgres_ensure)
#
# creates a second database, for the tables of a platform the import reads from, and exports
# REGISTRY_E2E_PG_SOURCE_URL, REGISTRY_E2E_PG_SOURCE_USER and REGISTRY_E2E_PG_SOURCE_PASSWORD (leaving the first's alone).
#
#   postgres_ensure_app_role ROLE PASSWORD   (after postgres_ensure)
#
# creates the role the registry connects as (least privilege: it owns nothing and may only append events) and exports
# REGISTRY_E2E_PG_APP_USER and REGISTRY_E2E_PG_APP_PASSWORD; the registry then migrates as postgres_ensure's role.

section() { printf '\n========== %s ==========\n' "$*"; }
as_postgres() { runuser -u postgres -- "$@"; }

postgres_install() {
    section "PostgreSQL: install"
    if ! command -v pg_lsclusters >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
        echo "PostgreSQL is not installed: installing the Debian package"
        DEBIAN_FRONTEND=noninteractive apt-get update
        DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
    else
        echo "already installed: $(ls /usr/lib/postgresql)"
    fi
}

postgres_start() {
    section "PostgreSQL: start"
    local cluster status i
    if [[ -z "$(pg_lsclusters -h)" ]]; then
        PG_VERSION=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
        echo "no cluster: creating $PG_VERSION/main"
        pg_createcluster --locale=C.UTF-8 "$PG_VERSION" main || pg_createcluster "$PG_VERSION" main
    fi
    read -r PG_VERSION cluster PG_PORT status _ < <(pg_lsclusters -h | sort -V | tail -n 1)
    echo "cluster $PG_VERSION/$cluster on port $PG_PORT is $status"
    if [[ "$status" != online* ]]; then
        pg_ctlcluster "$PG_VERSION" "$cluster" start
    fi
    for i in $(seq 1 60); do
        if as_postgres psql -p "$PG_PORT" -Atqc 'select 1' >/dev/null 2>&1; then
            break
        fi
        [[ $i == 60 ]] && { echo "PostgreSQL does not accept connections"; pg_lsclusters; return 1; }
        sleep 1
    done
    echo "PostgreSQL $PG_VERSION accepts connections on port $PG_PORT"
}

postgres_role() { # role password: a login role, created or given this password
    local role="$1" password="$2"
    as_postgres psql -p "$PG_PORT" -v ON_ERROR_STOP=1 -q <<SQL
DO \$\$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') THEN
        CREATE ROLE $role LOGIN PASSWORD '$password';
    ELSE
        ALTER ROLE $role LOGIN PASSWORD '$password';
    END IF;
END
\$\$;
SQL
}

postgres_role_and_database() { # role password database
    local role="$1" password="$2" db="$3"
    section "PostgreSQL: role $role and database $db"
    postgres_role "$role" "$password" || return 1
    if [[ -z "$(as_postgres psql -p "$PG_PORT" -Atqc "select 1 from pg_database where datname = '$db'")" ]]; then
        as_postgres createdb -p "$PG_PORT" -O "$role" "$db" || return 1
    fi
    # The end-to-end tests and benchmarks drop and recreate schema public before each run: the role must own it
    # (PostgreSQL < 15 gives it to the superuser).
    PGOPTIONS="-c client_min_messages=warning" as_postgres psql -p "$PG_PORT" -d "$db" -v ON_ERROR_STOP=1 -qc \
        "CREATE SCHEMA IF NOT EXISTS public; ALTER SCHEMA public OWNER TO $role" || return 1
    echo "role $role owns database $db"
}

postgres_ensure() { # role password database
    postgres_install || return 1
    postgres_start || return 1
    postgres_role_and_database "$@" || return 1
    export REGISTRY_E2E_PG_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/$3"
    export REGISTRY_E2E_PG_USER="$1"
    export REGISTRY_E2E_PG_PASSWORD="$2"
}

postgres_ensure_source() { # role password database: the import's source database, next to the registry's
    postgres_role_and_database "$@" || return 1
    export REGISTRY_E2E_PG_SOURCE_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/$3"
    export REGISTRY_E2E_PG_SOURCE_USER="$1"
    export REGISTRY_E2E_PG_SOURCE_PASSWORD="$2"
}

postgres_ensure_app_role() { # role password (after postgres_ensure): the role the registry connects as
    # Least privilege (decision 0150): the registry runs its migrations as the owner of postgres_ensure's database
    # and connects as this role, which owns nothing and may only append events; the migrations grant it the rest.
    section "PostgreSQL: application role $1"
    postgres_role "$1" "$2" || return 1
    export REGISTRY_E2E_PG_APP_USER="$1"
    export REGISTRY_E2E_PG_APP_PASSWORD="$2"
}
