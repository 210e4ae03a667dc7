# shellcheck shell=bash
# Redis on 127.0.0.1:$REDIS_PORT for rate-limit buckets and caches. Nothing in it must outlive a restart,
# so it runs without persistence (no RDB snapshots, no AOF): a dev machine's Redis starts empty.

redis_ready() {
    [[ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]
}

redis_up() {
    if redis_ready; then
        say "Redis: already running on 127.0.0.1:$REDIS_PORT"
        return 0
    fi
    require_root "Starting Redis"
    port_open "$REDIS_PORT" && die "Something that is not Redis holds 127.0.0.1:$REDIS_PORT."
    say "Redis: starting on 127.0.0.1:$REDIS_PORT"
    mkdir -p "$REDIS_DIR"
    chown redis:redis "$REDIS_DIR"
    from_root_dir runuser -u redis -- redis-server \
        --bind 127.0.0.1 --port "$REDIS_PORT" --protected-mode yes \
        --daemonize yes --pidfile "$REDIS_DIR/redis-$REDIS_PORT.pid" \
        --logfile "$REDIS_DIR/redis-$REDIS_PORT.log" --dir "$REDIS_DIR" \
        --save '' --appendonly no ||
        die "Redis did not start; see $REDIS_DIR/redis-$REDIS_PORT.log"
    wait_until 30 redis_ready || die "Redis does not answer on 127.0.0.1:$REDIS_PORT; see $REDIS_DIR/redis-$REDIS_PORT.log"
}

# Deletes the keys that start with $1 (a test run's prefix).
redis_delete_prefix() {
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" --scan --pattern "$1*" 2>/dev/null |
        xargs -r -n 500 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" unlink >/dev/null 2>&1 || true
}

redis_down() {
    if ! redis_ready; then
        say "Redis: not running on 127.0.0.1:$REDIS_PORT"
        return 0
    fi
    say "Redis: stopping 127.0.0.1:$REDIS_PORT"
    act redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null || true
    [[ "$CT_DRY_RUN" == 1 ]] || wait_until 20 bash -c "! (exec 3<>/dev/tcp/127.0.0.1/$REDIS_PORT) 2>/dev/null" ||
        die "Redis on 127.0.0.1:$REDIS_PORT did not stop"
}

redis_status() {
    if redis_ready; then
        printf '  %-12s %s   127.0.0.1:%s\n' redis "$(up_word)" "$REDIS_PORT"
    else
        printf '  %-12s %s\n' redis "$(down_word)"
        return 1
    fi
}
