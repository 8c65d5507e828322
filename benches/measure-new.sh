#!/usr/bin/env bash
# `frontline new` for the README's "Your own scenario in a minute": the release binary's size
# (stripped, data included), then `frontline new` for a spread of countries, small to the
# largest in Natural Earth's admin-1 (United Kingdom 232 features, Slovenia 193, Uganda 112,
# Russia 86), ROUNDS runs each: median wall time and peak memory (GNU time).
#   cargo build --release && bash benches/measure-new.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/timed.sh
rounds=${1:-5}
bin=$PWD/target/release/frontline
size=$(stat -c %s "$bin")
echo "release binary: $((size / 1000000)) MB ($size bytes)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for c in AF SY SD UA LB GB SI UG RU US BR FR; do
  # A fresh folder each run: `new` never overwrites one.
  echo "$c: $(timed "$rounds" sh -c "rm -rf '$work/s' && exec '$bin' new bench --country $c -o '$work/s'")"
done
