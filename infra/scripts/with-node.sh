#!/usr/bin/env bash
# Runs a bash command line with the project's pinned Node.js first on PATH (infra/scripts/node-env.sh); any further
# arguments are passed on to the line's last command, as npm does for `npm run SCRIPT -- ARGS`:
#   bash infra/scripts/with-node.sh 'turbo run build && node cli.js' --flag value
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/node-env.sh"
line="$1"
shift
exec bash -c "$line \"\$@\"" with-node "$@"
