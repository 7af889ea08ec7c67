#!/bin/bash
# Samples the self-host's CPU with perf while stream-bench.mjs drives it, then attributes the samples by component.
#   bench/profile/profile-host.sh <name> <stream-bench arguments...>
# Env: WAIT (s after the first measured round starts, default 4), DUR (s sampled, default 8), SELFHOST_DLL (the build),
# PERFMAP=0 to sample without the JIT's perf map (managed frames then show as addresses).
# Needs perf (Debian: linux-perf) and permission to sample (root, or kernel.perf_event_paranoid <= 1).
set -euo pipefail
name=$1; shift
here=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-/tmp/profile-host}; mkdir -p "$out"
cd "$here/../js"
DOTNET_PerfMapEnabled=${PERFMAP:-1} DOTNET_EnableWriteXorExecute=0 node stream-bench.mjs --model-port 5391 --host-port 5392 \
  --work "$out/$name" "$@" --out "$out/$name.json" > "$out/$name.md" 2> "$out/$name.err" &
bench=$!
pid=""
for _ in $(seq 1 240); do
  pid=$(pgrep -f "SelfHost.dll --urls http://127.0.0.1:5392" | head -1 || true)
  [ -n "$pid" ] && break; sleep 0.5
done
# Waits for the first measured round (stream-bench.mjs prints "measuring" as it starts one): counting connections
# instead once sampled a warm-up pass, whose JIT work then looked like a third of a warm host's CPU.
for _ in $(seq 1 3000); do
  grep -q "^measuring" "$out/$name.err" 2>/dev/null && break; sleep 0.2
done
sleep "${WAIT:-4}"
perf record -F 999 -g -p "$pid" -o "$out/$name.data" -- sleep "${DUR:-8}" 2>/dev/null
wait "$bench"
python3 "$here/classify.py" "$out/$name.data"
