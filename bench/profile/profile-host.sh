#!/bin/bash
# Samples the self-host's CPU with perf while stream-bench.mjs drives it, then attributes the samples by component.
#   bench/profile/profile-host.sh <name> <stream-bench arguments...>
# Env: WAIT (s after the clients connect, default 4), DUR (s sampled, default 8), SELFHOST_DLL (the build).
# Needs perf (Debian: linux-perf) and permission to sample (root, or kernel.perf_event_paranoid <= 1).
set -euo pipefail
name=$1; shift
here=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-/tmp/profile-host}; mkdir -p "$out"
cd "$here/../js"
DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 node stream-bench.mjs --model-port 5391 --host-port 5392 \
  --work "$out/$name" "$@" --out "$out/$name.json" > "$out/$name.md" 2> "$out/$name.err" &
bench=$!
pid=""
for _ in $(seq 1 240); do
  pid=$(pgrep -f "SelfHost.dll --urls http://127.0.0.1:5392" | head -1 || true)
  [ -n "$pid" ] && break; sleep 0.5
done
for _ in $(seq 1 1200); do
  [ "$(ss -tn state established '( sport = :5392 )' | wc -l)" -gt "${MINCONN:-50}" ] && break; sleep 0.2
done
sleep "${WAIT:-4}"
perf record -F 999 -g -p "$pid" -o "$out/$name.data" -- sleep "${DUR:-8}" 2>/dev/null
wait "$bench"
python3 "$here/classify.py" "$out/$name.data"
