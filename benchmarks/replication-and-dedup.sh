#!/bin/bash
# Same-run comparisons for docs/benchmarks.md:
#   (1) async vs sync replication: a name server, a master and its slave from the shared sample
#       broker.conf files, the master's brokerRole switched live in etc/ between 20 s loads;
#   (2) send throughput with and without the dedup plugin (plugins/ copied into deploy/ and out).
# Settings alternate three times so drift on a busy machine hits both sides alike.
#
# Usage: benchmarks/replication-and-dedup.sh [WORK_DIR]   (after ./mvnw -q package -DskipTests)
# Prints one JSON line per load (bin/ballast bench --json) into WORK_DIR/results.jsonl.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TAR=$(ls "$ROOT"/distribution/target/ballast-*.tar.gz | head -1)
OUT=${1:-/tmp/ballast-same-run}
NS_PORT=${NS_PORT:-45876} MASTER_PORT=${MASTER_PORT:-45911} SLAVE_PORT=${SLAVE_PORT:-46911}
rm -rf "$OUT"; mkdir -p "$OUT"; cd "$OUT" || exit 1
tar xzf "$TAR"; D=$(ls -d "$OUT"/ballast-*/ | head -1); D=${D%/}; B="$D/bin/ballast"
trap '"$B" stop --base "$OUT/b" >/dev/null 2>&1; "$B" stop --base "$OUT/a" >/dev/null 2>&1; "$B" stop --base "$OUT/ns" >/dev/null 2>&1' EXIT
sed -i "s/^listenPort *= *9876/listenPort = $NS_PORT/" "$D/etc/io.ballast.namesrv.cfg"
# The shared sample master.conf/slave.conf, on other ports.
printf 'brokerClusterName=DefaultCluster\nbrokerName=broker-a\nbrokerId=0\nbrokerIP1=127.0.0.1\nlistenPort=%s\nhaListenPort=%s\nnamesrvAddr=127.0.0.1:%s\nstorePathRootDir=data/store\nbrokerRole=SYNC_MASTER\nflushDiskType=ASYNC_FLUSH\nautoCreateTopicEnable=true\n' \
  "$MASTER_PORT" $((MASTER_PORT + 1)) "$NS_PORT" > master.conf
printf 'brokerClusterName=DefaultCluster\nbrokerName=broker-a\nbrokerId=1\nbrokerIP1=127.0.0.1\nlistenPort=%s\nhaListenPort=%s\nhaMasterAddress=127.0.0.1:%s\nnamesrvAddr=127.0.0.1:%s\nstorePathRootDir=data/store\nbrokerRole=SLAVE\nflushDiskType=ASYNC_FLUSH\nslaveReadEnable=true\n' \
  "$SLAVE_PORT" $((SLAVE_PORT + 1)) $((MASTER_PORT + 1)) "$NS_PORT" > slave.conf
bench() { timeout 300 "$B" bench -n "127.0.0.1:$NS_PORT" --threads 8 -s 1024 -d 20 --drain --json 2>>bench.err | tail -1; }
record() { echo "{\"run\":\"$1\",\"setting\":\"$2\",\"at\":\"$(date -u +%H:%M:%S)\",\"result\":${3:-null}}" >> results.jsonl; }
"$B" start --base "$OUT/ns" --roles namesrv >/dev/null || exit 1
"$B" start --base "$OUT/a" --roles broker -c master.conf >/dev/null || exit 1
"$B" start --base "$OUT/b" --roles broker -c slave.conf >/dev/null || exit 1
sleep 3
CFG="$OUT/a/etc/io.ballast.broker.cfg"
for role in ASYNC_MASTER SYNC_MASTER ASYNC_MASTER SYNC_MASTER ASYNC_MASTER SYNC_MASTER; do
  sed -i "s/^brokerRole *=.*/brokerRole=$role/" "$CFG"; sleep 3
  record replication "$role" "$(bench)"
done
"$B" stop --base "$OUT/b" >/dev/null; "$B" stop --base "$OUT/a" >/dev/null
cmp -s "$OUT/a/data/store/commitlog/00000000000000000000" "$OUT/b/data/store/commitlog/00000000000000000000" \
  && echo '{"commitlogs":"identical"}' >> results.jsonl || echo '{"commitlogs":"DIFFERENT"}' >> results.jsonl
sed -i "s/^brokerRole *=.*/brokerRole=ASYNC_MASTER/" "$CFG"
"$B" start --base "$OUT/a" --roles broker >/dev/null || exit 1
sleep 2
PLUGIN=$(ls "$D"/plugins/dedup-idempotent-*.jar | head -1)
for dedup in off on off on off on; do
  if [ "$dedup" = on ]; then cp "$PLUGIN" "$OUT/a/deploy/"; else rm -f "$OUT/a/deploy/"dedup-idempotent-*.jar; fi
  sleep 4
  record dedup "$dedup" "$(bench)"
done
grep "swap dedup" "$OUT/a/logs/ballast.log" > swaps.txt
cat results.jsonl
