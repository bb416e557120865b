#!/usr/bin/env bash
# Listener-load benchmark: Debian icecast2 vs Airwave, same ffmpeg -re source (128 kbps MP3),
# each server pinned to core 0, load generator and ffmpeg on core 1, loopback only.
# Usage: bench/run-listener-bench.sh ["N1 N2 ..."] [extra ListenerLoad options, e.g. --icy, --slow-fraction 0.05]
# With --icy every listener asks for metadata and the title changes every TITLE_EVERY_S on both servers.
# Env: RAMP_RATE (conn/s, 1000), WARMUP_S (5), STEADY_S (30), TITLE_EVERY_S (2), ICECAST_PORT (18000),
#      AIRWAVE_PORT (18001), AIRWAVE_JAVA_OPTS (the JVM options the Dockerfile and README recommend),
#      SERVERS ("icecast airwave": which to run, in that order), LOAD_JAVA_OPTS (the load generator's).
set -euo pipefail

NS=${1:-"1000 5000"}
shift || true
EXTRA=("$@")
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
RAMP_RATE=${RAMP_RATE:-1000}
WARMUP_S=${WARMUP_S:-5}
STEADY_S=${STEADY_S:-30}
TITLE_EVERY_S=${TITLE_EVERY_S:-2}
AIRWAVE_JAVA_OPTS=${AIRWAVE_JAVA_OPTS:--Xmn32m -XX:MaxTenuringThreshold=1 -XX:MetaspaceSize=64m -XX:TrimNativeHeapInterval=2000}
SERVERS=${SERVERS:-"icecast airwave"}
# A young generation that the warm-up, ramp and window fit in: the generator collects before the ramp, not in it.
LOAD_JAVA_OPTS=${LOAD_JAVA_OPTS:--Xmx2g -Xmn1g}
ICY=0
for arg in "${EXTRA[@]}"; do [ "$arg" = --icy ] && ICY=1; done
ICECAST_PORT=${ICECAST_PORT:-18000}
AIRWAVE_PORT=${AIRWAVE_PORT:-18001}
PW=benchpw
BENCH_JAR=$HERE/target/airwave-bench.jar
AIRWAVE_JAR=$ROOT/app/target/airwave.jar
SERVER_CORE=0
LOAD_CORE=1
HZ=$(getconf CLK_TCK)

WORK=$(mktemp -d /tmp/airwave-bench.XXXXXX)
chmod 777 "$WORK"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  sleep 0.5
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

ulimit -n "$(ulimit -Hn)"

if ! command -v icecast2 >/dev/null || ! command -v ffmpeg >/dev/null; then
  SUDO=; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  echo "icecast2 icecast2/icecast-setup boolean false" | $SUDO debconf-set-selections
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q icecast2 ffmpeg >/dev/null
fi
for _ in $(seq 60); do [ -f "$AIRWAVE_JAR" ] && break; sleep 2; done
[ -f "$AIRWAVE_JAR" ] || { echo "missing $AIRWAVE_JAR (mvn -q -B -DskipTests package)" >&2; exit 1; }
cp "$AIRWAVE_JAR" "$WORK/airwave.jar"   # others may rebuild the jar during the run
[ -f "$BENCH_JAR" ] || (cd "$HERE" && mvn -q -B package)   # compiles its JMH benchmarks against that jar

# 128 kbps CBR MP3, looped by the feeders.
ffmpeg -loglevel error -f lavfi -i "sine=frequency=440:duration=20:sample_rate=44100" \
  -ac 2 -c:a libmp3lame -b:a 128k "$WORK/tone.mp3"

# icecast2 refuses to run as root: it then switches to the package's user (changeowner).
OWNER=""
if [ "$(id -u)" -eq 0 ]; then
  OWNER="<changeowner><user>icecast2</user><group>icecast</group></changeowner>"
fi
cat > "$WORK/icecast.xml" <<XML
<icecast>
  <location>loopback</location><admin>bench@localhost</admin>
  <limits>
    <clients>20000</clients><sources>2</sources>
    <queue-size>524288</queue-size><burst-on-connect>1</burst-on-connect><burst-size>65536</burst-size>
    <client-timeout>30</client-timeout><header-timeout>15</header-timeout><source-timeout>10</source-timeout>
  </limits>
  <authentication>
    <source-password>$PW</source-password><admin-user>admin</admin-user><admin-password>$PW</admin-password>
  </authentication>
  <hostname>127.0.0.1</hostname>
  <listen-socket><port>$ICECAST_PORT</port><bind-address>127.0.0.1</bind-address></listen-socket>
  <fileserve>0</fileserve>
  <paths>
    <basedir>/usr/share/icecast2</basedir><logdir>$WORK</logdir>
    <webroot>/usr/share/icecast2/web</webroot><adminroot>/usr/share/icecast2/admin</adminroot>
  </paths>
  <logging><accesslog>icecast-access.log</accesslog><errorlog>icecast-error.log</errorlog><loglevel>2</loglevel></logging>
  <security><chroot>0</chroot>$OWNER</security>
</icecast>
XML

wait_port() {  # port
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done
  echo "port $1 did not open" >&2; return 1
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
field() { grep -oE "(^| )$1=[^ ]*" <<<"$2" | cut -d= -f2; }
# Memory of all TCP sockets on the machine (server and load generator), from /proc/net/sockstat's pages.
tcp_mem_mb() { awk -v page="$(getconf PAGESIZE)" '/^TCP:/ { for (i = 1; i < NF; i++) if ($i == "mem") printf "%.0f", $(i + 1) * page / 1048576 }' /proc/net/sockstat; }
# Listeners Airwave's lag policy skipped ahead so far (its Prometheus counter).
lag_skips() { curl -s "http://127.0.0.1:$1/metrics" | awk '/^airwave_listener_lag_skips/ { s += $NF } END { printf "%d", s }'; }

start_server() {  # name port -> sets SERVER_PID
  if [ "$1" = icecast ]; then
    taskset -c $SERVER_CORE icecast2 -c "$WORK/icecast.xml" >"$WORK/icecast.out" 2>&1 &
  else
    # shellcheck disable=SC2086
    taskset -c $SERVER_CORE java $AIRWAVE_JAVA_OPTS -jar "$WORK/airwave.jar" --port "$2" --bind 127.0.0.1 \
      --source-password "$PW" --admin-password "$PW" --ladder '' --set demo.enabled=false >"$WORK/airwave.out" 2>&1 &
  fi
  SERVER_PID=$!; PIDS+=("$SERVER_PID")
  wait_port "$2"
  taskset -c $LOAD_CORE ffmpeg -loglevel error -re -stream_loop -1 -i "$WORK/tone.mp3" -c copy \
    -content_type audio/mpeg -f mp3 "icecast://source:$PW@127.0.0.1:$2/live" >"$WORK/ffmpeg-$1.out" 2>&1 &
  FEED_PID=$!; PIDS+=("$FEED_PID")
  sleep 3   # source connected, burst buffer filled, JIT of the idle server settled
  TITLE_PID=
  if [ "$ICY" = 1 ]; then
    taskset -c $LOAD_CORE bash -c 'i=0; while sleep "$3"; do i=$((i + 1))
        curl -s -o /dev/null -u "admin:$2" "http://127.0.0.1:$1/admin/metadata?mount=/live&mode=updinfo&song=Bench%20Artist%20-%20Title%20$i"
      done' title-changer "$2" "$PW" "$TITLE_EVERY_S" &
    TITLE_PID=$!; PIDS+=("$TITLE_PID")
  fi
}

stop_server() {
  kill $TITLE_PID "$FEED_PID" "$SERVER_PID" 2>/dev/null || true
  wait $TITLE_PID "$FEED_PID" "$SERVER_PID" 2>/dev/null || true
}

ROWS=()
for N in $NS; do
  for SERVER in $SERVERS; do
    PORT=$ICECAST_PORT; [ $SERVER = airwave ] && PORT=$AIRWAVE_PORT
    start_server $SERVER $PORT
    IDLE_RSS=$(rss_kb "$SERVER_PID")
    LOG="$WORK/load-$SERVER-$N.log"; : >"$LOG"
    # shellcheck disable=SC2086
    taskset -c $LOAD_CORE java $LOAD_JAVA_OPTS -jar "$BENCH_JAR" --url "http://127.0.0.1:$PORT/live" \
      --connections "$N" --rate "$RAMP_RATE" --warmup "$WARMUP_S" --duration "$STEADY_S" "${EXTRA[@]}" \
      >"$LOG" 2>&1 &
    LOAD_PID=$!; PIDS+=("$LOAD_PID")
    until grep -q "warm-up settled" "$LOG" || ! kill -0 $LOAD_PID 2>/dev/null; do sleep 0.05; done
    WARM_RSS=$(rss_kb "$SERVER_PID")
    until grep -q "steady window start" "$LOG" || ! kill -0 $LOAD_PID 2>/dev/null; do sleep 0.05; done
    T0=$(date +%s.%N); C0=$(cpu_ticks "$SERVER_PID")
    until grep -q "steady window end" "$LOG" || ! kill -0 $LOAD_PID 2>/dev/null; do sleep 0.05; done
    T1=$(date +%s.%N); C1=$(cpu_ticks "$SERVER_PID"); RSS=$(rss_kb "$SERVER_PID"); TCP_MB=$(tcp_mem_mb)
    SKIPS=-; [ $SERVER = airwave ] && SKIPS=$(lag_skips "$PORT")
    LOAD1=$(cut -d' ' -f1 /proc/loadavg)
    wait $LOAD_PID || true
    SUMMARY=$(grep '^connections=' "$LOG" || echo "connections=$N failed=$N")
    echo "$SERVER N=$N: $SUMMARY" >&2
    ROWS+=("$(awk -v n="$N" -v s="$SERVER" -v c0="$C0" -v c1="$C1" -v t0="$T0" -v t1="$T1" -v hz="$HZ" \
      -v idle="$IDLE_RSS" -v warm="$WARM_RSS" -v rss="$RSS" -v ok="$(field ok "$SUMMARY")" -v lag="$(field lagging "$SUMMARY")" \
      -v st="$(field stalled_listeners "$SUMMARY")" -v p50="$(field ttfb_p50_ms "$SUMMARY")" \
      -v p99="$(field ttfb_p99_ms "$SUMMARY")" -v kbps="$(field mean_kbps "$SUMMARY")" \
      -v slowk="$(field slow_mean_kbps "$SUMMARY")" -v icyerr="$(field icy_errors "$SUMMARY")" \
      -v client="$(field client_cpu_pct "$SUMMARY")" -v gc="$(field client_gc_ms "$SUMMARY")" -v load="$LOAD1" -v skips="$SKIPS" -v tcpmb="$TCP_MB" 'BEGIN {
        cpu = (c1 - c0) / hz; wall = t1 - t0; if (ok < 1) ok = 1;
        printf "%6d  %-8s %6.1f  %9.3f  %8.2f  %7.2f  %6s  %7s  %6s  %8s  %8s  %6s  %6s  %5s  %6s  %6s  %6s  %6s  %5s\n", n, s,
          100 * cpu / wall, 1000 * cpu / (ok * wall), (rss - warm) / ok, (rss - idle) / ok, ok, lag, st, p50, p99, kbps, slowk, skips, tcpmb, icyerr, client, gc, load }')")
    stop_server
  done
done

echo
echo "listener load: 128 kbps MP3, server on core $SERVER_CORE, load on core $LOAD_CORE, steady window ${STEADY_S}s, ramp ${RAMP_RATE}/s ${EXTRA[*]}"
printf "%6s  %-8s %6s  %9s  %8s  %7s  %6s  %7s  %6s  %8s  %8s  %6s  %6s  %5s  %6s  %6s  %6s  %6s  %5s\n" N server "CPU%" "CPUs/kLs" \
  "RSS/L KB" "cold/L" ok lagging stalls "TTFB p50" "TTFB p99" "kbps" "slow" "skips" "tcpMB" "icyerr" "load%" "loadGC" "load1"
printf "%s\n" "${ROWS[@]}"
echo "(CPUs/kLs = server CPU-seconds per 1,000 listener-seconds per served (ok) listener; RSS/L = RSS growth per served"
echo " listener over the idle server after the warm-up (what a listener costs); cold/L = the same over the idle server"
echo " before the warm-up (what the process spends once, JIT code and the heap's high-water mark, counts too);"
echo " stalls = listeners with a gap > 2 s; TTFB in ms; kbps = mean rate of full-rate listeners, slow = of the"
echo " half-rate readers; skips = listeners Airwave's lag policy skipped ahead (Icecast drops them instead: they"
echo " count as not ok); tcpMB = kernel memory of all TCP sockets (both ends) at the end of the window;"
echo " icyerr = invalid metadata blocks; load% = load generator CPU; loadGC = ms the load generator spent collecting"
echo " garbage from the ramp's start to the window's end (its own pauses delay first bytes); load1 = machine load average"
echo " at the end of the window; airwave runs with $AIRWAVE_JAVA_OPTS; logs in $WORK)"
