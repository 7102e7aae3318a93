#!/usr/bin/env bash
# Starts the local single-node Kafka 3.9 broker (KRaft) from jars fetched from Maven Central.
# Reuses a broker already listening on the port. Waits until it answers; fails loudly if it does not.
# Env: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), KAFKA_DATA_DIR (infra/kafka/.data), KAFKA_HEAP (512m),
#      KAFKA_START_TIMEOUT (90 s).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../scripts/lib.sh"

port="${KAFKA_PORT:-9092}"
cport="${KAFKA_CONTROLLER_PORT:-9093}"
data="${KAFKA_DATA_DIR:-$here/.data}"
timeout="${KAFKA_START_TIMEOUT:-90}"

if port_open "$port"; then
  log "kafka: reusing the broker already listening on 127.0.0.1:$port"
  exit 0
fi

fetch_jars "$here" "kafka"
mkdir -p "$data/logs"
props="$data/server.properties"
sed -e "s#@KAFKA_PORT@#$port#g" -e "s#@CONTROLLER_PORT@#$cport#g" -e "s#@DATA_DIR@#$data#g" \
  "$here/server.properties.template" > "$props"

java_cmd=(java -Xms256m "-Xmx${KAFKA_HEAP:-768m}" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true
  "-Dkafka.logs.dir=$data" "-Dlog4j.configuration=file:$here/log4j.properties" -cp "$here/lib/*")

if [ ! -f "$data/logs/meta.properties" ]; then
  log "kafka: formatting storage in $data (first start)"
  cluster_id="$("${java_cmd[@]}" kafka.tools.StorageTool random-uuid)"
  "${java_cmd[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$props" > "$data/format.log" 2>&1 \
    || { cat "$data/format.log" >&2; die "kafka: storage format failed"; }
fi

log "kafka: starting on 127.0.0.1:$port (data $data)"
nohup "${java_cmd[@]}" kafka.Kafka "$props" > "$data/stdout.log" 2>&1 &
echo $! > "$data/kafka.pid"
started=$(date +%s)
until port_open "$port" && grep -q "Kafka Server started\|\[KafkaRaftServer nodeId=1\] Kafka Server started" "$data/server.log" 2>/dev/null; do
  if ! kill -0 "$(cat "$data/kafka.pid")" 2>/dev/null; then
    tail -n 40 "$data/stdout.log" "$data/server.log" >&2 2>/dev/null || true
    die "kafka: the broker process exited during start-up"
  fi
  if [ $(( $(date +%s) - started )) -ge "$timeout" ]; then
    tail -n 40 "$data/server.log" >&2 2>/dev/null || true
    die "kafka: not ready after ${timeout}s"
  fi
  sleep 0.3
done
log "kafka: ready on 127.0.0.1:$port after $(( $(date +%s) - started ))s (pid $(cat "$data/kafka.pid"))"
