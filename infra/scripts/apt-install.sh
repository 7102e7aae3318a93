#!/usr/bin/env bash
# Installs the Debian packages listed in a file (one per line, # comments), e.g. infra/ci/apt-packages.txt.
# Idempotent: does nothing when every package is already installed; else apt-get update, then
# apt-get install -y --no-install-recommends. Needs root (or sudo). Fails loudly at the first problem.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/lib.sh"

list="${1:-}"
[ -n "$list" ] || die "usage: apt-install.sh PACKAGE_LIST_FILE"
[ -f "$list" ] || die "apt-install: no package list at $list"

packages=()
while IFS= read -r line || [ -n "$line" ]; do
  line="${line%%#*}"
  for word in $line; do packages+=("$word"); done
done <"$list"
[ "${#packages[@]}" -gt 0 ] || { log "apt-install: $list lists no packages"; exit 0; }

missing=()
for pkg in "${packages[@]}"; do
  status="$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)"
  [ "$status" = "installed" ] || missing+=("$pkg")
done
if [ "${#missing[@]}" -eq 0 ]; then
  log "apt-install: already installed: ${packages[*]}"
  exit 0
fi

command -v apt-get >/dev/null || die "apt-install: apt-get not found; install by hand: ${missing[*]}"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || die "apt-install: not root and no sudo; as root run: apt-get install ${missing[*]}"
  sudo=(sudo)
fi
log "apt-install: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update || die "apt-install: apt-get update failed"
"${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}" || die "apt-install: apt-get install failed: ${missing[*]}"
for pkg in "${missing[@]}"; do
  status="$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)"
  [ "$status" = "installed" ] || die "apt-install: $pkg is still not installed"
done
log "apt-install: installed ${missing[*]}"
