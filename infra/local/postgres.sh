# shellcheck shell=bash
# The project's own PostgreSQL cluster: $PG_DATA, 127.0.0.1:$PG_PORT, superuser codetether/codetether,
# scram-sha-256 everywhere, max_connections 500 (six services' pools plus parallel test runs).
# It is not the distribution's cluster (15/main, peer auth, port 5432), which is left alone.

pg_ready() {
    local bin
    bin="$(pg_bin_dir)" || return 1
    "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 2 >/dev/null 2>&1
}

# Runs SQL as the codetether superuser on database $1 (default postgres).
pg_sql() {
    local sql=$1 database=${2:-postgres}
    PGPASSWORD="$PG_PASSWORD" PGCONNECT_TIMEOUT=5 psql -X -q -A -t -v ON_ERROR_STOP=1 \
        -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d "$database" -c "$sql"
}

# The server options, given on the command line as well as written into postgresql.conf, so that
# a cluster created by hand (or by an older version of this script) still starts as described.
pg_server_options() {
    echo "-p $PG_PORT -k $PG_SOCKET_DIR -c listen_addresses=127.0.0.1 -c max_connections=500"
}

postgres_init() {
    local bin=$1 pwfile parent
    parent="$(dirname "$PG_DATA")"
    say "PostgreSQL: creating the project's cluster in $PG_DATA"
    mkdir -p "$PG_DATA"
    chown postgres:postgres "$parent" "$PG_DATA"
    chmod 700 "$PG_DATA"
    pwfile="$(mktemp)"
    printf '%s\n' "$PG_PASSWORD" >"$pwfile"
    chown postgres "$pwfile"
    if ! from_root_dir runuser -u postgres -- "$bin/initdb" -D "$PG_DATA" -U "$PG_USER" --pwfile="$pwfile" \
        --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$parent/initdb.log" 2>&1; then
        rm -f "$pwfile"
        die "PostgreSQL: initdb failed; see $parent/initdb.log" "$(tail -n 5 "$parent/initdb.log")"
    fi
    rm -f "$pwfile"
    cat >>"$PG_DATA/postgresql.conf" <<EOF

# --- CodeTether (infra/local/postgres.sh) ---
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_SOCKET_DIR'
max_connections = 500
EOF
}

postgres_up() {
    local bin
    bin="$(pg_bin_dir)" || die "PostgreSQL server binaries not found under /usr/lib/postgresql."
    if pg_ready; then
        say "PostgreSQL: already running on 127.0.0.1:$PG_PORT"
    else
        require_root "Starting PostgreSQL"
        [[ -s "$PG_DATA/PG_VERSION" ]] || postgres_init "$bin"
        say "PostgreSQL: starting the cluster in $PG_DATA on 127.0.0.1:$PG_PORT"
        if ! from_root_dir runuser -u postgres -- "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 \
            -o "$(pg_server_options)" start >/dev/null; then
            die "PostgreSQL did not start; see $PG_LOG" "$(tail -n 5 "$PG_LOG" 2>/dev/null)"
        fi
    fi
    pg_sql 'SELECT 1' >/dev/null 2>&1 || die "PostgreSQL on 127.0.0.1:$PG_PORT does not accept $PG_USER/$PG_PASSWORD." \
        "Something else may hold that port. The project's cluster lives in $PG_DATA (log: $PG_LOG)."
}

# Drops the platform's databases (the services make them again at their next start).
postgres_drop_databases() {
    local service
    for service in "${CT_SERVICES[@]}"; do
        act pg_sql "DROP DATABASE IF EXISTS \"codetether_$service\" WITH (FORCE)" >/dev/null
    done
}

postgres_down() {
    local bin
    bin="$(pg_bin_dir)" || { note "PostgreSQL: not installed"; return 0; }
    if ! pg_ready; then
        say "PostgreSQL: not running on 127.0.0.1:$PG_PORT"
        return 0
    fi
    if [[ ! -f "$PG_DATA/postmaster.pid" ]]; then
        warn "PostgreSQL on 127.0.0.1:$PG_PORT is not the project's cluster ($PG_DATA has no postmaster.pid): left alone."
        return 0
    fi
    say "PostgreSQL: stopping the cluster in $PG_DATA"
    act from_root_dir runuser -u postgres -- "$bin/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null
}

postgres_status() {
    if pg_ready; then
        printf '  %-12s %s   127.0.0.1:%s  (cluster %s, log %s)\n' postgresql "$(up_word)" "$PG_PORT" "$PG_DATA" "$PG_LOG"
    else
        printf '  %-12s %s\n' postgresql "$(down_word)"
        return 1
    fi
}
