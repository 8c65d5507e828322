#!/usr/bin/env bash
# frontline's export beside the peer an analyst would script (geopandas + matplotlib, from
# ../shared/bench/), measured in one run on this machine, whole processes:
#   1. one 1920×1080 briefing frame from a fresh process;
#   2. per frame in a 30-frame batch ((30-frame wall − 1-frame wall) / 29);
#   3. a 30-frame 960×540 GIF.
# Prints medians and ratios (the README's Performance section quotes them).
#
# Needs: a release build (cargo build --release), hyperfine (apt-get install hyperfine), jq,
# and the peer set up once:
#   ../shared/bench/get-data.sh
#   python3 -m venv /tmp/bench-work/venv && /tmp/bench-work/venv/bin/pip install -r ../shared/bench/requirements.txt
#
#   bash benches/compare-peer.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
bench=${BENCH_DIR:-$(cd .. && pwd)/shared/bench}
work=${WORK:-/tmp/bench-work}
bin=target/release/frontline
scenario=assets/scenarios/afghanistan-2021/scenario.ron
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for tool in hyperfine jq; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install $tool)" >&2; exit 1; }
done
[ -x "$bin" ] || { echo "build first: cargo build --release" >&2; exit 1; }
[ -x "$work/venv/bin/python" ] || { echo "set up the peer first (see the header)" >&2; exit 1; }

echo "== peer: geopandas + matplotlib ($bench/bench-export.py, $runs runs)"
"$work/venv/bin/python" "$bench/bench-export.py" bench --runs "$runs" --frames 30 >/dev/null
peer="$work/results/export-results.json"
peer_one=$(jq '.i_one_frame_process.wall.median' "$peer")
peer_frame=$(jq '.ii_per_frame_fresh_figure.per_frame.median' "$peer")

echo "== frontline ($runs runs)"
hyperfine -N -w 2 -r "$runs" --export-json "$out/one.json" \
  "$bin export $scenario --date 2021-08-13 -o $out/one.png" >/dev/null
hyperfine -N -w 1 -r "$runs" --export-json "$out/seq.json" -p "rm -rf $out/seq" \
  "$bin export $scenario --from 2021-07-15 --to 2021-08-13 -o $out/seq" >/dev/null
hyperfine -N -w 1 -r "$runs" --export-json "$out/gif.json" \
  "$bin export $scenario --from 2021-07-15 --to 2021-08-13 --size 960x540 --gif $out/fall.gif" >/dev/null
one=$(jq '.results[0].median' "$out/one.json")
seq=$(jq '.results[0].median' "$out/seq.json")
gif=$(jq '.results[0].median' "$out/gif.json")

python3 - "$peer_one" "$peer_frame" "$one" "$seq" "$gif" <<'PY'
import sys
peer_one, peer_frame, one, seq, gif = map(float, sys.argv[1:])
frame = (seq - one) / 29
print(f"date: machine {__import__('platform').node()}, {__import__('os').cpu_count()} cores")
print("| | frontline | geopandas + matplotlib | ratio |")
print("|---|---|---|---|")
print(f"| one 1920×1080 frame, fresh process (median) | {one*1000:.0f} ms | {peer_one*1000:.0f} ms | {one/peer_one:.3f} (1/{peer_one/one:.0f}) |")
print(f"| per frame in a 30-frame batch | {frame*1000:.1f} ms | {peer_frame*1000:.0f} ms | {frame/peer_frame:.3f} (1/{peer_frame/frame:.0f}) |")
print(f"| 30-frame 960×540 GIF, whole process | {gif*1000:.0f} ms | | |")
PY
