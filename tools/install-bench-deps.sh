#!/usr/bin/env bash
# Installs what the benchmarks need, without root, into the git-ignored .tools/:
#  - Node 22 and supergateway@4.0.0 (through tools/install-test-deps.sh, pinned by tools/package-lock.json);
#  - nginx from Debian's packages: `apt-get download` + `dpkg -x` into .tools/nginx/ (no system install).
# Idempotent: a no-op when .tools/nginx/usr/sbin/nginx runs.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TOOLS="$ROOT/.tools"
bash "$ROOT/tools/install-test-deps.sh"

NGX="$TOOLS/nginx"
nginx_ok() { [ -x "$NGX/usr/sbin/nginx" ] && LD_LIBRARY_PATH="$NGX/lib:$NGX/usr/lib/x86_64-linux-gnu:$NGX/lib/x86_64-linux-gnu" "$NGX/usr/sbin/nginx" -v >/dev/null 2>&1; }
if nginx_ok; then
  echo "install-bench-deps: nginx present in $NGX"
  exit 0
fi
command -v apt-get >/dev/null || { echo "install-bench-deps: apt-get not found; install nginx into $NGX/usr/sbin/nginx by hand" >&2; exit 1; }
mkdir -p "$NGX/debs"
cd "$NGX/debs"
# nginx (the binary) and nginx-common (mime.types); libraries only if this machine lacks them
apt-get download nginx nginx-common >/dev/null
for deb in ./*.deb; do dpkg -x "$deb" "$NGX"; done
missing=$(ldd "$NGX/usr/sbin/nginx" | awk '/not found/{print $1}' || true)
for lib in $missing; do
  pkg=$(case "$lib" in libpcre2-8*) echo libpcre2-8-0;; libssl*|libcrypto*) echo libssl3;; libcrypt.so*) echo libcrypt1;; libz.so*) echo zlib1g;; *) echo "";; esac)
  [ -n "$pkg" ] && apt-get download "$pkg" >/dev/null && dpkg -x "$(ls ./${pkg}_*.deb | head -1)" "$NGX"
done
nginx_ok || { echo "install-bench-deps: nginx does not run from $NGX" >&2; exit 1; }
echo "install-bench-deps: nginx $("$NGX/usr/sbin/nginx" -v 2>&1 | sed 's/.*nginx\///') in $NGX"
