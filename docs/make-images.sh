#!/usr/bin/env bash
# Regenerates the README's pictures from the shipped scenarios with a release build:
#   bash docs/make-images.sh
# The window pictures need a display (or xvfb-run) and xdotool; exports need neither.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/frontline
[ -x "$bin" ] || cargo build --release
"$bin" export afghanistan-2021 --date 2021-08-13 -o docs/export-2021-08-13.png
"$bin" export syria-2024 --date 2024-12-07 -o docs/export-syria-2024-12-07.png
"$bin" export afghanistan-2021 --compare 2021-08-06 2021-08-13 -o docs/compare-2021-08-06-13.png
"$bin" export afghanistan-2021 --from 2021-08-06 --to 2021-08-16 --step 2d --grid 3x2 \
  -o docs/grid-2021-08-06-16.png
"$bin" export syria-2024 --date 2024-12-07 --size 1080x1350 --theme dark \
  -o docs/export-syria-portrait-dark.png
# Sudan 2023–2025: Nyala's fall, Wad Madani's fall and retaking, El Fasher's fall, light and
# dark; the whole war as a 3x2 grid.
"$bin" export sudan-2023 --date 2023-10-26 -o docs/sudan-2023-10-26.png
"$bin" export sudan-2023 --date 2023-12-18 --theme dark -o docs/sudan-2023-12-18-dark.png
"$bin" export sudan-2023 --date 2025-01-11 -o docs/sudan-2025-01-11.png
"$bin" export sudan-2023 --date 2025-10-26 --theme dark -o docs/sudan-2025-10-26-dark.png
"$bin" export sudan-2023 --from 2023-04-15 --to 2025-10-31 --step auto --grid 3x2 -o docs/sudan-grid.png

# A briefing pack: Syria's atlas, its first key moment's page and a page of the table, light;
# Afghanistan's 14 August page, dark (pdftoppm from poppler-utils).
pack=$(mktemp -d)
"$bin" export syria-2024 --atlas -o "$pack/syria.pdf"
pdftoppm -r 72 -png -f 3 -l 3 -singlefile "$pack/syria.pdf" docs/atlas-syria-page
pdftoppm -r 72 -png -f 1 -l 1 -singlefile "$pack/syria.pdf" docs/atlas-syria-title
last=$(pdfinfo "$pack/syria.pdf" | awk '/^Pages:/ {print $2}')
pdftoppm -r 72 -png -f "$last" -l "$last" -singlefile "$pack/syria.pdf" docs/atlas-syria-table
"$bin" export afghanistan-2021 --date 2021-08-14 --theme dark -o docs/annotations-2021-08-14-dark.png

# The HTML page in headless Chromium (needs node and `npm ci` in tests/browser), with
# Kandahar's history open.
page=$(mktemp -d)/fall.html
"$bin" export afghanistan-2021 --date 2021-08-13 -o "$page"
steps=$(mktemp)
cat >"$steps" <<JSON
[{"op": "open", "width": 1280, "height": 720, "hash": "2021-08-13"},
 {"op": "click", "selector": "#markers [data-capital=\"kandahar\"]"},
 {"op": "screenshot", "path": "$PWD/docs/html-page.png"}]
JSON
node tests/browser/drive.mjs "$page" "$steps" >/dev/null

# The window: a capture of the whole window, then presentation mode (F5) through xdotool.
run() { if [ -n "${DISPLAY:-}" ]; then "$@"; else xvfb-run -a -s "-screen 0 1600x900x24" "$@"; fi; }
export FRONTLINE_CONFIG_DIR=$(mktemp -d)
run "$bin" afghanistan-2021 --date 2021-08-13 --window-capture docs/screenshot.png
run "$bin" sudan-2023 --date 2023-12-18 --window-capture docs/window-sudan-2023-12-18.png
run "$bin" sudan-2023 --date 2025-10-26 --theme dark \
  --window-capture docs/window-sudan-2025-10-26-dark.png
run bash -c '
  "$0" afghanistan-2021 --date 2021-08-13 >/dev/null 2>&1 &
  pid=$!
  sleep 8
  xdotool windowfocus --sync "$(xdotool search --name frontline | tail -1)" 2>/dev/null || true
  xdotool key F5
  sleep 3
  import -window root docs/presentation.png
  kill $pid' "$bin"
