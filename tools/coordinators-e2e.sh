#!/usr/bin/env bash
# Several coordinators end to end, with real processes (issue 11): nginx (Debian's package, installed into the ignored
# .tools/nginx by tools/install-bench-deps.sh) round-robin in front of three coordinators and three nodes, each a
# `java -jar app/target/mcphub.jar`, and 2025 clients under load (raw Streamable HTTP, the MCP Java SDK client, the
# TypeScript SDK v1 client). kill -9 of one coordinator: every session continues, every later request succeeds, the
# only failures are requests in flight on it; it restarts and takes traffic again; a rolling clean restart of all
# three fails no request. Prints the figures and writes them to test-cluster/target/coordinators-e2e.txt.
#
#   bash tools/coordinators-e2e.sh          about 2 minutes (a separate command, like tools/bench.sh: not in mvn verify)
#
# The test is test-cluster's CoordinatorsE2E (its name matches none of surefire's patterns, so `mvn verify` skips it).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
bash tools/install-bench-deps.sh
if [ -z "${E2E_SKIP_BUILD:-}" ]; then
  mvn -B -q -DskipTests package -pl app/launcher -am
fi
mvn -B -q test -pl test-cluster -am -Dtest=CoordinatorsE2E -Dsurefire.failIfNoSpecifiedTests=false \
  -Dmcphub.jar="$ROOT/app/target/mcphub.jar" -Dnginx.home="$ROOT/.tools/nginx"
cat test-cluster/target/coordinators-e2e.txt
