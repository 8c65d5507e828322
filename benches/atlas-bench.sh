#!/usr/bin/env bash
# The briefing pack (issue 19, point 6): `frontline export afghanistan-2021 --atlas` (title page,
# a page per key moment, the table of changes with links) as a whole process, ROUNDS runs after
# one warm-up: median wall time and peak memory (GNU time), and the PDF's size and page count.
# A bench, not a test: it prints figures and judges nothing (budget: 3 s).
#   cargo build --release && bash benches/atlas-bench.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/timed.sh
rounds=${1:-5}
bin=${FRONTLINE_BIN:-$PWD/target/release/frontline}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for scenario in afghanistan-2021 syria-2024 sudan-2023; do
  "$bin" export "$scenario" --atlas -o "$out/warm.pdf" >/dev/null
  summary=$(timed "$rounds" "$bin" export "$scenario" --atlas -o "$out/$scenario.pdf")
  pages=$(pdfinfo "$out/$scenario.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
  size=$(stat -c %s "$out/$scenario.pdf")
  echo "$scenario: $summary, ${pages:-?} pages, $((size / 1000)) kB"
done
