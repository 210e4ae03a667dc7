# shellcheck shell=bash
# shellcheck disable=SC2034 # the settings here are read by the other infra/local/*.sh files
# Shared settings and helpers for ./codetether and infra/local/*.sh.
#
# Every setting below can be overridden from the environment. The defaults are what the services'
# appsettings.json and tests/CodeTether.Testing expect; the overrides exist so that a second, throw-away
# stack can run beside the usual one (other ports, other data folders), e.g. to try `down --all` safely.

: "${CT_ROOT:?CT_ROOT must be set to the repository root before sourcing lib.sh}"

# Per-checkout state: identity key, quickstart key, pid files, service logs, test results.
CT_LOCAL_DIR="$CT_ROOT/.codetether"
CT_RUN_DIR="$CT_LOCAL_DIR/run"
CT_LOG_DIR="$CT_LOCAL_DIR/logs"

# Machine-wide data of the components (one PostgreSQL cluster, Redis' working folder, RabbitMQ's config copy).
CT_STATE_DIR="${CODETETHER_STATE_DIR:-/var/lib/codetether}"

PG_VERSION_WANTED=15
PG_PORT="${CODETETHER_PG_PORT:-55432}"
PG_DATA="${CODETETHER_PG_DATA:-$CT_STATE_DIR/postgres/data}"
PG_LOG="$(dirname "$PG_DATA")/log"
PG_SOCKET_DIR=/tmp
PG_USER=codetether
PG_PASSWORD=codetether

RABBITMQ_NODE="${CODETETHER_RABBITMQ_NODENAME:-rabbit}"
RABBITMQ_PORT="${CODETETHER_RABBITMQ_PORT:-5672}"
RABBITMQ_MANAGEMENT_PORT="${CODETETHER_RABBITMQ_MANAGEMENT_PORT:-15672}"
RABBITMQ_STREAM_PORT="${CODETETHER_RABBITMQ_STREAM_PORT:-5552}"
RABBITMQ_USER=guest
RABBITMQ_PASSWORD=guest
RABBITMQ_VHOST=codetether

REDIS_PORT="${CODETETHER_REDIS_PORT:-6379}"
REDIS_DIR="$CT_STATE_DIR/redis"

# The six services and their ports. CODETETHER_PORT_OFFSET moves all of them at once.
CT_SERVICES=(gateway tasks workers webhooks scheduler billing)
CT_PORT_OFFSET="${CODETETHER_PORT_OFFSET:-0}"
declare -A CT_SERVICE_PORT=(
    [gateway]=$((8080 + CT_PORT_OFFSET))
    [tasks]=$((5101 + CT_PORT_OFFSET))
    [workers]=$((5102 + CT_PORT_OFFSET))
    [webhooks]=$((5103 + CT_PORT_OFFSET))
    [scheduler]=$((5104 + CT_PORT_OFFSET))
    [billing]=$((5105 + CT_PORT_OFFSET))
)
CT_CONFIGURATION=Release
CT_READY_TIMEOUT="${CODETETHER_READY_TIMEOUT:-120}"
CT_STOP_TIMEOUT="${CODETETHER_STOP_TIMEOUT:-20}"

# --dry-run: print what stopping/removing would do instead of doing it.
CT_DRY_RUN="${CODETETHER_DRY_RUN:-0}"

# dotnet needs a HOME (NuGet's package folder); a bare CI environment may not set one.
HOME="${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}"
export HOME
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DEBIAN_FRONTEND=noninteractive

if [[ -t 1 ]]; then
    _ct_bold=$'\e[1m' _ct_red=$'\e[31m' _ct_green=$'\e[32m' _ct_yellow=$'\e[33m' _ct_reset=$'\e[0m'
else
    _ct_bold='' _ct_red='' _ct_green='' _ct_yellow='' _ct_reset=''
fi

say() { printf '%s==>%s %s\n' "$_ct_bold" "$_ct_reset" "$*"; }
note() { printf '    %s\n' "$*"; }
warn() { printf '%swarning:%s %s\n' "$_ct_yellow" "$_ct_reset" "$*" >&2; }
die() {
    printf '%serror:%s %s\n' "$_ct_red" "$_ct_reset" "$1" >&2
    shift
    local arg line
    for arg in "$@"; do
        while IFS= read -r line; do printf '       %s\n' "$line" >&2; done <<<"$arg"
    done
    exit 1
}
up_word() { printf '%sup%s' "$_ct_green" "$_ct_reset"; }
down_word() { printf '%sdown%s' "$_ct_red" "$_ct_reset"; }

# Runs a command, or only prints it under --dry-run. Used for everything that stops or deletes.
# The message goes to stderr, so that callers may discard the command's stdout.
act() {
    if [[ "$CT_DRY_RUN" == 1 ]]; then
        printf '    [dry-run] %s\n' "$*" >&2
    else
        "$@"
    fi
}

is_root() { [[ "$(id -u)" -eq 0 ]]; }

require_root() {
    is_root || die "$1 needs root (it installs Debian packages or starts servers as their own users)." \
        "Run it as root, or start PostgreSQL, RabbitMQ and Redis yourself as docs/running-locally.md describes."
}

# True when something accepts TCP connections on 127.0.0.1:$1.
port_open() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# HTTP status code of a GET (000 when nothing answers). Extra arguments go to curl.
http_status() {
    local url=$1
    shift
    curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$@" "$url" 2>/dev/null || true
}

# Waits until "$@" succeeds, up to $1 seconds. Returns 1 on timeout.
wait_until() {
    local timeout=$1 waited=0
    shift
    until "$@"; do
        ((waited >= timeout)) && return 1
        sleep 1
        waited=$((waited + 1))
    done
}

# The value of a string field in a one-line JSON object: json_field NAME <<<"$json".
json_field() {
    grep -o "\"$1\"[[:space:]]*:[[:space:]]*\"[^\"]*\"" | tail -n 1 | sed 's/.*:[[:space:]]*"\(.*\)"$/\1/'
}

# Runs "$@" from / (servers started as another user must not inherit a folder they cannot read).
from_root_dir() { (cd / && "$@"); }
