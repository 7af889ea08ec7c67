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
source "$here/start-bench.sh"
start_bench "$@"
"${DOTNET_TRACE:-$HOME/.dotnet/tools/dotnet-trace}" collect -p "$pid" --profile gc-collect --duration "00:00:00:0${DUR:-8}" -o "$out/$name.nettrace" > /dev/null
wait "$bench"
tail -1 "$out/$name.md"
dotnet run -c Release --project "$here/gc-pauses" -- "$out/$name.nettrace"
