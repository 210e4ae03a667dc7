#!/usr/bin/env bash
# GET /health/ready on the container's own port with bash alone (the runtime image has no curl or wget).
set -euo pipefail
exec 3<>/dev/tcp/127.0.0.1/"${HEALTH_PORT:-8080}"
printf 'GET /health/ready HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
read -r -t 5 _ status _ <&3
[[ "$status" == 200 ]]
