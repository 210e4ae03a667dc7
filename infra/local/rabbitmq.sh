# shellcheck shell=bash
# RabbitMQ as a local process (rabbitmq-server -detached, no systemd), with the management and stream
# plugins, guest/guest on loopback, CodeTether's settings (infra/rabbitmq/rabbitmq.conf) and the
# platform's vhost `codetether`. Tests make vhosts of their own.

RABBITMQ_CONF_DIR="$CT_STATE_DIR/rabbitmq"

rabbitmq_ctl() { rabbitmqctl -q -n "$RABBITMQ_NODE" "$@"; }

rabbitmq_api_url() { echo "http://127.0.0.1:$RABBITMQ_MANAGEMENT_PORT/api/$1"; }

rabbitmq_management_ready() {
    [[ "$(http_status "$(rabbitmq_api_url overview)" -u "$RABBITMQ_USER:$RABBITMQ_PASSWORD")" == 200 ]]
}

rabbitmq_ready() { port_open "$RABBITMQ_PORT" && rabbitmq_management_ready; }

rabbitmq_log_hint() {
    echo "logs: /var/log/rabbitmq/$RABBITMQ_NODE@$(hostname -s).log and /var/log/rabbitmq/startup_err"
}

# The config the node starts with: the project's settings plus this machine's loopback-only listeners.
# It is copied out of the checkout because the broker runs as the rabbitmq user, who may not be able
# to read the checkout (a clone under /root, say).
rabbitmq_write_config() {
    mkdir -p "$RABBITMQ_CONF_DIR"
    {
        cat "$CT_ROOT/infra/rabbitmq/rabbitmq.conf"
        cat <<EOF

# --- this machine (written by infra/local/rabbitmq.sh): loopback only ---
listeners.tcp.default = 127.0.0.1:$RABBITMQ_PORT
management.tcp.ip = 127.0.0.1
management.tcp.port = $RABBITMQ_MANAGEMENT_PORT
stream.listeners.tcp.default = 127.0.0.1:$RABBITMQ_STREAM_PORT
stream.advertised_host = 127.0.0.1
stream.advertised_port = $RABBITMQ_STREAM_PORT
EOF
    } >"$RABBITMQ_CONF_DIR/$RABBITMQ_NODE.conf"
    cp "$CT_ROOT/infra/rabbitmq/enabled_plugins" "$RABBITMQ_CONF_DIR/$RABBITMQ_NODE.enabled_plugins"
    chmod 644 "$RABBITMQ_CONF_DIR/$RABBITMQ_NODE.conf" "$RABBITMQ_CONF_DIR/$RABBITMQ_NODE.enabled_plugins"
    # rabbitmq-plugins may rewrite the plugins file, so the broker's user owns it.
    chown rabbitmq:rabbitmq "$RABBITMQ_CONF_DIR/$RABBITMQ_NODE.enabled_plugins"
}

rabbitmq_start() {
    require_root "Starting RabbitMQ"
    rabbitmq_write_config
    say "RabbitMQ: starting node $RABBITMQ_NODE on 127.0.0.1:$RABBITMQ_PORT (management :$RABBITMQ_MANAGEMENT_PORT, stream :$RABBITMQ_STREAM_PORT)"
    (
        export RABBITMQ_NODENAME="$RABBITMQ_NODE"
        export RABBITMQ_CONFIG_FILE="$RABBITMQ_CONF_DIR/$RABBITMQ_NODE.conf"
        export RABBITMQ_ENABLED_PLUGINS_FILE="$RABBITMQ_CONF_DIR/$RABBITMQ_NODE.enabled_plugins"
        export RABBITMQ_DIST_PORT=$((RABBITMQ_PORT + 20000))
        # Erlang needs a descriptor per connection and per queue file; 1024 is too few.
        local hard
        hard="$(ulimit -Hn)"
        if [[ "$hard" == unlimited ]] || ((hard > 65536)); then hard=65536; fi
        ulimit -Sn "$hard" 2>/dev/null || true
        # Debian's wrapper switches to the rabbitmq user (keeping these variables) and detaches.
        cd / && rabbitmq-server -detached
    ) || die "RabbitMQ: rabbitmq-server -detached failed" "$(rabbitmq_log_hint)"
    if ! wait_until 120 rabbitmq_ready; then
        die "RabbitMQ did not answer on 127.0.0.1:$RABBITMQ_PORT and :$RABBITMQ_MANAGEMENT_PORT within 120 s" "$(rabbitmq_log_hint)"
    fi
}

# When the broker was already running, says whether it runs with the project's consumer_timeout.
rabbitmq_check_settings() {
    local wanted current
    wanted="$(sed -n 's/^consumer_timeout[[:space:]]*=[[:space:]]*\([0-9]*\).*/\1/p' "$CT_ROOT/infra/rabbitmq/rabbitmq.conf")"
    current="$(rabbitmq_ctl eval 'application:get_env(rabbit, consumer_timeout).' 2>/dev/null || true)"
    if [[ -n "$wanted" && "$current" != "{ok,$wanted}" ]]; then
        warn "RabbitMQ was started without infra/rabbitmq/rabbitmq.conf (consumer_timeout: ${current:-unknown}, wanted $wanted ms)." \
            "Long tasks may be redelivered. To apply it: ./codetether down --all && ./codetether up"
    fi
}

# Enables the project's plugins on the running node. rabbitmq-plugins must name the same plugins file as the
# node uses, so it is asked for it first.
rabbitmq_enable_plugins() {
    local file plugins
    file="$(rabbitmq_ctl eval 'application:get_env(rabbit, enabled_plugins_file).' 2>/dev/null |
        sed -n 's/^{ok,"\(.*\)"}$/\1/p')"
    plugins="$(tr -d '[].\n' <"$CT_ROOT/infra/rabbitmq/enabled_plugins" | tr ',' ' ')"
    # shellcheck disable=SC2086 # one argument per plugin
    RABBITMQ_ENABLED_PLUGINS_FILE="${file:-/etc/rabbitmq/enabled_plugins}" \
        rabbitmq-plugins -q -n "$RABBITMQ_NODE" enable $plugins >/dev/null
}

rabbitmq_up() {
    if port_open "$RABBITMQ_PORT"; then
        say "RabbitMQ: already running on 127.0.0.1:$RABBITMQ_PORT"
        if ! rabbitmq_management_ready; then
            say "RabbitMQ: enabling the management and stream plugins"
            rabbitmq_enable_plugins || die "RabbitMQ: could not enable the management plugin" "$(rabbitmq_log_hint)"
            wait_until 60 rabbitmq_management_ready ||
                die "RabbitMQ's management API does not answer on 127.0.0.1:$RABBITMQ_MANAGEMENT_PORT" "$(rabbitmq_log_hint)"
        fi
        # Only `up` asks (it costs a CLI round trip, and tests do not hold messages for hours).
        if [[ "${1:-}" == --check-settings ]]; then rabbitmq_check_settings; fi
    else
        rabbitmq_start
    fi
    rabbitmq_ensure_vhost "$RABBITMQ_VHOST"
}

rabbitmq_ensure_vhost() {
    local vhost=$1 auth="$RABBITMQ_USER:$RABBITMQ_PASSWORD" code
    code="$(http_status "$(rabbitmq_api_url "vhosts/$vhost")" -u "$auth" -X PUT)"
    [[ "$code" == 201 || "$code" == 204 ]] || die "RabbitMQ: could not create vhost $vhost (HTTP $code)"
    code="$(http_status "$(rabbitmq_api_url "permissions/$vhost/$RABBITMQ_USER")" -u "$auth" -X PUT \
        -H 'content-type: application/json' -d '{"configure":".*","write":".*","read":".*"}')"
    [[ "$code" == 201 || "$code" == 204 ]] || die "RabbitMQ: could not grant $RABBITMQ_USER access to vhost $vhost (HTTP $code)"
}

# Names of the vhosts that start with $1.
rabbitmq_vhosts_with_prefix() {
    curl -s --max-time 10 -u "$RABBITMQ_USER:$RABBITMQ_PASSWORD" "$(rabbitmq_api_url 'vhosts?columns=name')" |
        grep -o '"name":"[^"]*"' | sed 's/^"name":"\(.*\)"$/\1/' | grep "^$1" || true
}

rabbitmq_delete_vhost() {
    local code
    code="$(http_status "$(rabbitmq_api_url "vhosts/$1")" -u "$RABBITMQ_USER:$RABBITMQ_PASSWORD" -X DELETE)"
    [[ "$code" == 204 || "$code" == 404 ]]
}

# Deletes the platform's vhost with every queue and message in it.
rabbitmq_purge_platform_vhost() {
    if [[ "$CT_DRY_RUN" == 1 ]]; then
        act curl -X DELETE "$(rabbitmq_api_url "vhosts/$RABBITMQ_VHOST")"
        return 0
    fi
    rabbitmq_delete_vhost "$RABBITMQ_VHOST" || die "RabbitMQ: could not delete vhost $RABBITMQ_VHOST"
}

rabbitmq_down() {
    if ! port_open "$RABBITMQ_PORT"; then
        say "RabbitMQ: not running on 127.0.0.1:$RABBITMQ_PORT"
        return 0
    fi
    say "RabbitMQ: stopping node $RABBITMQ_NODE"
    act rabbitmq_ctl shutdown >/dev/null || die "RabbitMQ: rabbitmqctl shutdown failed for node $RABBITMQ_NODE" "$(rabbitmq_log_hint)"
}

rabbitmq_status() {
    if port_open "$RABBITMQ_PORT"; then
        local management="management down"
        rabbitmq_management_ready && management="management http://127.0.0.1:$RABBITMQ_MANAGEMENT_PORT"
        printf '  %-12s %s   amqp://127.0.0.1:%s/%s, %s\n' rabbitmq "$(up_word)" "$RABBITMQ_PORT" "$RABBITMQ_VHOST" "$management"
    else
        printf '  %-12s %s\n' rabbitmq "$(down_word)"
        return 1
    fi
}
