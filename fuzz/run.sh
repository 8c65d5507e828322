#!/usr/bin/env bash
# Seeds the corpora and runs every fuzz target in turn, SECONDS each (default 600).
#   bash fuzz/run.sh [SECONDS] [TARGET...]
# A crash stops that target and leaves its input in fuzz/artifacts/<target>/; fix it and keep the
# input under tests/fixtures/fuzz-regressions/<target>/ (tests/hostile.rs replays them).
set -uo pipefail
cd "$(dirname "$0")"
secs="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(scenario_ron events_ron boundaries csv_events)
bash seed-corpus.sh
status=0
for t in "${targets[@]}"; do
  echo "== $t, ${secs} s"
  cargo +nightly fuzz run "$t" -- -max_total_time="$secs" -rss_limit_mb=4096 -max_len=262144 \
    || { echo "== $t: CRASH, see fuzz/artifacts/$t/"; status=1; }
done
exit $status
