# shellcheck shell=bash
# Installs what the local stack needs from Debian's packages, once: PostgreSQL 15, RabbitMQ, Redis, curl.

_ct_apt_updated=0

apt_update_once() {
    ((_ct_apt_updated)) && return 0
    say "Updating the package lists (apt-get update)"
    apt-get update -q -o DPkg::Lock::Timeout=300 >/dev/null
    _ct_apt_updated=1
}

# The bin folder of the PostgreSQL server: version 15 if present, else the newest installed.
pg_bin_dir() {
    local dir version best="" best_version=0
    if [[ -x "/usr/lib/postgresql/$PG_VERSION_WANTED/bin/initdb" ]]; then
        echo "/usr/lib/postgresql/$PG_VERSION_WANTED/bin"
        return 0
    fi
    for dir in /usr/lib/postgresql/*/bin; do
        [[ -x "$dir/initdb" ]] || continue
        version="${dir#/usr/lib/postgresql/}"
        version="${version%/bin}"
        [[ "$version" =~ ^[0-9]+$ ]] || continue
        if ((version > best_version)); then
            best="$dir"
            best_version=$version
        fi
    done
    [[ -n "$best" ]] && echo "$best"
}

missing_packages() {
    local missing=()
    [[ -x /usr/sbin/rabbitmq-server ]] || missing+=(rabbitmq-server)
    [[ -x /usr/bin/redis-server ]] || missing+=(redis-server)
    [[ -x /usr/bin/redis-cli ]] || missing+=(redis-tools)
    pg_bin_dir >/dev/null || missing+=(postgresql)
    [[ -x /usr/bin/psql ]] || missing+=(postgresql-client)
    command -v curl >/dev/null || missing+=(curl)
    command -v runuser >/dev/null || missing+=(util-linux)
    echo "${missing[*]}"
}

ensure_packages() {
    local missing
    missing="$(missing_packages)"
    [[ -z "$missing" ]] && return 0
    require_root "Installing $missing"
    apt_update_once
    say "Installing from Debian's packages: $missing"
    # Package scripts would start each server through init scripts with the distribution's settings;
    # we start them ourselves (no systemd here), so forbid that while installing, unless a policy exists.
    local policy=/usr/sbin/policy-rc.d own_policy=0
    if [[ ! -e "$policy" ]]; then
        printf '#!/bin/sh\n# Written by CodeTether infra/local while installing packages; removed afterwards.\nexit 101\n' >"$policy"
        chmod 755 "$policy"
        own_policy=1
    fi
    local rc=0
    # shellcheck disable=SC2086 # the list is meant to split into package names
    apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 $missing || rc=$?
    ((own_policy)) && rm -f "$policy"
    ((rc == 0)) || die "apt-get install failed (exit $rc) for: $missing"
    missing="$(missing_packages)"
    [[ -z "$missing" ]] || die "still missing after installing: $missing"
}

require_dotnet() {
    command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is not on PATH." \
        "CodeTether needs the .NET 10 SDK; install it and run this again."
}
