#!/usr/bin/env bash
# Ballast side by side with Apache RocketMQ 5.3.x on this machine, with the same broker.conf, the
# same heap and the same client workload, one broker product at a time.
#
#   ./mvnw -q package -DskipTests -pl distribution,benchmarks -am
#   benchmarks/compare-rocketmq.sh [--seconds 30] [--threads 8] [--size 1024] [--no-kill]
#                                  [--setups async,sync,ha] [--segment BYTES] [--work DIR]
#
# 1. Fetches RocketMQ's name server and broker with their runtime dependencies from Maven Central
#    into benchmarks/target/rocketmq/lib (benchmarks/rocketmq/pom.xml, once; nothing of RocketMQ
#    is committed).
# 2. Load, for each setup (a) ASYNC_FLUSH single broker, (b) SYNC_FLUSH single broker,
#    (c) SYNC_MASTER + one SLAVE (async flush): starts a fresh name server and broker(s) of one
#    product, drives them with the official client (8 producer threads, 1 KiB, 30 s of synchronous
#    sends, then a drain of the topic), stops them, then the same for the other product.
#    The driver is the distribution's `bin/ballast bench --json` for both products.
# 3. Kills (unless --no-kill): kill -9 of a single broker under load with SYNC_FLUSH, the same with
#    ASYNC_FLUSH (restarted at once, sends go on), and kill -9 of the master of SYNC_MASTER + SLAVE
#    (read back while it is down, so from the slave, then again after its restart). Acknowledged
#    keys are recorded and the topic read back by benchmarks.jar's AckCheck (a minimal checker:
#    acked, not read back, dup; `bin/ballast verify` is the full campaign, not used here yet).
# 4. Prints one table: each figure for both and the ratio Ballast/RocketMQ, then the kill table.
#
# Both products get: the same broker.conf keys (both refuse sends only past 99 % disk used: how
# full this machine's disk is must not decide the run), -Xms1g -Xmx1g for a broker, -Xms256m
# -Xmx256m for a name server, G1, free loopback ports, a fresh store under the work dir (deleted
# after each run). Every phase has a timeout and every process this script starts is killed on
# exit (trap). Needs no root.
# Takes about 20 minutes with the defaults. The client shares the machine with the brokers.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
LOAD_SECONDS=30
THREADS=8
SIZE=1024
KILLS=1
SETUP_LIST=async,sync,ha
# mappedFileSizeCommitLog for both (upstream's default). Ballast preallocates its segments, so a
# run needs about 2 x this free per broker; a smaller size fits a crowded disk.
SEGMENT=1073741824
WORK=""
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) LOAD_SECONDS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --size) SIZE=$2; shift 2 ;;
    --no-kill) KILLS=0; shift ;;
    --setups) SETUP_LIST=$2; shift 2 ;;
    --segment) SEGMENT=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    *) echo "compare-rocketmq: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

DIST=$(ls -d "$ROOT"/distribution/target/ballast-*/ 2>/dev/null | head -n 1)
JAR=$ROOT/benchmarks/target/benchmarks.jar
RMQ_LIB=$ROOT/benchmarks/target/rocketmq/lib
[ -n "$DIST" ] && [ -x "$DIST/bin/ballast" ] || { echo "no unpacked distribution; build first (see --help)" >&2; exit 2; }
[ -f "$JAR" ] || { echo "no $JAR; build first (see --help)" >&2; exit 2; }
WORK=${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/compare-rocketmq.XXXXXX")}
mkdir -p "$WORK"
RESULTS=$WORK/results.tsv
: > "$RESULTS"

BROKER_HEAP="-Xms1g -Xmx1g -XX:+UseG1GC"
NAMESRV_HEAP="-Xms256m -Xmx256m -XX:+UseG1GC"

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

# ---- processes: every pid started is remembered and killed on exit --------------------------
STARTED=()
cleanup() {
  local pid
  for pid in "${STARTED[@]}"; do
    kill -9 "$pid" 2>/dev/null
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Waits up to $1 seconds for command "${@:2}" to succeed.
wait_for() {
  local limit=$1; shift
  local deadline=$(( $(date +%s) + limit ))
  until "$@" 2>/dev/null; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.5
  done
}

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A base port P with P-2 .. P+3 all free: RocketMQ's broker also takes listenPort-2 (its "fast"
# port) and listenPort+1 as the default HA port; the caller uses P, P+2 (HA) and P+3.
free_block() {
  local p i busy
  for _ in $(seq 1 200); do
    p=$(( 20000 + RANDOM % 30000 ))
    busy=0
    for i in -2 -1 0 1 2 3; do
      if listening $((p + i)); then busy=1; break; fi
    done
    [ "$busy" = 0 ] && { echo "$p"; return 0; }
  done
  echo "no free loopback ports" >&2; return 1
}

# ---- RocketMQ -----------------------------------------------------------------------------
fetch_rocketmq() {
  if [ -f "$RMQ_LIB/.complete" ]; then return 0; fi
  log "fetching Apache RocketMQ (benchmarks/rocketmq/pom.xml) into $RMQ_LIB"
  rm -rf "$RMQ_LIB"
  timeout 900 "$ROOT/mvnw" -q -B -f "$ROOT/benchmarks/rocketmq/pom.xml" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$RMQ_LIB" || { echo "fetching RocketMQ failed" >&2; exit 1; }
  touch "$RMQ_LIB/.complete"
}

# $1 dir, $2 main class, $3 JVM options, rest: its arguments. Sets LAST_PID.
# The start functions below are never called in $(...): the pids must reach STARTED of this shell.
rmq_java() {
  local dir=$1 main=$2 heap=$3; shift 3
  mkdir -p "$dir"
  # rocketmq.home.dir is required by both mains; user.home moves RocketMQ's logs under $dir.
  # shellcheck disable=SC2086
  (cd "$dir" && exec java $heap -Drocketmq.home.dir="$dir" -Duser.home="$dir" -cp "$RMQ_LIB/*" "$main" "$@" \
      > "$dir/console.log" 2>&1) &
  LAST_PID=$!
  disown "$LAST_PID" # no "Killed" line from bash when the trap or a kill scenario ends it
  STARTED+=("$LAST_PID")
}

rmq_namesrv() { # dir port
  printf 'listenPort=%s\nbindAddress=127.0.0.1\n' "$2" > "$1.namesrv.conf"
  rmq_java "$1" org.apache.rocketmq.namesrv.NamesrvStartup "$NAMESRV_HEAP" -c "$1.namesrv.conf"
  wait_for 60 grep -q "boot success" "$1/console.log" || { echo "RocketMQ name server did not start: $1/console.log" >&2; return 1; }
}

# The name server under $1 logs each broker address it registers for the first time.
rmq_registered() { # namesrv dir, how many brokers
  [ "$(cat "$1"/logs/rocketmqlogs/*.log 2>/dev/null | grep -c "new broker registered")" -ge "$2" ]
}

# "boot success" comes before the name server routes the broker: a client started at once finds
# no route for an auto-created topic, so this also waits for the registration ($3 = brokers by then).
rmq_broker() { # dir conf brokers-registered-after-this-one
  rmq_java "$1" org.apache.rocketmq.broker.BrokerStartup "$BROKER_HEAP" -c "$2"
  wait_for 90 grep -q "boot success" "$1/console.log" || { echo "RocketMQ broker did not start: $1/console.log" >&2; return 1; }
  wait_for 60 rmq_registered "$(dirname "$1")/namesrv" "$3" || { echo "RocketMQ broker $1 not registered" >&2; return 1; }
}

# ---- Ballast ------------------------------------------------------------------------------
ballast_namesrv() { # base port
  mkdir -p "$1"
  cp -r "$DIST/etc" "$1/etc"
  sed -i "s/^listenPort *=.*/listenPort = $2/; s/^bindAddress *=.*/bindAddress = 127.0.0.1/" "$1/etc/io.ballast.namesrv.cfg"
  BALLAST_JAVA_OPTS="$NAMESRV_HEAP" timeout 120 "$DIST/bin/ballast" start --base "$1" --roles namesrv > "$1.start.log" 2>&1 \
      || { echo "Ballast name server did not start: $1.start.log" >&2; return 1; }
  LAST_PID=$(tr -dc '0-9' < "$1/data/ballast.pid")
  STARTED+=("$LAST_PID")
}

ballast_broker() { # base conf
  mkdir -p "$1"
  BALLAST_JAVA_OPTS="$BROKER_HEAP" timeout 120 "$DIST/bin/ballast" start --base "$1" --roles broker -c "$2" > "$1.start.log" 2>&1 \
      || { echo "Ballast broker did not start: $1.start.log" >&2; return 1; }
  LAST_PID=$(tr -dc '0-9' < "$1/data/ballast.pid")
  STARTED+=("$LAST_PID")
}

# ---- one setup of one product ---------------------------------------------------------------
# broker.conf shared by both products: $1 file, $2 role, $3 flush, $4 id, $5 port, $6 namesrv port, $7 store
write_conf() {
  cat > "$1" <<EOF
brokerClusterName=CompareCluster
brokerName=broker-a
brokerId=$4
brokerRole=$2
flushDiskType=$3
listenPort=$5
haListenPort=$(( $5 + 2 ))
bindAddress=127.0.0.1
brokerIP1=127.0.0.1
brokerIP2=127.0.0.1
namesrvAddr=127.0.0.1:$6
storePathRootDir=$7
storePathCommitLog=$7/commitlog
autoCreateTopicEnable=true
defaultTopicQueueNums=8
mappedFileSizeCommitLog=$SEGMENT
diskSpaceWarningLevelRatio=99
diskSpaceCleanForciblyRatio=99
diskMaxUsedSpaceRatio=99
EOF
}

# Starts product $1 (ballast|rocketmq) in setup $2 (async|sync|ha) under $3.
# Sets NS_ADDR, MASTER_PID, MASTER_DIR, MASTER_CONF (and SLAVE_PID for ha).
cluster_up() {
  local product=$1 setup=$2 dir=$3 nsport mport sport flush=ASYNC_FLUSH role=ASYNC_MASTER
  rm -rf "$dir"; mkdir -p "$dir"
  nsport=$(free_block) && mport=$(free_block) && sport=$(free_block) || return 1
  case "$setup" in
    sync) flush=SYNC_FLUSH ;;
    ha) role=SYNC_MASTER ;;
  esac
  MASTER_DIR=$dir/master
  MASTER_CONF=$dir/master.conf
  write_conf "$MASTER_CONF" "$role" "$flush" 0 "$mport" "$nsport" "$dir/master/store"
  [ "$setup" = ha ] && write_conf "$dir/slave.conf" SLAVE "$flush" 1 "$sport" "$nsport" "$dir/slave/store"
  NS_ADDR=127.0.0.1:$nsport
  SLAVE_PID=""
  if [ "$product" = ballast ]; then
    ballast_namesrv "$dir/namesrv" "$nsport" || return 1
    ballast_broker "$MASTER_DIR" "$MASTER_CONF" || return 1
    MASTER_PID=$LAST_PID
    if [ "$setup" = ha ]; then ballast_broker "$dir/slave" "$dir/slave.conf" || return 1; SLAVE_PID=$LAST_PID; fi
  else
    rmq_namesrv "$dir/namesrv" "$nsport" || return 1
    rmq_broker "$MASTER_DIR" "$MASTER_CONF" 1 || return 1
    MASTER_PID=$LAST_PID
    if [ "$setup" = ha ]; then rmq_broker "$dir/slave" "$dir/slave.conf" 2 || return 1; SLAVE_PID=$LAST_PID; fi
  fi
  # both register at start; give the slave's link and the name server's route a moment
  sleep 3
}

restart_master() { # product
  if [ "$1" = ballast ]; then
    ballast_broker "$MASTER_DIR" "$MASTER_CONF" || return 1
  else
    mv "$MASTER_DIR/console.log" "$MASTER_DIR/console.before-kill.log"
    # a restarted master registers again; its first registration was the first line
    rmq_broker "$MASTER_DIR" "$MASTER_CONF" 1 || return 1
  fi
  MASTER_PID=$LAST_PID
}

# Kills what runs and deletes the stores under $1 (Ballast preallocates its 1 GiB segments, so
# each run holds gigabytes of disk; a Ballast name server alone also opens a store under its
# data/); logs and results stay.
cluster_down() {
  cleanup
  STARTED=()
  sleep 1
  rm -rf "$1"/*/store "$1"/*/data/store
}

# ---- the load driver --------------------------------------------------------------------------
# Prints: msg/s MB/s p50 p99 p999 max errors drain-msg/s (latencies in ms), or "- - - ..." on failure.
run_load() { # nameserver topic out
  local ns=$1 topic=$2 out=$3
  timeout $(( LOAD_SECONDS + 300 )) "$DIST/bin/ballast" bench -n "$ns" -t "$topic" --threads "$THREADS" -s "$SIZE" \
      -d "$LOAD_SECONDS" --send-timeout 10000 --drain --json > "$out" 2> "$out.err"
  python3 - "$out" <<'PY'
import json, sys
try:
  s = json.load(open(sys.argv[1]))
  p, d, l = s["produce"], s.get("drain") or {}, s["produce"]["latencyMs"]
  errors = sum(n for k, n in p["statuses"].items() if k != "SEND_OK") + sum(p["errors"].values())
  print(f'{p["messagesPerSecond"]:.0f} {p["mbPerSecond"]:.1f} {l["p50"]:.2f} {l["p99"]:.2f} {l["p999"]:.2f} {l["max"]:.2f} {errors} {d.get("messagesPerSecond", 0):.0f}')
except Exception:
  print("- - - - - - - -")
PY
}

# ---- the kill check -------------------------------------------------------------------------
# AckCheck's line as "acked lost dup", or "- - -".
check_line() { # dir name
  timeout 200 java -Xmx1g -cp "$JAR" io.ballast.benchmarks.load.AckCheck mode=check nameServer="$NS_ADDR" topic="$KILL_TOPIC" \
      acked="$1/acked.txt" idleSeconds=60 > "$1/$2.out" 2>&1
  awk '/^acked/ { print $2, $6, $8; got = 1 } END { if (!got) print "- - -" }' "$1/$2.out"
}

# Sets KILL_LINE (acked lost dup, or "- - -"); for ha also KILL_LINE_RESTARTED: the read with the
# master down shows what the slave serves, the read after the master's restart what survived at all.
run_kill() { # product setup dir
  local product=$1 setup=$2 dir=$3 acked=$3/acked.txt
  KILL_TOPIC=Kill$2$RANDOM
  KILL_LINE="- - -"
  KILL_LINE_RESTARTED="- - -"
  cluster_up "$product" "$setup" "$dir" || { cluster_down "$dir"; return; }
  timeout 200 java -Xmx1g -cp "$JAR" io.ballast.benchmarks.load.AckCheck mode=send nameServer="$NS_ADDR" topic="$KILL_TOPIC" \
      acked="$acked" threads="$THREADS" size="$SIZE" seconds=20 > "$dir/send.out" 2>&1 &
  local sender=$!
  STARTED+=("$sender")
  sleep 8
  log "  kill -9 of the $( [ "$setup" = ha ] && echo master || echo broker ) ($MASTER_PID)"
  kill -9 "$MASTER_PID"
  if [ "$setup" != ha ]; then
    sleep 1
    restart_master "$product" || log "  the broker did not restart"
  fi
  wait "$sender"
  KILL_LINE=$(check_line "$dir" check)
  if [ "$setup" = ha ]; then
    log "  read with the master down: $KILL_LINE; restarting the master"
    restart_master "$product" && sleep 5 && KILL_LINE_RESTARTED=$(check_line "$dir" check-restarted)
  fi
  cluster_down "$dir"
}

# ---- main ---------------------------------------------------------------------------------------
fetch_rocketmq
log "work dir $WORK; $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, load average $(cut -d' ' -f1-3 /proc/loadavg)"
IFS=, read -r -a SETUPS <<< "$SETUP_LIST"
declare -A LABEL=([async]="ASYNC_FLUSH" [sync]="SYNC_FLUSH" [ha]="SYNC_MASTER+SLAVE")
for setup in "${SETUPS[@]}"; do
  for product in ballast rocketmq; do
    log "load: $product, ${LABEL[$setup]}"
    dir=$WORK/load-$setup-$product
    if cluster_up "$product" "$setup" "$dir"; then
      line=$(run_load "$NS_ADDR" "Compare$setup" "$dir/load.out")
    else
      line="- - - - - - - -"
    fi
    cluster_down "$dir"
    log "  $line"
    echo "load $setup $product $line" >> "$RESULTS"
  done
done
if [ "$KILLS" = 1 ]; then
  for setup in "${SETUPS[@]}"; do
    for product in ballast rocketmq; do
      log "kill: $product, ${LABEL[$setup]}"
      run_kill "$product" "$setup" "$WORK/kill-$setup-$product"
      log "  acked lost dup: $KILL_LINE"
      echo "kill $setup $product $KILL_LINE" >> "$RESULTS"
      if [ "$setup" = ha ]; then
        log "  acked lost dup, read again after the master's restart: $KILL_LINE_RESTARTED"
        echo "kill ha-restarted $product $KILL_LINE_RESTARTED" >> "$RESULTS"
      fi
    done
  done
fi

# ---- the table ------------------------------------------------------------------------------------
echo
echo "Ballast vs Apache RocketMQ 5.3.3 — $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(java -version 2>&1 | head -n 1)"
echo "load: $THREADS producer threads, $SIZE B, ${LOAD_SECONDS} s of synchronous sends, then a drain; work dir $WORK"
echo
awk -v labels="async=ASYNC_FLUSH,sync=SYNC_FLUSH,ha=SYNC_MASTER+SLAVE" '
  BEGIN { name["ha"] = "master of SYNC_MASTER+SLAVE, read while it is down"
          name["ha-restarted"] = "the same, read again after the master restarted"
          n = split(labels, l, ","); for (i = 1; i <= n; i++) { split(l[i], kv, "="); label[kv[1]] = kv[2] }
          split("send msg/s,send MB/s,p50 ms,p99 ms,p999 ms,max ms,errors,drain msg/s", fig, ",")
          printf "| setup | figure | Ballast | RocketMQ | Ballast/RocketMQ |\n| --- | --- | --- | --- | --- |\n" }
  $1 == "load" { for (i = 1; i <= 8; i++) v[$2, $3, i] = $(i + 3); if (!seen[$2]++) order[++k] = $2 }
  $1 == "kill" { kill[$2, $3] = $4 " / " $5 " / " $6; if (!kseen[$2]++) korder[++kk] = $2 }
  END {
    for (s = 1; s <= k; s++) for (i = 1; i <= 8; i++) {
      b = v[order[s], "ballast", i]; r = v[order[s], "rocketmq", i]
      ratio = (b ~ /^[0-9.]+$/ && r ~ /^[0-9.]+$/ && r + 0 > 0) ? sprintf("%.2f", b / r) : "n/a"
      printf "| %s | %s | %s | %s | %s |\n", (i == 1 ? label[order[s]] : ""), fig[i], b, r, ratio
    }
    if (kk) {
      printf "\n| kill -9 under load | Ballast acked / not read back / dup | RocketMQ acked / not read back / dup |\n| --- | --- | --- |\n"
      for (s = 1; s <= kk; s++)
        printf "| %s | %s | %s |\n", name[korder[s]] != "" ? name[korder[s]] : "broker, " label[korder[s]] ", restarted at once",
               kill[korder[s], "ballast"], kill[korder[s], "rocketmq"]
    }
  }' "$RESULTS"
