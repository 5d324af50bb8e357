#!/usr/bin/env bash
# The benchmark harness: bash tools/bench.sh [--quick] [--parts 1,2,3,4,5,6,7] [--out FILE] [-Dbench.x=y ...]
# (6: several coordinators, 7: the protocol eras)
# Installs what it needs (tools/install-bench-deps.sh), builds the hub, the fixture and the harness
# (-Pbench; never part of mvn verify), runs the parts, prints the table and writes docs/benchmarks.md.
# -D options go to the harness JVM, e.g. -Dbench.baseline=/tmp/old-mcphub.jar (another build side by side).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
bash tools/install-bench-deps.sh
if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  mvn -B -q -DskipTests -Pbench package -pl app/launcher,testkit,benchmarks -am
fi
JAVA="${JAVA17_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}/bin/java"
[ -x "$JAVA" ] || JAVA=java
JVM=()
ARGS=()
for a in "$@"; do
  case "$a" in
    -D*) JVM+=("$a") ;;
    *) ARGS+=("$a") ;;
  esac
done
exec "$JAVA" ${JVM[@]+"${JVM[@]}"} -Dbench.command="$(echo "bash tools/bench.sh $*" | sed "s/ *$//")" \
  -jar benchmarks/target/benchmarks.jar --root "$ROOT" ${ARGS[@]+"${ARGS[@]}"}
