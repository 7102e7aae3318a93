#!/usr/bin/env bash
# Starts the local S3-compatible server (Adobe S3Mock 4.x, a jar from Maven Central).
# Reuses a server already listening on the port. Waits until it answers; fails loudly if it does not.
# Env: S3_PORT (9090, HTTP), S3_HTTPS_PORT (9191), S3_DATA_DIR (infra/s3/.data), S3_HEAP (384m), S3_START_TIMEOUT (90 s).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../scripts/lib.sh"

port="${S3_PORT:-9090}"
https_port="${S3_HTTPS_PORT:-9191}"
data="${S3_DATA_DIR:-$here/.data}"
timeout="${S3_START_TIMEOUT:-90}"

if port_open "$port"; then
  log "s3: reusing the server already listening on 127.0.0.1:$port"
  exit 0
fi

fetch_jars "$here" "s3"
mkdir -p "$data/store"
log "s3: starting S3Mock on http://127.0.0.1:$port (data $data)"
nohup java -Xms128m "-Xmx${S3_HEAP:-384m}" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true \
  -jar "$here/lib/s3mock-exec.jar" \
  --com.adobe.testing.s3mock.httpPort="$port" --server.port="$https_port" --server.address=127.0.0.1 \
  --com.adobe.testing.s3mock.store.root="$data/store" \
  --com.adobe.testing.s3mock.store.retainFilesOnExit=true \
  --spring.main.banner-mode=off --logging.level.root=WARN \
  > "$data/stdout.log" 2>&1 &
echo $! > "$data/s3.pid"
started=$(date +%s)
until curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null; do
  if ! kill -0 "$(cat "$data/s3.pid")" 2>/dev/null; then
    tail -n 40 "$data/stdout.log" >&2 || true
    die "s3: the server process exited during start-up"
  fi
  if [ $(( $(date +%s) - started )) -ge "$timeout" ]; then
    tail -n 40 "$data/stdout.log" >&2 || true
    die "s3: not ready after ${timeout}s"
  fi
  sleep 0.3
done
log "s3: ready on http://127.0.0.1:$port after $(( $(date +%s) - started ))s (pid $(cat "$data/s3.pid"))"
