#!/usr/bin/env bash
# Canvas WebSocket benchmark (issue 17; docs/benchmarks/canvas.md). Runs one scenario against the
# node (the shaded jar on embedded H2, a fresh data folder) and then against the peer baseline (a
# minimal Node `ws` broadcast server without persistence, bench/canvas/baseline.mjs), with the
# same load generator (bench/canvas/load.mjs). The server under test runs on CPU 0, the load
# generator on CPU 1 (taskset), so that neither takes the other's core.
#
#   bench/canvas-load.sh [full | sweep | smoke | connections] [both | mesh | baseline]
#
#   full         1,000 canvases × 10 clients = 10,000 sockets, 2 ops/s per canvas, 10 s of
#                warm-up, then 60 s measured
#   sweep        the same sockets idle (0 ops/s: what holding them costs), then at 2, 4, 8, 16
#                ops/s per canvas, 5 s + 30 s each, stopping after a rate whose p99 passes 1 s:
#                each server's deliveries/s at equal p99
#   smoke        10 canvases × 10 clients, 2 s + 10 s: checks the harness in a minute
#   connections  the node only: 10,000 sockets on /ws/tasks/{id} of 1,000 tasks parked on an
#                approval, held 30 s without ops (connection handling and heap per connection)
#
# Environment, instead of the mode's: RATE (ops/s per canvas, or a list "2,4,8"), DURATION
# (seconds measured per rate), CANVASES, CLIENTS (per canvas). SKIP_BUILD=1 uses the jar as it
# is; JAVA_OPTS adds JVM options for the node.
#
# Output: full and sweep write docs/benchmarks/results/canvas-<mode>-<UTC date, time>.md (the
# machine, the commit, the commands, what else ran, the result tables and each run's raw output);
# the others print the same and keep it under $TMPDIR. Exits non-zero if a run lost, duplicated
# or reordered an event, or any client could not connect.
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-full}"
servers="${2:-both}"
case "$mode" in
  full) stream=canvas canvases=1000 clients=10 rate=2 duration=60 warmup=10 ramp=500 ;;
  sweep) stream=canvas canvases=1000 clients=10 rate=0,2,4,8,16 duration=30 warmup=5 ramp=500 ;;
  smoke) stream=canvas canvases=10 clients=10 rate=2 duration=10 warmup=2 ramp=200 ;;
  connections) stream=tasks canvases=1000 clients=10 rate=0 duration=30 warmup=0 ramp=500 servers=mesh ;;
  *) echo "usage: $0 [full | sweep | smoke | connections] [both | mesh | baseline]" >&2; exit 2 ;;
esac
case "$servers" in
  both | mesh | baseline) ;;
  *) echo "usage: $0 [full | sweep | smoke | connections] [both | mesh | baseline]" >&2; exit 2 ;;
esac
rate="${RATE:-$rate}"
duration="${DURATION:-$duration}"
canvases="${CANVASES:-$canvases}"
clients="${CLIENTS:-$clients}"
sockets=$((canvases * clients))
jar=mesh-node/target/maily-mesh.jar
work="$(mktemp -d -t canvas-bench.XXXXXX)"
stamp="$(date -u +%Y-%m-%d-%H%M)"
if [ "$mode" = full ] || [ "$mode" = sweep ]; then
  out="docs/benchmarks/results/canvas-${mode}-${stamp}.md"
else
  out="$work/canvas-${mode}-${stamp}.md"
fi

# Each process holds a file descriptor per socket; 20,000 is this machine's hard limit.
ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" -lt $((sockets + 1000)) ]; then
  echo "ulimit -n is $(ulimit -n); $sockets sockets need at least $((sockets + 1000))" >&2
  exit 2
fi

if [ "${SKIP_BUILD:-}" != 1 ] && [ "$servers" != baseline ]; then
  mvn -B -q -pl mesh-node -am -DskipTests package
fi
(cd bench/canvas && npm ci --no-audit --no-fund --silent)

free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

await_url() {
  for _ in $(seq 1 240); do
    curl -sf -o /dev/null "$1" && return 0
    sleep 0.5
  done
  echo "$1 did not answer within 120 s" >&2
  return 1
}

server_pid=""
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid"
    wait "$server_pid" || true
  fi
  server_pid=""
}
trap stop_server EXIT

# load <label> <http base> <heap probe> [extra load.mjs options]: runs the generator on CPU 1.
load() {
  local label="$1" http="$2" probe="$3"
  shift 3
  local command=(taskset -c 1 node bench/canvas/load.mjs --label "$label" --http "$http"
    --stream "$stream" --canvases "$canvases" --clients "$clients" --rate "$rate"
    --duration "$duration" --warmup "$warmup" --ramp "$ramp" --server-pid "$server_pid" --heap-probe "$probe"
    --json "$work/$label.json" "$@")
  {
    echo "### $label"
    echo
    echo "What else ran just before (top, by CPU):"
    echo
    echo '```'
    top -b -n 1 -o %CPU | sed -n '7,14p'
    echo '```'
    echo
    echo '```'
    echo "\$ $(printf '%q ' "${command[@]}")"
  } >>"$work/raw.md"
  local status=0
  "${command[@]}" 2>&1 | tee -a "$work/raw.md" || status=$?
  echo '```' >>"$work/raw.md"
  echo >>"$work/raw.md"
  return "$status"
}

status=0
results=()

if [ "$servers" != baseline ]; then
  data="$work/mesh-data"
  mkdir -p "$data"
  http_port="$(free_port)"
  management_port="$(free_port)"
  # Pekko HTTP accepts 1,024 connections by default and a listen backlog of 100: raised for the
  # sockets of the scenario and the ramp-up's bursts.
  MESH_DATA_DIR="$data" MESH_HTTP_PORT="$http_port" MESH_GRPC_PORT="$(free_port)" \
    MESH_MANAGEMENT_PORT="$management_port" MESH_REMOTE_PORT="$(free_port)" \
    taskset -c 0 java ${JAVA_OPTS:-} \
    -Dpekko.http.server.max-connections=$((sockets + 1000)) -Dpekko.http.server.backlog=1024 \
    -jar "$jar" >"$data/node.log" 2>&1 &
  server_pid=$!
  await_url "http://127.0.0.1:${management_port}/health/ready"
  jvm_flags="$(jcmd "$server_pid" VM.flags | tr ' ' '\n' | grep -E 'Use[A-Za-z]+GC$|MaxHeapSize|ActiveProcessorCount' | tr '\n' ' ')"
  MESH_TOKEN="$(taskset -c 1 java -jar "$jar" token --tenant dev --roles editor --data-dir "$data")"
  export MESH_TOKEN
  mkdir -p "$work/histograms"
  HISTOGRAM_DIR="$work/histograms" load mesh "http://127.0.0.1:${http_port}" "bench/canvas/heap-probe.sh jvm $server_pid" || status=$?
  stop_server
  [ -f "$work/mesh.json" ] && results+=("$work/mesh.json")
fi

if [ "$servers" != mesh ]; then
  port="$(free_port)"
  taskset -c 0 node --expose-gc bench/canvas/baseline.mjs --port "$port" >"$work/baseline.log" 2>&1 &
  server_pid=$!
  await_url "http://127.0.0.1:${port}/debug/heap"
  load ws-baseline "http://127.0.0.1:${port}" "bench/canvas/heap-probe.sh baseline http://127.0.0.1:${port}" \
    || status=$?
  stop_server
  [ -f "$work/ws-baseline.json" ] && results+=("$work/ws-baseline.json")
fi

{
  echo "# Canvas WebSocket load: ${mode}, ${canvases} × ${clients} clients, ${rate} ops/s per canvas"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "- commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!docs/benchmarks' || echo ' (with uncommitted changes)')"
  echo "- machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, $(uname -sr)"
  echo "- java: $(java -version 2>&1 | head -1); node: $(node --version); ws: $(node -p 'require("./bench/canvas/node_modules/ws/package.json").version')"
  echo "- node JVM flags (as pinned to CPU 0): ${jvm_flags:-–}"
  echo "- command: RATE=${rate} DURATION=${duration} CANVASES=${canvases} CLIENTS=${clients} bench/canvas-load.sh ${mode} ${servers}"
  echo "- server on CPU 0 (taskset -c 0), load generator on CPU 1 (taskset -c 1); ulimit -n $(ulimit -n)"
  echo
  echo "## Result"
  echo
  if [ "${#results[@]}" -gt 0 ]; then
    node bench/canvas/report.mjs "${results[@]}"
  else
    echo "No run finished; see the raw output."
  fi
  echo
  if [ -f "$work/histograms/histogram-connected.txt" ]; then
    echo "## Where the node's heap per connection goes"
    echo
    echo "The classes that grew most between the two class histograms (after a full GC) of the node,"
    echo "with no client and with every client subscribed, per socket open at the second one:"
    echo
    node bench/canvas/histogram-diff.mjs "$work/histograms/histogram-idle.txt" \
      "$work/histograms/histogram-connected.txt" "$(node -p "require('$work/mesh.json').heapSockets")"
    echo
  fi
  echo "## Raw output"
  echo
  cat "$work/raw.md"
  for json in "${results[@]}"; do
    echo "### $(basename "$json") (what load.mjs wrote)"
    echo
    echo '```json'
    cat "$json"
    echo '```'
    echo
  done
} >"$out"
echo "result: $out"
exit "$status"
