# Shared helpers for the infra start/stop scripts (sourced, not run).
log() { printf '%s %s\n' "[infra]" "$*" >&2; }
die() { printf '%s ERROR %s\n' "[infra]" "$*" >&2; exit 1; }

# port_open PORT: true when something accepts TCP connections on 127.0.0.1:PORT.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# fetch_jars DIR NAME: runs Maven in DIR once, when DIR/lib is missing or older than DIR/pom.xml.
fetch_jars() {
  local dir="$1" name="$2"
  if [ -d "$dir/lib" ] && [ -n "$(ls -A "$dir/lib" 2>/dev/null)" ] && [ "$dir/lib" -nt "$dir/pom.xml" ]; then return 0; fi
  command -v mvn >/dev/null || die "$name: Maven (mvn) is needed to fetch the jars from Maven Central"
  command -v java >/dev/null || die "$name: Java 17 is needed"
  log "$name: fetching jars from Maven Central (first run only)"
  rm -rf "$dir/lib"
  (cd "$dir" && mvn -B -q package) || die "$name: Maven could not fetch the jars"
  touch "$dir/lib"
}

# stop_pidfile NAME PIDFILE SECONDS: TERM, wait, then KILL if still running.
stop_pidfile() {
  local name="$1" pidfile="$2" wait_s="$3"
  if [ ! -f "$pidfile" ]; then log "$name: not started by these scripts (no $pidfile)"; return 0; fi
  local pid; pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 $((wait_s * 10))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then log "$name: did not stop in ${wait_s}s, killing"; kill -KILL "$pid" 2>/dev/null || true; fi
    log "$name: stopped (pid $pid)"
  fi
  rm -f "$pidfile"
}
