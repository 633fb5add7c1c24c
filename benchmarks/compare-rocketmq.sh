#!/usr/bin/env bash
# Ballast side by side with Apache RocketMQ 5.3.x on this machine, with the same broker.conf, the
# same heap and the same client workload, one broker product at a time.
#
#   ./mvnw -q package -DskipTests -pl distribution -am
#   benchmarks/compare-rocketmq.sh [--seconds 30] [--threads 8] [--size 1024] [--no-kill | --kill-only]
#                                  [--setups async,sync,ha] [--segment BYTES] [--min-port 20000] [--work DIR]
#
# 1. Fetches RocketMQ's name server and broker with their runtime dependencies from Maven Central
#    into benchmarks/target/rocketmq/lib (benchmarks/rocketmq/pom.xml, once; nothing of RocketMQ
#    is committed).
# 2. Load, for each setup (a) ASYNC_FLUSH single broker, (b) SYNC_FLUSH single broker,
#    (c) SYNC_MASTER + one SLAVE (async flush): starts a fresh name server and broker(s) of one
#    product, drives them with the official client (8 producer threads, 1 KiB, 30 s of synchronous
#    sends, then a drain of the topic), stops them, then the same for the other product.
#    The driver is the distribution's `bin/ballast bench --json` for both products.
# 3. Kills (unless --no-kill; --kill-only runs them alone): `bin/ballast verify --short` against
#    the same setups of each product, its brokers named by pid file and start command
#    (--master-pid/--master-start, --slave-pid/--slave-start; the start commands are scripts this
#    writes), with --role and --flush of the setup: single broker (ASYNC_FLUSH, SYNC_FLUSH):
#    kill9-master and restart-loop; SYNC_MASTER + SLAVE: kill9-master, kill9-slave and master-lost
#    (the master killed for good while the consumer drains from the slave). verify's checker counts
#    acked, lost and duplicated messages per scenario (verify-report.json under the work dir).
# 4. Prints one table: each figure for both and the ratio Ballast/RocketMQ, then the kill table.
#
# Both products get: the same broker.conf keys (both refuse sends only past 99 % disk used: how
# full this machine's disk is must not decide the run), -Xms1g -Xmx1g for a broker, -Xms256m
# -Xmx256m for a name server, G1, free loopback ports, a fresh store under the work dir (deleted
# after each run). Every phase has a timeout and every process this script starts is killed on
# exit (trap), including a broker verify restarted (its pid file is read). Needs no root.
# Loopback ports are picked free from --min-port up to the kernel's ephemeral range (32768 by
# default): a broker's port inside that range can be taken, while the broker is down, by a
# client's own reconnect attempts (a TCP self-connect), and its restart then fails to bind.
# Takes about 20 minutes with the defaults (the kill section alone about 8). The client shares
# the machine with the brokers.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
LOAD_SECONDS=30
THREADS=8
SIZE=1024
KILLS=1
LOADS=1
MIN_PORT=20000
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
    --kill-only) LOADS=0; shift ;;
    --min-port) MIN_PORT=$2; shift 2 ;;
    --setups) SETUP_LIST=$2; shift 2 ;;
    --segment) SEGMENT=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    -h|--help) sed -n '2,35p' "$0"; exit 0 ;;
    *) echo "compare-rocketmq: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

DIST=$(ls -d "$ROOT"/distribution/target/ballast-*/ 2>/dev/null | head -n 1)
RMQ_LIB=$ROOT/benchmarks/target/rocketmq/lib
[ -n "$DIST" ] && [ -x "$DIST/bin/ballast" ] || { echo "no unpacked distribution; build first (see --help)" >&2; exit 2; }
EPHEMERAL_LOW=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
[ "$MIN_PORT" -ge 1024 ] && [ "$MIN_PORT" -le $(( EPHEMERAL_LOW - 500 )) ] \
    || { echo "--min-port takes 1024 to $(( EPHEMERAL_LOW - 500 )): ports from $EPHEMERAL_LOW on are the kernel's ephemeral range" >&2; exit 2; }
WORK=${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/compare-rocketmq.XXXXXX")}
mkdir -p "$WORK"
RESULTS=$WORK/results.tsv
: > "$RESULTS"

BROKER_HEAP="-Xms1g -Xmx1g -XX:+UseG1GC"
NAMESRV_HEAP="-Xms256m -Xmx256m -XX:+UseG1GC"

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

# ---- processes: every pid started is remembered and killed on exit --------------------------
STARTED=()
PIDFILES=() # brokers verify may restart: whatever pid such a file names now is ours
cleanup() {
  local pid file
  for file in "${PIDFILES[@]}"; do
    [ -f "$file" ] && STARTED+=("$(tr -dc '0-9' < "$file")")
  done
  for pid in "${STARTED[@]}"; do
    [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
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
    p=$(( MIN_PORT + 2 + RANDOM % (EPHEMERAL_LOW - MIN_PORT - 6) ))
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
  # A SYNC_MASTER send waits for its slave only with inSyncReplicas=2 in RocketMQ 5.x (the master
  # counts itself; at the default 1, CommitLog.handleHA answers PUT_OK without waiting). Ballast
  # reads the key the same way and waits for a slave at 1 and at 2, so this is the equivalent setting.
  [ "$2" = SYNC_MASTER ] && echo "inSyncReplicas=2" >> "$1"
  return 0
}

# ---- brokers, started by scripts that verify runs again --------------------------------------
# verify faults a broker it knows by a pid file and a start command (--master-pid/--master-start):
# kill -9, SIGSTOP/SIGCONT and "is it running" go to the pid in the file, and a restart runs the
# command with sh -c, which must start the broker in the background, write the pid file and return
# once the broker serves. These write that command for each product and broker, as a small script.

# $1 script, $2 base, $3 conf: bin/ballast start returns once the broker is ready; its pid file is
# $2/data/ballast.pid.
write_ballast_start() {
  cat > "$1" <<EOF
#!/usr/bin/env bash
BALLAST_JAVA_OPTS="$BROKER_HEAP" exec timeout 110 "$DIST/bin/ballast" start --base "$2" --roles broker -c "$3" >> "$2.start.log" 2>&1
EOF
}

# $1 script, $2 broker dir, $3 conf, $4 the name server's dir. The pid file is $2/broker.pid. The
# broker is ready once it logged "boot success" and the name server logged one more registration
# than before the start (a broker killed with -9 is dropped when its connection closes, so its
# restart registers as new).
write_rocketmq_start() {
  cat > "$1" <<EOF
#!/usr/bin/env bash
registrations() { cat "$4"/logs/rocketmqlogs/*.log 2>/dev/null | grep -c "new broker registered"; }
mkdir -p "$2" && cd "$2" || exit 1
[ -f console.log ] && mv console.log "console.\$(date +%s%N).log"
before=\$(registrations)
nohup java $BROKER_HEAP -Drocketmq.home.dir="$2" -Duser.home="$2" -cp "$RMQ_LIB/*" org.apache.rocketmq.broker.BrokerStartup \\
    -c "$3" > console.log 2>&1 < /dev/null &
echo \$! > "$2/broker.pid"
deadline=\$(( \$(date +%s) + 90 ))
until grep -q "boot success" console.log 2>/dev/null; do
  kill -0 "\$(cat "$2/broker.pid")" 2>/dev/null || { echo "the broker exited; see $2/console.log"; exit 1; }
  [ "\$(date +%s)" -lt "\$deadline" ] || { echo "no boot success in 90 s; see $2/console.log"; exit 1; }
  sleep 0.5
done
deadline=\$(( \$(date +%s) + 60 ))
until [ "\$(registrations)" -gt "\$before" ]; do
  [ "\$(date +%s)" -lt "\$deadline" ] || { echo "the name server did not list the broker within 60 s"; exit 1; }
  sleep 0.5
done
EOF
}

# Starts broker $2 (master|slave) of product $1 through its start script under $3, conf $4.
# Sets PIDFILE and START; the pid file is remembered so that cleanup kills whatever pid it names.
broker_up() { # product role dir conf
  local product=$1 role=$2 dir=$3 conf=$4
  START=$dir/start-$role.sh
  if [ "$product" = ballast ]; then
    write_ballast_start "$START" "$dir/$role" "$conf"
    PIDFILE=$dir/$role/data/ballast.pid
  else
    write_rocketmq_start "$START" "$dir/$role" "$conf" "$dir/namesrv"
    PIDFILE=$dir/$role/broker.pid
  fi
  PIDFILES+=("$PIDFILE")
  timeout 130 bash "$START" > "$dir/$role.first-start.log" 2>&1 || { echo "$product $role did not start: $dir/$role.first-start.log" >&2; return 1; }
}

# Starts product $1 (ballast|rocketmq) in setup $2 (async|sync|ha) under $3: a name server, then
# the brokers through the start scripts verify also restarts them with (the load uses them too, so
# both phases start a broker the same way). Sets NS_ADDR, KILL_ROLE, KILL_FLUSH, and verify's
# options MASTER_ARGS and SLAVE_ARGS.
cluster_up() { # product setup dir
  local product=$1 setup=$2 dir=$3 nsport mport sport flush=ASYNC_FLUSH role=ASYNC_MASTER
  rm -rf "$dir"; mkdir -p "$dir"
  nsport=$(free_block) && mport=$(free_block) && sport=$(free_block) || return 1
  case "$setup" in
    sync) flush=SYNC_FLUSH ;;
    ha) role=SYNC_MASTER ;;
  esac
  write_conf "$dir/master.conf" "$role" "$flush" 0 "$mport" "$nsport" "$dir/master/store"
  [ "$setup" = ha ] && write_conf "$dir/slave.conf" SLAVE "$flush" 1 "$sport" "$nsport" "$dir/slave/store"
  NS_ADDR=127.0.0.1:$nsport
  KILL_ROLE=$role KILL_FLUSH=$flush
  if [ "$product" = ballast ]; then ballast_namesrv "$dir/namesrv" "$nsport" || return 1
  else rmq_namesrv "$dir/namesrv" "$nsport" || return 1; fi
  broker_up "$product" master "$dir" "$dir/master.conf" || return 1
  MASTER_ARGS=(--master-pid "$PIDFILE" --master-start "bash $START")
  SLAVE_ARGS=()
  if [ "$setup" = ha ]; then
    broker_up "$product" slave "$dir" "$dir/slave.conf" || return 1
    SLAVE_ARGS=(--slave-pid "$PIDFILE" --slave-start "bash $START")
  fi
  sleep 3 # the slave's link and the name server's route, as for the load
}

# Kills what runs and deletes the stores under $1 (Ballast preallocates its 1 GiB segments, so
# each run holds gigabytes of disk; a Ballast name server alone also opens a store under its
# data/); logs and results stay.
cluster_down() {
  cleanup
  STARTED=()
  PIDFILES=()
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

# ---- the kill scenarios: bin/ballast verify against either product --------------------------
# Runs verify's scenarios against product $1 in setup $2 and appends one line per scenario to
# $RESULTS: "kill SETUP PRODUCT SCENARIO acked lost dup result", or "- - - -" for a scenario
# verify's report (verify-report.json) does not hold.
run_kill() { # product setup dir
  local product=$1 setup=$2 dir=$3 scenarios=kill9-master,restart-loop
  [ "$setup" = ha ] && scenarios=kill9-master,kill9-slave,master-lost
  if cluster_up "$product" "$setup" "$dir"; then
    # --short timings (3 s of load, 3 s of fault, 3 s after, a drain of at most 30 s, 2 restarts
    # in the loop) keep the whole kill section near 10 minutes.
    timeout 900 "$DIST/bin/ballast" verify --short -n "$NS_ADDR" --scenarios "$scenarios" --role "$KILL_ROLE" --flush "$KILL_FLUSH" \
        "${MASTER_ARGS[@]}" "${SLAVE_ARGS[@]}" --report "$dir/report" --work "$dir/verify-work" > "$dir/verify.out" 2> "$dir/verify.err"
    log "  verify exited $? ($dir/verify.out)"
  else
    log "  the cluster did not come up"
  fi
  python3 - "$dir/report/verify-report.json" "$setup" "$product" "$scenarios" >> "$RESULTS" <<'PY'
import json, sys
path, setup, product, wanted = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].split(",")
try:
  runs = {s["name"]: s for s in json.load(open(path))["scenarios"]}
except Exception:
  runs = {}
for name in wanted:
  s = runs.get(name)
  print(f"kill {setup} {product} {name} " + (f'{s["acked"]} {s["lost"]} {s["duplicated"]} {s["result"]}' if s else "- - - -"))
PY
  cluster_down "$dir"
}

# ---- main ---------------------------------------------------------------------------------------
fetch_rocketmq
log "work dir $WORK; $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, load average $(cut -d' ' -f1-3 /proc/loadavg)"
IFS=, read -r -a SETUPS <<< "$SETUP_LIST"
declare -A LABEL=([async]="ASYNC_FLUSH" [sync]="SYNC_FLUSH" [ha]="SYNC_MASTER+SLAVE")
for setup in "${SETUPS[@]}"; do
  [ "$LOADS" = 1 ] || break
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
      log "kill: $product, ${LABEL[$setup]} (bin/ballast verify)"
      run_kill "$product" "$setup" "$WORK/kill-$setup-$product"
      grep "^kill $setup $product " "$RESULTS" | cut -d' ' -f4- | while read -r line; do log "  acked lost dup result: $line"; done
    done
  done
fi

# ---- the table ------------------------------------------------------------------------------------
echo
echo "Ballast vs Apache RocketMQ 5.3.3 — $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(java -version 2>&1 | head -n 1)"
[ "$LOADS" = 1 ] && echo "load: $THREADS producer threads, $SIZE B, ${LOAD_SECONDS} s of synchronous sends, then a drain"
[ "$KILLS" = 1 ] && echo "kills: bin/ballast verify --short -n ... --master-pid ... --master-start ... per setup; reports under the work dir"
echo "work dir $WORK"
echo
awk -v labels="async=ASYNC_FLUSH,sync=SYNC_FLUSH,ha=SYNC_MASTER+SLAVE" '
  BEGIN { n = split(labels, l, ","); for (i = 1; i <= n; i++) { split(l[i], kv, "="); label[kv[1]] = kv[2] }
          split("send msg/s,send MB/s,p50 ms,p99 ms,p999 ms,max ms,errors,drain msg/s", fig, ",") }
  $1 == "load" { for (i = 1; i <= 8; i++) v[$2, $3, i] = $(i + 3); if (!seen[$2]++) order[++k] = $2 }
  $1 == "kill" { kill[$2, $4, $3] = $5 " / " $6 " / " $7 " / " $8; if (!kseen[$2, $4]++) { ks[++kk] = $2; kn[kk] = $4 } }
  END {
    if (k) printf "| setup | figure | Ballast | RocketMQ | Ballast/RocketMQ |\n| --- | --- | --- | --- | --- |\n"
    for (s = 1; s <= k; s++) for (i = 1; i <= 8; i++) {
      b = v[order[s], "ballast", i]; r = v[order[s], "rocketmq", i]
      ratio = (b ~ /^[0-9.]+$/ && r ~ /^[0-9.]+$/ && r + 0 > 0) ? sprintf("%.2f", b / r) : "n/a"
      printf "| %s | %s | %s | %s | %s |\n", (i == 1 ? label[order[s]] : ""), fig[i], b, r, ratio
    }
    if (kk) {
      printf "\n| setup | verify scenario | Ballast acked / lost / dup / result | RocketMQ acked / lost / dup / result |\n| --- | --- | --- | --- |\n"
      for (s = 1; s <= kk; s++)
        printf "| %s | %s | %s | %s |\n", (s == 1 || ks[s] != ks[s - 1]) ? label[ks[s]] : "", kn[s],
               kill[ks[s], kn[s], "ballast"], kill[ks[s], kn[s], "rocketmq"]
    }
  }' "$RESULTS"
