#!/bin/sh
# Transcoding benchmark: decode + 4-rung MP3 ladder (320/192/128/64) at full speed, against the
# ffmpeg CLI doing the same. Needs ffmpeg and /usr/bin/time (Debian: ffmpeg, time).
# Usage: transcode/bench/run-ladder-bench.sh [audio seconds, default 120] [LAME quality 0-9, default 3] [runs, default 3]
set -eu
SECONDS_OF_AUDIO=${1:-120}
QUALITY=${2:-3}
RUNS=${3:-3}
MODULE=$(cd "$(dirname "$0")/.." && pwd)
ROOT=$(cd "$MODULE/.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Music-like input: pink noise under a slowly beating two-note chord, panned by a pulsator, as
# 44.1 kHz stereo MP3 at 128 kbit/s.
ffmpeg -nostdin -v error -y \
  -f lavfi -i "anoisesrc=d=$SECONDS_OF_AUDIO:c=pink:r=44100:a=0.12" \
  -f lavfi -i "sine=f=220:d=$SECONDS_OF_AUDIO:r=44100" \
  -f lavfi -i "sine=f=331:d=$SECONDS_OF_AUDIO:r=44100" \
  -filter_complex "[0][1][2]amix=inputs=3,aformat=channel_layouts=stereo,apulsator=hz=0.25,volume=1.5" \
  -c:a libmp3lame -b:a 128k "$WORK/input.mp3"

cd "$ROOT"
# One reactor build: the core module resolves to its target/ directories, nothing is installed.
mvn -q -B -pl transcode -am test-compile dependency:build-classpath -Dmdep.outputFile="$WORK/classpath" \
  -Dmdep.includeScope=test
java -cp "$MODULE/target/test-classes:$MODULE/target/classes:$(cat "$WORK/classpath")" \
  org.airwave.transcode.bench.LadderBench "$WORK/input.mp3" "$SECONDS_OF_AUDIO" "$QUALITY" "$RUNS"
