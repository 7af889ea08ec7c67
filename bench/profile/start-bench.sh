# Sourced by the profile scripts: starts stream-bench.mjs against a self-host on port 5392 with the given arguments,
# writing $out/$name.{json,md,err}, then waits until the first measured round has run for WAIT seconds (default 4).
# Sets $bench (the bench's pid) and $pid (the self-host's). Counting connections instead once sampled a warm-up pass,
# whose JIT work then looked like a third of a warm host's CPU; stream-bench.mjs prints "measuring" as a round starts.
start_bench() {
  local here; here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  (cd "$here/../js" && node stream-bench.mjs --model-port 5391 --host-port 5392 --work "$out/$name" "$@" --out "$out/$name.json" \
    > "$out/$name.md" 2> "$out/$name.err") &
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
}
