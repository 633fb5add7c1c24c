#!/usr/bin/env bash
# Measures `bin/ballast start` to ready on the built distribution: N cold starts (new JVM each,
# fresh framework cache), each followed by a stop. Prints the launcher's own figure (JVM start to
# ready, from data/ballast.ready) and the wall time of the whole `bin/ballast start` command.
#
#   ./mvnw -q package -DskipTests && benchmarks/startup-time.sh [runs]
set -euo pipefail
runs=${1:-10}
cd "$(dirname "$0")/.."
dist=$(ls -d distribution/target/ballast-*/ | head -n 1)
base=$(mktemp -d)
trap 'rm -rf "$base"' EXIT
ready_ms=()
wall_ms=()
for i in $(seq 1 "$runs"); do
  t0=$(date +%s%N)
  "$dist/bin/ballast" start --base "$base" > /dev/null
  t1=$(date +%s%N)
  ready_ms+=("$(sed -n 's/^startup.ms=//p' "$base/data/ballast.ready")")
  wall_ms+=("$(( (t1 - t0) / 1000000 ))")
  "$dist/bin/ballast" stop --base "$base" > /dev/null
done
summary() {
  sort -n | awk '{ v[NR] = $1; s += $1 } END { printf "min %d  median %d  max %d  mean %.0f ms\n", v[1], v[int((NR + 1) / 2)], v[NR], s / NR }'
}
echo "runs: $runs   machine: $(nproc) cores, $(java -version 2>&1 | head -n 1)"
printf 'JVM start to ready:             '; printf '%s\n' "${ready_ms[@]}" | summary
printf 'bin/ballast start, wall time:  '; printf '%s\n' "${wall_ms[@]}" | summary
