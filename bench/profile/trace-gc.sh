#!/bin/bash
# Traces the self-host's garbage collections (dotnet-trace's gc-collect profile) while stream-bench.mjs drives it, then
# prints each collection: generation, reason, duration, pause, heap sizes and bytes promoted (gc-pauses/).
#   bench/profile/trace-gc.sh <name> <stream-bench arguments...>
# Env: WAIT (s after the first measured round starts, default 4), DUR (s traced, 1-9, default 8), SELFHOST_DLL (the build).
# Needs: dotnet tool install -g dotnet-trace.
set -euo pipefail
name=$1; shift
here=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-/tmp/trace-gc}; mkdir -p "$out"
cd "$here/../js"
node stream-bench.mjs --model-port 5391 --host-port 5392 --work "$out/$name" "$@" --out "$out/$name.json" > "$out/$name.md" 2> "$out/$name.err" &
bench=$!
pid=""
for _ in $(seq 1 240); do
  pid=$(pgrep -f "SelfHost.dll --urls http://127.0.0.1:5392" | head -1 || true)
  [ -n "$pid" ] && break; sleep 0.5
done
for _ in $(seq 1 3000); do
  grep -q "^measuring" "$out/$name.err" 2>/dev/null && break; sleep 0.2
done
sleep "${WAIT:-4}"
"${DOTNET_TRACE:-$HOME/.dotnet/tools/dotnet-trace}" collect -p "$pid" --profile gc-collect --duration "00:00:00:0${DUR:-8}" -o "$out/$name.nettrace" > /dev/null
wait "$bench"
tail -1 "$out/$name.md"
dotnet run -c Release --project "$here/gc-pauses" -- "$out/$name.nettrace"
