#!/usr/bin/env bash
# CSV events at scale, for the README's Performance section: the 1,000,000-event stress
# scenario written once with events.ron and once with the same events as events.csv
# (`frontline stress-scenario --csv`), then `frontline check` of each, interleaved ROUNDS
# times: wall time and peak memory (GNU time), and the peak against the events file's size.
#   bash benches/measure-csv.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
bin=$PWD/target/release/frontline
data=${SCALE_DIR:-/tmp/frontline-scale}
[ -f "$data/stress/scenario.ron" ] || "$bin" stress-scenario --capitals 5000 --events 1000000 -o "$data/stress"
[ -f "$data/stress-csv/scenario.ron" ] || "$bin" stress-scenario --capitals 5000 --events 1000000 --csv -o "$data/stress-csv"
ron_size=$(stat -c %s "$data/stress/events.ron")
csv_size=$(stat -c %s "$data/stress-csv/events.csv")
echo "events.ron $((ron_size / 1000000)) MB, events.csv $((csv_size / 1000000)) MB (the same 1,000,000 events)"
run() { /usr/bin/time -f "%e %M" "$bin" check "$1" 2>&1 >/dev/null | tail -1; }
for r in $(seq "$rounds"); do
  read -r rt rm < <(run "$data/stress/scenario.ron")
  read -r ct cm < <(run "$data/stress-csv/scenario.ron")
  awk -v rt="$rt" -v rm="$rm" -v ct="$ct" -v cm="$cm" -v rs="$ron_size" -v cs="$csv_size" 'BEGIN {
    printf "round: RON %.2f s, peak %d MB (%.2f x file) | CSV %.2f s, peak %d MB (%.2f x file) | CSV/RON time %.2f\n",
      rt, rm / 1024, rm * 1024 / rs, ct, cm / 1024, cm * 1024 / cs, ct / rt }'
done
