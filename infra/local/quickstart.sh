# shellcheck shell=bash
# shellcheck disable=SC2034,SC2154 # QUICKSTART_KEY is read by ./codetether; _ct_* come from lib.sh
# The quickstart tenant and API key that `./codetether up` prints. Made with the gateway's operator
# commands, kept in .codetether/quickstart.{tenant,key} (mode 600), checked again on every `up`.

QUICKSTART_NAME=quickstart

QUICKSTART_ADMIN_TIMEOUT="${CODETETHER_ADMIN_TIMEOUT:-60}"

# Runs one of the gateway's operator commands (`admin ...`) with the gateway's own environment and
# prints its stdout. On failure (or after $QUICKSTART_ADMIN_TIMEOUT s) it keeps what the command said
# in .codetether/logs/gateway-admin.log and returns non-zero.
gateway_admin() {
    local out err rc=0
    service_env gateway
    err="$(mktemp)"
    out="$(cd "$(service_bin_dir gateway)" && timeout -k 5 "$QUICKSTART_ADMIN_TIMEOUT" \
        env "${SERVICE_ENV[@]}" dotnet "$(service_name gateway).dll" admin "$@" 2>"$err" </dev/null)" || rc=$?
    {
        printf '$ dotnet %s.dll admin %s\n' "$(service_name gateway)" "$*"
        printf '%s\n' "$out"
        tail -n 20 "$err"
        ((rc == 124)) && printf '(no answer within %s s: stopped)\n' "$QUICKSTART_ADMIN_TIMEOUT"
        printf '(exit code %s)\n' "$rc"
    } >"$CT_LOG_DIR/gateway-admin.log"
    rm -f "$err"
    ((rc == 0)) || return "$rc"
    printf '%s\n' "$out"
}

# Stops `up` with what the failed operator command said.
gateway_admin_failed() {
    die "the gateway's operator command failed: dotnet $(service_name gateway).dll admin $1" \
        "(it must print one JSON line; see docs/running-locally.md)" "--- its output ---" \
        "$(cat "$CT_LOG_DIR/gateway-admin.log" 2>/dev/null)"
}

quickstart_key_works() {
    [[ -n "$1" ]] || return 1
    [[ "$(http_status "$(service_url gateway)/v1/automation/me" -H "Authorization: Bearer $1")" == 200 ]]
}

quickstart_ensure() {
    local key_file="$CT_LOCAL_DIR/quickstart.key" tenant_file="$CT_LOCAL_DIR/quickstart.tenant"
    local key="" tenant="" out
    [[ -s "$key_file" ]] && key="$(cat "$key_file")"
    if quickstart_key_works "$key"; then
        say "Quickstart API key: still valid ($key_file)"
        QUICKSTART_KEY="$key"
        return 0
    fi
    [[ -n "$key" ]] && note "the saved quickstart key no longer works: making a new one"
    [[ -s "$tenant_file" ]] && tenant="$(cat "$tenant_file")"

    # A key for the saved tenant if it still exists, else a new tenant and a key for it.
    out=""
    if [[ -n "$tenant" ]]; then
        out="$(gateway_admin key create --tenant "$tenant" --name "$QUICKSTART_NAME")" || out=""
    fi
    if [[ -z "$(json_field api_key <<<"$out")" ]]; then
        say "Quickstart: creating tenant '$QUICKSTART_NAME'"
        out="$(gateway_admin tenant create --name "$QUICKSTART_NAME")" || gateway_admin_failed "tenant create --name $QUICKSTART_NAME"
        tenant="$(json_field tenant_id <<<"$out")"
        [[ -n "$tenant" ]] || die "'admin tenant create' printed no tenant_id:" "$out"
        say "Quickstart: creating an API key for tenant $tenant"
        out="$(gateway_admin key create --tenant "$tenant" --name "$QUICKSTART_NAME")" ||
            gateway_admin_failed "key create --tenant $tenant --name $QUICKSTART_NAME"
    fi
    key="$(json_field api_key <<<"$out")"
    [[ "$key" == ct_* ]] || die "'admin key create' printed no api_key starting with ct_:" "$out"

    (umask 077 && printf '%s\n' "$tenant" >"$tenant_file" && printf '%s\n' "$key" >"$key_file")
    chmod 600 "$tenant_file" "$key_file"
    quickstart_key_works "$key" || die "the new quickstart key is refused: GET $(service_url gateway)/v1/automation/me answers" \
        "HTTP $(http_status "$(service_url gateway)/v1/automation/me" -H "Authorization: Bearer $key") instead of 200; see $(service_log gateway)"
    QUICKSTART_KEY="$key"
}

quickstart_print() {
    local key=$1 gateway
    gateway="$(service_url gateway)"
    cat <<EOF

${_ct_bold}CodeTether is up.${_ct_reset}
  Gateway:  $gateway
  API key:  $key
            (kept in .codetether/quickstart.key; logs in .codetether/logs/, or ./codetether logs)

Create a task:
  curl -sS -X POST $gateway/v1/automation/tasks \\
    -H "Authorization: Bearer $key" -H "Content-Type: application/json" \\
    -d '{"title": "Analyze customer feedback", "description": "Read the attached CSV of customer reviews and produce a sentiment analysis report with key themes and recommended actions.", "agent_type": "general", "model": "simulator"}'

Get it (the task_id is in the answer above):
  curl -sS $gateway/v1/automation/tasks/TASK_ID -H "Authorization: Bearer $key"
EOF
}
