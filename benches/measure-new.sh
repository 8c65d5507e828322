#!/usr/bin/env bash
# `frontline new` for the README's "Your own scenario in a minute": the release binary's size
# (stripped, data included), then `frontline new` for a spread of countries, small to the
# largest in Natural Earth's admin-1 (United Kingdom 232 features, Slovenia 193, Uganda 112,
# Russia 86), ROUNDS runs each: median wall time and peak memory (GNU time).
#   cargo build --release && bash benches/measure-new.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
bin=$PWD/target/release/frontline
size=$(stat -c %s "$bin")
echo "release binary: $((size / 1000000)) MB ($size bytes)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for c in AF SY SD UA LB GB SI UG RU US BR FR; do
  times=()
  mems=()
  for r in $(seq "$rounds"); do
    rm -rf "$work/s"
    read -r t m < <(/usr/bin/time -f "%e %M" "$bin" new "bench" --country "$c" -o "$work/s" 2>&1 >/dev/null | tail -1)
    times+=("$t")
    mems+=("$m")
  done
  mid=$(((rounds + 1) / 2))
  t_med=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "${mid}p")
  t_min=$(printf '%s\n' "${times[@]}" | sort -n | head -1)
  t_max=$(printf '%s\n' "${times[@]}" | sort -n | tail -1)
  m_med=$(printf '%s\n' "${mems[@]}" | sort -n | sed -n "${mid}p")
  echo "$c: median $t_med s (min $t_min, max $t_max), median peak $((m_med / 1024)) MB"
done
