#!/usr/bin/env bash
# Stops the local S3 server started by start.sh (by its pid file); waits for it to exit.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../scripts/lib.sh"
stop_pidfile "s3" "${S3_DATA_DIR:-$here/.data}/s3.pid" 30
