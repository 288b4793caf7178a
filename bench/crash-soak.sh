#!/usr/bin/env bash
# Crash soak: kills a loaded node with SIGKILL many times, on embedded H2 and on PostgreSQL, and
# keeps what each kill found. Each kill is one round of CrashRecoveryIT's load tests: 32
# submissions in flight, SIGKILL after a random number of acknowledged ones, a restart on the same
# journal, every acknowledged task complete with each step's work once, a clean stop; every other
# kill starts on a fresh journal.
#
#   bench/crash-soak.sh [kills per database, default 30] [h2 | postgres | both, default both]
#
# Output: docs/benchmarks/results/crash-soak-<database>.txt (the machine, the commit, and one
# line a kill).
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth), as the tests do.
set -euo pipefail
cd "$(dirname "$0")/.."

kills="${1:-30}"
database="${2:-both}"
case "$database" in
  h2) tests='CrashRecoveryIT#acknowledgedTasksSurviveKillMinus9UnderLoadOnH2' ;;
  postgres) tests='CrashRecoveryIT#acknowledgedTasksSurviveKillMinus9UnderLoadOnPostgres' ;;
  both) tests='CrashRecoveryIT#acknowledgedTasksSurviveKillMinus9UnderLoad*' ;;
  *) echo "usage: $0 [kills] [h2 | postgres | both]" >&2; exit 2 ;;
esac
out="docs/benchmarks/results/crash-soak-${database}.txt"
log="$(mktemp -t crash-soak.XXXXXX)"

mvn -B -q -pl mesh-node -am -DskipTests package
{
  echo "# Crash soak: ${kills} kills per journal database (${database})"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "- commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' (with uncommitted changes)')"
  echo "- machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, $(uname -sr)"
  echo "- java: $(java -version 2>&1 | head -1)"
  echo "- command: bench/crash-soak.sh ${kills} ${database}"
  echo
  echo '```'
} >"$out"

status=0
mvn -B -pl mesh-node -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test="$tests" \
  -Dmesh.crash.kills="$kills" verify >"$log" 2>&1 || status=$?
grep -E '^(kill |\[(INFO|ERROR)\] Tests run:|\[ERROR\] +CrashRecoveryIT)' "$log" >>"$out" || true
echo '```' >>"$out"
echo "full Maven output: $log"
exit "$status"
