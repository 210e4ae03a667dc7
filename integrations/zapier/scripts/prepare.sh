#!/usr/bin/env bash
# The Zapier app's dependencies (zapier-platform-core, and jest for its tests), installed with `npm ci` from
# package-lock.json, again only when the lock file changes: the lock file's hash is kept in node_modules. npm's own
# cache (~/.npm) makes a reinstall on the same machine work without the network (--prefer-offline).
# Safe to run twice at once: the second waits for the first, then finds nothing to do.
set -euo pipefail

package_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec 9>"$package_dir/.prepare.lock"
flock 9

lock_sum="$(sha256sum "$package_dir/package-lock.json" | cut -d' ' -f1)"
if [[ "$(cat "$package_dir/node_modules/.codetether-lock-sum" 2>/dev/null)" != "$lock_sum" ]]; then
    echo "Zapier app: installing its dependencies (npm ci)" >&2
    (cd "$package_dir" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error >&2)
    echo "$lock_sum" >"$package_dir/node_modules/.codetether-lock-sum"
fi
