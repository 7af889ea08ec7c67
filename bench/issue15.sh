#!/bin/bash
# Issue 15's figures in one go, for one build: 100 streams started at once (coalescing off and on, three rounds after a
# long warm-up, the direct stream in the same rounds), the steady state of 100 streams, then 1,000 and 2,000 streams at
# 20 tokens/s started over 1 and 2 s.
#   bench/issue15.sh <label> <SelfHost.dll> <default coalescing ms> [--peer]
# Writes bench/results/issue15-<label>-*.json; prints each scenario's table. Needs: cd bench/js && npm ci.
set -euo pipefail
label=$1 dll=$2 coalesce=$3
cd "$(dirname "$0")/js"
run() { SELFHOST_DLL=$dll node stream-bench.mjs "$@"; }
run --streams 100 --ramp 0 --tokens 100 --transports signalr --coalesce "0,$coalesce" --rounds 3 --warm 40 --warm-passes 4 \
  --out "../results/issue15-$label-100-at-once.json"
# The steady state alone: 100 streams of 750 tokens, host CPU counted from 4 to 13 s, after every start and before any end.
run --streams 100 --ramp 0 --tokens 750 --window 4,13 --transports signalr --coalesce "$coalesce" --rounds 2 --warm 40 --warm-passes 4 \
  --out "../results/issue15-$label-steady.json"
if [ "${4:-}" = "--peer" ]; then
  run --streams 100 --ramp 0 --tokens 100 --transports peer --rounds 3 --warm 40 --warm-passes 4 --out "../results/issue15-$label-peer-100-at-once.json"
fi
run --streams 1000 --ramp 1 --transports signalr --coalesce "$coalesce" --rounds 2 --warm 100 --warm-passes 3 --timeout 300 \
  --out "../results/issue15-$label-1000.json"
run --streams 2000 --ramp 1 --transports signalr --coalesce "$coalesce" --rounds 1 --warm 100 --warm-passes 3 --timeout 300 \
  --out "../results/issue15-$label-2000.json"
