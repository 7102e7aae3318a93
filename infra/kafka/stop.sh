#!/usr/bin/env bash
# Stops the local Kafka broker started by start.sh (by its pid file); waits for it to exit.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../scripts/lib.sh"
stop_pidfile "kafka" "${KAFKA_DATA_DIR:-$here/.data}/kafka.pid" 60
