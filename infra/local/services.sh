# shellcheck shell=bash
# The six services as background processes of this checkout: built in Release, one pid file each in
# .codetether/run/, one log each in .codetether/logs/ (the previous run's log is kept as <service>.log.1).

build_solution() {
    require_dotnet
    say "Building CodeTether.sln ($CT_CONFIGURATION)"
    local log="$CT_LOG_DIR/build.log"
    mkdir -p "$CT_LOG_DIR"
    # Incremental: an unchanged tree builds in seconds. The full output goes to the log, errors to the screen.
    if ! (cd "$CT_ROOT" && dotnet build CodeTether.sln -c "$CT_CONFIGURATION" -nologo -v q -clp:NoSummary) >"$log" 2>&1; then
        grep -E ': (error|warning) ' "$log" | sort -u | head -n 40 >&2 || true
        die "the build failed; full output in $log"
    fi
}

service_name() { echo "CodeTether.${1^}"; }
service_bin_dir() { echo "$CT_ROOT/services/$1/bin/$CT_CONFIGURATION/net10.0"; }
service_dll() { echo "$(service_bin_dir "$1")/$(service_name "$1").dll"; }
service_pid_file() { echo "$CT_RUN_DIR/$1.pid"; }
service_log() { echo "$CT_LOG_DIR/$1.log"; }
service_url() { echo "http://127.0.0.1:${CT_SERVICE_PORT[$1]}"; }

# The internal identity signing secret: made once per checkout, kept in .codetether/identity.key (mode 600).
identity_key() {
    local file="$CT_LOCAL_DIR/identity.key"
    if [[ ! -s "$file" ]]; then
        mkdir -p "$CT_LOCAL_DIR"
        (umask 077 && head -c 48 /dev/urandom | base64 -w 0 >"$file")
    fi
    chmod 600 "$file"
    cat "$file"
}

# Fills SERVICE_ENV with the environment of service $1 (also used for the gateway's admin commands).
service_env() {
    local service=$1 other
    SERVICE_ENV=(
        "Identity__SigningKey=$(identity_key)"
        "ConnectionStrings__Postgres=Host=127.0.0.1;Port=$PG_PORT;Username=$PG_USER;Password=$PG_PASSWORD;Database=codetether_$service"
        "ConnectionStrings__RabbitMq=amqp://$RABBITMQ_USER:$RABBITMQ_PASSWORD@127.0.0.1:$RABBITMQ_PORT/$RABBITMQ_VHOST"
        "ConnectionStrings__Redis=127.0.0.1:$REDIS_PORT"
    )
    # The local quick start posts webhooks to receivers on this machine; elsewhere loopback stays refused.
    if [[ "$service" == webhooks ]]; then
        SERVICE_ENV+=("Webhooks__AllowedNetworks__0=127.0.0.0/8" "Webhooks__AllowedNetworks__1=::1/128")
    fi
    if [[ "$service" == gateway ]]; then
        for other in "${CT_SERVICES[@]}"; do
            [[ "$other" == gateway ]] && continue
            SERVICE_ENV+=("Services__${other^}=$(service_url "$other")")
        done
    fi
}

# The pid of the running service $1, if the pid file names a live process running this checkout's dll of it.
service_pid() {
    local file pid
    file="$(service_pid_file "$1")"
    [[ -s "$file" ]] || return 1
    pid="$(cat "$file")"
    [[ "$pid" =~ ^[0-9]+$ && -r "/proc/$pid/cmdline" ]] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "$(service_dll "$1")" || return 1
    echo "$pid"
}

service_ready() {
    [[ "$(http_status "$(service_url "$1")/health/ready")" == 200 ]]
}

# True when the build wrote anything into the service's output folder after the service started.
service_binary_changed() {
    local file
    file="$(service_pid_file "$1")"
    [[ -n "$(find "$(service_bin_dir "$1")" -maxdepth 1 -newer "$file" \( -name '*.dll' -o -name '*.json' \) -print -quit 2>/dev/null)" ]]
}

service_start() {
    local service=$1 dll log pid port
    dll="$(service_dll "$service")"
    log="$(service_log "$service")"
    port="${CT_SERVICE_PORT[$service]}"
    [[ -f "$dll" ]] || die "$dll does not exist: build the solution first (./codetether up builds it)."
    port_open "$port" && die "127.0.0.1:$port (for $service) is taken by a process this checkout did not start." \
        "Stop it, or move all six services with CODETETHER_PORT_OFFSET=<n>."
    mkdir -p "$CT_RUN_DIR" "$CT_LOG_DIR"
    [[ -f "$log" ]] && mv -f "$log" "$log.1"
    service_env "$service"
    printf '=== %s: %s started by ./codetether up on %s\n' "$(date -u +%FT%TZ)" "$service" "$(service_url "$service")" >"$log"
    # setsid: its own session, so a Ctrl-C or a closed terminal does not reach it. The subshell is not a
    # process-group leader, so setsid execs in place and $! is the service's own pid.
    (cd "$(dirname "$dll")" && exec setsid env "${SERVICE_ENV[@]}" dotnet "$dll" --urls "$(service_url "$service")" \
        >>"$log" 2>&1 </dev/null) &
    pid=$!
    disown "$pid" 2>/dev/null || true # no "Aborted" job notice from bash if it dies: the wait below reports it
    echo "$pid" >"$(service_pid_file "$service")"
    note "$service: started (pid $pid) on $(service_url "$service")"
}

service_stop() {
    local service=$1 pid waited=0
    if ! pid="$(service_pid "$service")"; then
        rm -f "$(service_pid_file "$service")"
        return 0
    fi
    note "$service: stopping (pid $pid)"
    [[ "$CT_DRY_RUN" == 1 ]] && { act kill -TERM "$pid"; return 0; }
    kill -TERM "$pid" 2>/dev/null || true
    while [[ -e "/proc/$pid" ]] && ((waited < CT_STOP_TIMEOUT)); do
        sleep 1
        waited=$((waited + 1))
    done
    if [[ -e "/proc/$pid" ]]; then
        warn "$service did not stop within ${CT_STOP_TIMEOUT}s after TERM: killing it"
        kill -KILL "$pid" 2>/dev/null || true
        sleep 1
    fi
    rm -f "$(service_pid_file "$service")"
}

# Starts every service that is not running. A running service is restarted when $1 is 1 (up --restart)
# or when the build changed its binaries since it started; otherwise it is left alone.
services_up() {
    local restart=$1 service pid
    say "Starting the services"
    for service in "${CT_SERVICES[@]}"; do
        if pid="$(service_pid "$service")"; then
            if [[ "$restart" == 1 ]]; then
                service_stop "$service"
            elif service_binary_changed "$service"; then
                note "$service: its binaries changed since it started: restarting"
                service_stop "$service"
            else
                note "$service: already running (pid $pid), left alone"
                continue
            fi
        fi
        service_start "$service"
    done
    services_wait_ready
}

services_wait_ready() {
    local service pid waited=0 pending=("${CT_SERVICES[@]}") still
    say "Waiting for /health/ready (up to ${CT_READY_TIMEOUT}s)"
    while ((${#pending[@]})); do
        still=()
        for service in "${pending[@]}"; do
            if ! pid="$(service_pid "$service")"; then
                die "$service exited during start-up; see $(service_log "$service")" \
                    "--- last lines ---" "$(tail -n 15 "$(service_log "$service")" 2>/dev/null)"
            fi
            if service_ready "$service"; then
                note "$service: ready"
            else
                still+=("$service")
            fi
        done
        pending=("${still[@]}")
        ((${#pending[@]})) || break
        if ((waited >= CT_READY_TIMEOUT)); then
            local lines=()
            for service in "${pending[@]}"; do
                lines+=("$service ($(service_url "$service")/health/ready answers $(http_status "$(service_url "$service")/health/ready")): see $(service_log "$service")")
            done
            die "not ready after ${CT_READY_TIMEOUT}s:" "${lines[@]}"
        fi
        sleep 1
        waited=$((waited + 1))
    done
}

services_down() {
    local service any=0
    for service in "${CT_SERVICES[@]}"; do
        service_pid "$service" >/dev/null && any=1
    done
    if ((any == 0)); then
        say "Services: none running"
        for service in "${CT_SERVICES[@]}"; do rm -f "$(service_pid_file "$service")"; done
        return 0
    fi
    say "Stopping the services"
    # The gateway first, so no new requests come in while the others stop.
    for service in "${CT_SERVICES[@]}"; do
        service_stop "$service"
    done
}

services_status() {
    local service pid all_up=0 state
    for service in "${CT_SERVICES[@]}"; do
        if pid="$(service_pid "$service")"; then
            if service_ready "$service"; then state="$(up_word)  "; else state="$(up_word) (not ready)"; all_up=1; fi
            printf '  %-12s %s   %s  pid %s, log %s\n' "$service" "$state" "$(service_url "$service")" "$pid" "$(service_log "$service")"
        else
            printf '  %-12s %s\n' "$service" "$(down_word)"
            all_up=1
        fi
    done
    return "$all_up"
}
