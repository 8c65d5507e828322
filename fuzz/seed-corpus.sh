#!/usr/bin/env bash
# Seeds the fuzz corpora with the repository's fixtures and shipped data, and the shared
# GeoJSON suite when it is there.
#   bash fuzz/seed-corpus.sh && cd fuzz && cargo +nightly fuzz run boundaries -- -max_total_time=600
set -euo pipefail
cd "$(dirname "$0")"
root=..
mkdir -p corpus/scenario_ron corpus/events_ron corpus/boundaries corpus/csv_events
cp "$root"/tests/fixtures/scenarios/*.ron corpus/scenario_ron/
for f in "$root"/assets/scenarios/*/scenario.ron; do cp "$f" "corpus/scenario_ron/shipped-$(basename "$(dirname "$f")").ron"; done
cp "$root"/tests/fixtures/scenarios/*events*.ron corpus/events_ron/
for f in "$root"/assets/scenarios/*/events.ron; do cp "$f" "corpus/events_ron/shipped-$(basename "$(dirname "$f")").ron"; done
cp "$root"/tests/fixtures/boundaries/* corpus/boundaries/
cp "$root"/tests/fixtures/csv/*.csv corpus/csv_events/
for t in scenario_ron events_ron boundaries csv_events; do
  [ -d "$root/tests/fixtures/fuzz-regressions/$t" ] || continue
  find "$root/tests/fixtures/fuzz-regressions/$t" -type f ! -name '.*' -exec cp {} "corpus/$t/" \;
done
suite="${FRONTLINE_TESTDATA:-$root/../shared/testdata}/geojson-suite"
if [ -d "$suite" ]; then
  find "$suite" -name '*.geojson' -o -name '*.json' | while read -r f; do cp "$f" "corpus/boundaries/suite-$(basename "$f")"; done
fi
echo "seeded: $(ls corpus/scenario_ron | wc -l) scenarios, $(ls corpus/events_ron | wc -l) events files, $(ls corpus/boundaries | wc -l) boundaries files, $(ls corpus/csv_events | wc -l) CSV files"
