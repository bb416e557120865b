#!/usr/bin/env bash
# Runs Airwave's Jazzer fuzz targets (the @FuzzTest methods that `mvn test` replays from their seed
# corpus) in fuzzing mode, one after another, and prints executions and exec/s per target.
#
#   fuzz/run-fuzz.sh TARGET|all SECONDS [MAX_EXECUTIONS]
#   fuzz/run-fuzz.sh list
#
# Each target runs for SECONDS (or until MAX_EXECUTIONS inputs, if given) under `nice -n 19`.
# A finding fails the run; Jazzer writes the crashing input into the target's seed directory
# (src/test/resources/<package>/<Class>Inputs/<method>/), where `mvn test` replays it from then on:
# fix the code and commit the input with the fix. Inputs that found new coverage are kept in
# <module>/.cifuzz-corpus/ (not committed) and reused by the next run. Logs go to fuzz/logs/.
set -euo pipefail
cd "$(dirname "$0")/.."

TARGETS=(
  "mpeg-audio        core    org.airwave.core.format.AudioFramerFuzzTest#mpegAudio"
  "adts              core    org.airwave.core.format.AudioFramerFuzzTest#adts"
  "ogg               core    org.airwave.core.format.AudioFramerFuzzTest#ogg"
  "flac              core    org.airwave.core.format.AudioFramerFuzzTest#flac"
  "request-target    core    org.airwave.core.http.RequestTargetFuzzTest#target"
  "request-head      ingest  org.airwave.ingest.http.RequestHeadFuzzTest#head"
  "shoutcast-login   ingest  org.airwave.ingest.shoutcast.ShoutcastSourceFuzzTest#login"
  "shoutcast-source  ingest  org.airwave.ingest.shoutcast.ShoutcastSourceFuzzTest#decoder"
  "chunked-body      ingest  org.airwave.ingest.icecast.ChunkedBodyFuzzTest#body"
  "upstream-head     ingest  org.airwave.ingest.relay.UpstreamFuzzTest#head"
  "icy-metadata      ingest  org.airwave.ingest.relay.UpstreamFuzzTest#icyMetadata"
  "listener-path     serve   org.airwave.serve.listener.ListenerRequestFuzzTest#listenerPath"
)

usage() {
  echo "usage: $0 TARGET|all SECONDS [MAX_EXECUTIONS]   |   $0 list" >&2
  exit 2
}

if [[ "${1:-}" == "list" ]]; then
  for t in "${TARGETS[@]}"; do echo "$t"; done
  exit 0
fi
[[ $# -ge 2 && "$2" =~ ^[0-9]+$ ]] || usage
WANTED="$1"
SECONDS_PER_TARGET="$2"
MAX_EXECUTIONS="${3:-0}"
[[ "$MAX_EXECUTIONS" =~ ^[0-9]+$ ]] || usage

mkdir -p fuzz/logs

SUMMARY=()
STATUS=0
for t in "${TARGETS[@]}"; do
  read -r name module test <<<"$t"
  [[ "$WANTED" == "all" || "$WANTED" == "$name" ]] || continue
  log="fuzz/logs/$name.log"
  args=(-Djazzer.internal.arg.0=fuzz "-Djazzer.internal.arg.1=-max_total_time=$SECONDS_PER_TARGET")
  if (( MAX_EXECUTIONS > 0 )); then
    args+=("-Djazzer.internal.arg.2=-runs=$MAX_EXECUTIONS")
  fi
  echo "== $name ($test) for ${SECONDS_PER_TARGET}s, log $log"
  started=$(date +%s)
  result=ok
  # -am builds the modules the target's module depends on; their tests are filtered out by -Dtest.
  if ! JAZZER_FUZZ=1 nice -n 19 mvn -B -o test -pl "$module" -am -Dtest="$test" \
      -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.hooks=true "${args[@]}" >"$log" 2>&1; then
    STATUS=1
    result="FAILED (see $log)"
    if grep -aqE 'FuzzTestFinding|== Java Exception|SUMMARY: libFuzzer' "$log"; then
      result="FINDING (see $log)"
    fi
  fi
  elapsed=$(( $(date +%s) - started ))
  done_line=$(grep -aE '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 || true)
  runs=$(sed -E 's/^Done ([0-9]+) runs in ([0-9]+) second.*/\1/' <<<"$done_line")
  secs=$(sed -E 's/^Done ([0-9]+) runs in ([0-9]+) second.*/\2/' <<<"$done_line")
  if [[ -z "$done_line" ]]; then
    runs=$(grep -aoE '^#[0-9]+' "$log" | tail -1 | tr -d '#' || true)
    secs=$elapsed
  fi
  runs=${runs:-0}
  rate=$(( secs > 0 ? runs / secs : runs ))
  SUMMARY+=("$(printf '%-17s %12s %9s %7ss %s' "$name" "$runs" "$rate" "$secs" "$result")")
  echo "${SUMMARY[-1]}"
done
if (( ${#SUMMARY[@]} == 0 )); then
  echo "no target named $WANTED (see $0 list)" >&2
  exit 2
fi
echo
printf '%-17s %12s %9s %8s %s\n' target executions exec/s duration result
printf '%s\n' "${SUMMARY[@]}"
exit $STATUS
