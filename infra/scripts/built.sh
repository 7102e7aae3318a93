#!/usr/bin/env bash
# built.sh PACKAGE -- COMMAND [ARGS...]: builds PACKAGE and the packages it depends on (turbo; cached, so a no-op
# when nothing changed), silently unless the build fails (its errors on stderr, exit 2), then runs COMMAND. Lets a
# README command work on a fresh clone without printing build output into `$(npm run -s token ...)`.
set -euo pipefail
pkg="$1"; shift
[ "${1:-}" = "--" ] && shift
out=$(turbo run build --filter="$pkg" --output-logs=errors-only --log-prefix=none 2>&1) || { printf '%s\n' "$out" >&2; exit 2; }
exec "$@"
