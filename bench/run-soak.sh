#!/usr/bin/env bash
# Soak benchmark: Airwave under churn for MINUTES (60 for the reference figure, a few for a smoke
# run), sampled every minute. The server (one configured mount, /soak, transcoded to 128 and 64
# kbit/s plus passthrough) is pinned to core 0; the generator (bench/target/airwave-bench.jar,
# org.airwave.bench.SoakLoad) and the program source's ffmpeg to core 1. Loopback only.
# Usage: bench/run-soak.sh [MINUTES]
# Env: LISTENERS (5000), LISTEN_SECONDS (10-120: how long each listener stays), SKIP_MINUTES (5: rows
#      left out of the slopes), AIRWAVE_PORT (18011), AIRWAVE_JAVA_OPTS (the options the Dockerfile and
#      README recommend), LOAD_JAVA_OPTS (the generator's), BUILD (1: build the server and the
#      generator first; 0: use the jars as they are).
set -euo pipefail

MINUTES=${1:-60}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
LISTENERS=${LISTENERS:-5000}
LISTEN_SECONDS=${LISTEN_SECONDS:-10-120}
SKIP_MINUTES=${SKIP_MINUTES:-5}
AIRWAVE_PORT=${AIRWAVE_PORT:-18011}
AIRWAVE_JAVA_OPTS=${AIRWAVE_JAVA_OPTS:--Xmn32m -XX:MaxTenuringThreshold=1 -XX:MetaspaceSize=64m -XX:TrimNativeHeapInterval=2000}
LOAD_JAVA_OPTS=${LOAD_JAVA_OPTS:--Xmx1g -Xmn256m}
BUILD=${BUILD:-1}
PW=soakpw
SERVER_CORE=0
LOAD_CORE=1
BENCH_JAR=$HERE/target/airwave-bench.jar
AIRWAVE_JAR=$ROOT/app/target/airwave.jar

WORK=$(mktemp -d /tmp/airwave-soak.XXXXXX)
echo "soak: $MINUTES min, logs in $WORK" >&2
PIDS=()
cleanup() {
  # The generator stops its ffmpeg on TERM (and each ffmpeg ends by itself within minutes: -t).
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  for _ in $(seq 50); do
    alive=0
    for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.1
  done
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true; done
  echo "soak: logs in $WORK" >&2
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ulimit -n "$(ulimit -Hn)"
command -v ffmpeg >/dev/null || { echo "ffmpeg is needed on the PATH" >&2; exit 1; }
command -v jcmd >/dev/null || { echo "jcmd (a JDK) is needed on the PATH" >&2; exit 1; }
if [ "$BUILD" = 1 ]; then
  (cd "$ROOT" && mvn -B -q -DskipTests package)
  (cd "$HERE" && mvn -B -q package)
fi
[ -f "$AIRWAVE_JAR" ] || { echo "missing $AIRWAVE_JAR (mvn -q -B -DskipTests package)" >&2; exit 1; }
[ -f "$BENCH_JAR" ] || { echo "missing $BENCH_JAR (cd bench && mvn -q -B package)" >&2; exit 1; }
cp "$AIRWAVE_JAR" "$WORK/airwave.jar"   # others may rebuild the jars during the run
cp "$BENCH_JAR" "$WORK/airwave-bench.jar"

# 128 kbit/s CBR MP3, frames only (no ID3 tag, no Xing frame): the sources loop it byte for byte.
ffmpeg -loglevel error -f lavfi -i "sine=frequency=440:beep_factor=4:duration=30:sample_rate=44100" \
  -ac 2 -c:a libmp3lame -b:a 128k -id3v2_version 0 -write_xing 0 -f mp3 "$WORK/tone.mp3"

cat > "$WORK/airwave.yaml" <<YAML
server:
  bind: 127.0.0.1
  port: $AIRWAVE_PORT
demo:
  enabled: false
mounts:
  - path: /soak
    ladder: [128, 64]
    passthrough: true
YAML

# shellcheck disable=SC2086
taskset -c $SERVER_CORE java $AIRWAVE_JAVA_OPTS -Xlog:gc:file="$WORK/gc.log" -jar "$WORK/airwave.jar" --config "$WORK/airwave.yaml" \
  --source-password "$PW" --admin-password "$PW" >"$WORK/airwave.out" 2>&1 &
SERVER_PID=$!; PIDS+=("$SERVER_PID")
for _ in $(seq 300); do (exec 3<>"/dev/tcp/127.0.0.1/$AIRWAVE_PORT") 2>/dev/null && break; sleep 0.1; done
(exec 3<>"/dev/tcp/127.0.0.1/$AIRWAVE_PORT") 2>/dev/null || { echo "port $AIRWAVE_PORT did not open" >&2; exit 1; }

# Bounded: the run, plus time for its last sample and shutdown.
# shellcheck disable=SC2086
timeout $((MINUTES * 60 + 180)) taskset -c $LOAD_CORE java $LOAD_JAVA_OPTS -cp "$WORK/airwave-bench.jar" \
  org.airwave.bench.SoakLoad --url "http://127.0.0.1:$AIRWAVE_PORT/soak" \
  --streams "/soak=128,/soak/128=128,/soak/64=64,/soak/source=128" \
  --server-pid "$SERVER_PID" --source-password "$PW" --mp3 "$WORK/tone.mp3" --mp3-kbps 128 \
  --minutes "$MINUTES" --listeners "$LISTENERS" --listen-seconds "$LISTEN_SECONDS" \
  --skip-minutes "$SKIP_MINUTES" --log-dir "$WORK" --clock-ticks "$(getconf CLK_TCK)" \
  >"$WORK/table.txt" 2> >(tee "$WORK/soak.log" >&2) &
LOAD_PID=$!; PIDS+=("$LOAD_PID")
wait "$LOAD_PID"

echo
echo "soak: $MINUTES min, $LISTENERS listeners (each ${LISTEN_SECONDS} s), server on core $SERVER_CORE, load on core $LOAD_CORE"
cat "$WORK/table.txt"
echo "(rssMB = server RSS; heapMB = Java heap in use right after a full collection (jcmd GC.run, then"
echo " GC.heap_info); thr = threads; fds = open file descriptors; cpu% = server CPU over the minute"
echo " (100 = one core); lsnSrv = listeners the server counts (/api/v1/status); mounts = mounts it lists;"
echo " lsnGen = listeners the generator holds; ended = listener sessions that ended in the minute;"
echo " disturb = those the server let down (closed early, no audio, a stall > 2 s, < 95 % of real-time"
echo " bytes, a bad ICY block; passthrough listeners whose source left are not counted); genLag = the"
echo " most the generator's own event loop ran late in the minute, ms (a stall of that size is the"
echo " generator's or the machine's); load1 = the machine's load average. Server pauses: gc.log;"
echo " airwave runs with $AIRWAVE_JAVA_OPTS; logs in $WORK)"
