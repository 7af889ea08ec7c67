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
# The JIT's perf map for the host that stream-bench.mjs starts (it inherits the environment).
export DOTNET_PerfMapEnabled=${PERFMAP:-1} DOTNET_EnableWriteXorExecute=0
source "$here/start-bench.sh"
start_bench "$@"
perf record -F 999 -g -p "$pid" -o "$out/$name.data" -- sleep "${DUR:-8}" 2>/dev/null
wait "$bench"
python3 "$here/classify.py" "$out/$name.data"
