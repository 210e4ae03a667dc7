# shellcheck shell=bash
# ./codetether test: the real components (not the services), one build, `dotnet test` over the whole
# solution with an isolated run id, clean-up of what this run left behind, and a closing summary line.

new_test_run_id() {
    tr -d '-' </proc/sys/kernel/random/uuid | cut -c1-8
}

# Sums the Counters of every TRX file in $1 and prints "N passed, N failed[, N skipped]".
trx_summary() {
    local dir=$1 passed failed
    local -a files=()
    [[ -d "$dir" ]] && mapfile -t files < <(find "$dir" -name '*.trx' -type f)
    if ((${#files[@]} == 0)); then
        echo "0 passed, 0 failed"
        return 0
    fi
    # Passed and failed from each file's <Counters/> (failed counts errors, time-outs and aborts too);
    # skipped from the results themselves, since xunit's skips are not in the counters.
    local counters skipped
    counters="$({ grep -ho '<Counters [^>]*>' "${files[@]}" || true; } | awk '
        function attr(name,   m) {
            if (match($0, name "=\"[0-9]+\"")) { m = substr($0, RSTART, RLENGTH); gsub(/[^0-9]/, "", m); return m + 0 }
            return 0
        }
        { passed += attr("passed"); failed += attr("failed") + attr("error") + attr("timeout") + attr("aborted") }
        END { print passed + 0, failed + 0 }')"
    skipped="$({ grep -ho '<UnitTestResult [^>]*outcome="NotExecuted"' "${files[@]}" || true; } | wc -l)"
    read -r passed failed <<<"$counters"
    if ((skipped > 0)); then
        echo "$passed passed, $failed failed, $skipped skipped"
    else
        echo "$passed passed, $failed failed"
    fi
}

# Drops the databases, vhosts and Redis keys whose names start with ct_test_<run id>_ (this run's only).
test_cleanup() {
    local prefix="ct_test_${1,,}_" db vhost count=0
    while IFS= read -r db; do
        [[ -n "$db" ]] || continue
        if pg_sql "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1; then
            count=$((count + 1))
        else
            warn "could not drop test database $db"
        fi
    done < <(pg_sql "SELECT datname FROM pg_database WHERE starts_with(datname, '$prefix')" 2>/dev/null || true)
    while IFS= read -r vhost; do
        [[ -n "$vhost" ]] || continue
        if rabbitmq_delete_vhost "$vhost"; then
            count=$((count + 1))
        else
            warn "could not delete test vhost $vhost"
        fi
    done < <(rabbitmq_vhosts_with_prefix "$prefix")
    redis_delete_prefix "$prefix"
    ((count == 0)) || note "removed $count leftover database(s)/vhost(s) of test run $1"
}

# Keeps the TRX files of the last few runs only.
test_prune_results() {
    local root=$1 old
    [[ -d "$root" ]] || return 0
    while IFS= read -r old; do
        rm -rf "${root:?}/$old"
    done < <(find "$root" -mindepth 1 -maxdepth 1 -type d -printf '%T@ %f\n' | sort -rn | tail -n +6 | cut -d' ' -f2-)
}

cmd_test() {
    require_dotnet
    ensure_packages
    postgres_up
    rabbitmq_up
    redis_up
    # The n8n tests' runtime (integrations/n8n) takes minutes to install on a new machine: begin now, beside the build.
    # In a session of its own, so that a run that did not need it can stop it (npm included) at the end.
    mkdir -p "$CT_LOG_DIR"
    setsid "$CT_ROOT/integrations/n8n/scripts/prepare.sh" >"$CT_LOG_DIR/n8n-prepare.log" 2>&1 &
    local n8n_prepare=$!
    # The Zapier app's npm ci (integrations/zapier), likewise.
    setsid "$CT_ROOT/integrations/zapier/scripts/prepare.sh" >"$CT_LOG_DIR/zapier-prepare.log" 2>&1 &
    local zapier_prepare=$!
    build_solution

    export CODETETHER_TEST_RUN="${CODETETHER_TEST_RUN:-$(new_test_run_id)}"
    export CODETETHER_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=$PG_USER;Password=$PG_PASSWORD;Database=postgres"
    export CODETETHER_TEST_RABBITMQ="amqp://$RABBITMQ_USER:$RABBITMQ_PASSWORD@127.0.0.1:$RABBITMQ_PORT/"
    export CODETETHER_TEST_RABBITMQ_MANAGEMENT="http://$RABBITMQ_USER:$RABBITMQ_PASSWORD@127.0.0.1:$RABBITMQ_MANAGEMENT_PORT/"
    export CODETETHER_TEST_REDIS="127.0.0.1:$REDIS_PORT"

    local results_root="$CT_LOCAL_DIR/test-results" results rc=0
    results="$results_root/$CODETETHER_TEST_RUN"
    mkdir -p "$results"
    test_prune_results "$results_root"

    say "Running the tests (run $CODETETHER_TEST_RUN; results in ${results#"$CT_ROOT/"})"
    (cd "$CT_ROOT" && dotnet test CodeTether.sln -c "$CT_CONFIGURATION" --no-build --nologo \
        --logger trx --results-directory "$results" "$@") || rc=$?
    kill -- "-$n8n_prepare" "-$zapier_prepare" 2>/dev/null || true

    # Neither the clean-up nor the summary may change the exit code: it is dotnet test's.
    test_cleanup "$CODETETHER_TEST_RUN" || warn "the clean-up of test run $CODETETHER_TEST_RUN did not finish"
    echo
    trx_summary "$results" || warn "could not sum up the TRX files in $results"
    return "$rc"
}
