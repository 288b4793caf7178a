#!/usr/bin/env bash
# Prints the heap in use, in bytes, after a full GC: of a JVM (jcmd GC.run, then jstat's used
# survivor, eden and old space) or of the baseline server (its /debug/heap, V8's heapUsed).
# load.mjs runs it with the phase (idle, connected) as the last argument. With HISTOGRAM_DIR set,
# a JVM's class histogram of the phase goes to $HISTOGRAM_DIR/histogram-PHASE.txt.
#
#   heap-probe.sh jvm PID PHASE | heap-probe.sh baseline URL PHASE
set -euo pipefail
case "$1" in
  jvm)
    jcmd "$2" GC.run >/dev/null
    if [ -n "${HISTOGRAM_DIR:-}" ]; then
      jcmd "$2" GC.class_histogram >"$HISTOGRAM_DIR/histogram-$3.txt"
    fi
    jstat -gc "$2" | awk 'NR == 2 { printf "%.0f\n", ($3 + $4 + $6 + $8) * 1024 }'
    ;;
  baseline)
    curl -sf "$2/debug/heap" | sed -E 's/.*"heapUsed":([0-9]+).*/\1/'
    ;;
  *) echo "usage: $0 jvm PID PHASE | baseline URL PHASE" >&2; exit 2 ;;
esac
