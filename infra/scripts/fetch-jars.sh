#!/usr/bin/env bash
# Fetches the Kafka broker and S3 server jars from Maven Central (once; later runs reuse infra/*/lib and ~/.m2).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib.sh"
fetch_jars "$here/../kafka" kafka
fetch_jars "$here/../s3" s3
log "jars: kafka $(ls "$here/../kafka/lib" | wc -l) files, s3 $(ls "$here/../s3/lib")"
