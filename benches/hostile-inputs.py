#!/usr/bin/env python3
"""Writes the hostile inputs the README's memory figures are measured on, each with a scenario
that uses it, into a folder (default /tmp/frontline-hostile):

  squares/   a GeoJSON of 2.2 million small squares (740 MB)
  ring/      one ring of 10 million points (230 MB)
  events/    1,000,000 events (197 MB of RON)
  unknown/   200,000 events naming an unknown capital (40 MB)

Then measure, e.g.:
  /usr/bin/time -v target/release/frontline check /tmp/frontline-hostile/squares/scenario.ron
"""
import os
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "/tmp/frontline-hostile"

SCENARIO = """Scenario(
    title: "{title}",
    boundaries: Boundaries(file: "{boundaries}", id_property: "id", name_property: "name"),
    start: "2020-01-01", end: "2020-12-31",
    statuses: [Status(id: "a", label: "A", color: "#0072B2"), Status(id: "b", label: "B", color: "#D55E00")],
    initial_status: "a",
    capitals: [{capitals}],
    events_files: [{events}],
)
"""


def write(folder, name, text):
    os.makedirs(os.path.join(root, folder), exist_ok=True)
    with open(os.path.join(root, folder, name), "w") as f:
        f.write(text)


def squares():
    path = os.path.join(root, "squares", "provinces.geojson")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    n = 2_200_000
    side = 1500  # 1500 x 1467 grid of 0.1-degree squares
    with open(path, "w") as f:
        f.write('{"type":"FeatureCollection","features":[\n')
        for i in range(n):
            x = -150 + (i % side) * 0.1
            y = -73 + (i // side) * 0.1
            ring = [[x, y], [x + 0.1, y], [x + 0.1, y + 0.1], [x, y + 0.1], [x, y]]
            coords = ",".join("[%.6f,%.6f]" % (a, b) for a, b in ring)
            f.write('{"type":"Feature","properties":{"id":"P%d","name":"Province number %d","population":%d,"note":"padding to make the file a realistic size for its count"},"geometry":{"type":"Polygon","coordinates":[[%s]]}}%s\n'
                    % (i, i, i * 7, coords, "," if i + 1 < n else ""))
        f.write("]}\n")
    write("squares", "scenario.ron", SCENARIO.format(
        title="2.2 million squares", boundaries="provinces.geojson",
        capitals='Capital(id: "c0", name: "C0", province: "P0", lon: -149.95, lat: -72.95)', events=""))


def ring():
    path = os.path.join(root, "ring", "provinces.geojson")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    n = 10_000_000
    import math
    with open(path, "w") as f:
        f.write('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"R","name":"Ring"},"geometry":{"type":"Polygon","coordinates":[[')
        for i in range(n):
            a = 2 * math.pi * i / n
            f.write("[%.7f,%.7f]," % (10 + 5 * math.cos(a), 10 + 5 * math.sin(a)))
        f.write("[15.0000000,10.0000000]]]}}]}\n")
    write("ring", "scenario.ron", SCENARIO.format(
        title="One ring of 10 million points", boundaries="provinces.geojson",
        capitals='Capital(id: "c", name: "C", province: "R", lon: 10, lat: 10)', events=""))


def two_provinces(folder):
    write(folder, "provinces.geojson", '{"type":"FeatureCollection","features":['
          '{"type":"Feature","properties":{"id":"W","name":"W"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}},'
          '{"type":"Feature","properties":{"id":"E","name":"E"},"geometry":{"type":"Polygon","coordinates":[[[1,0],[2,0],[2,1],[1,1],[1,0]]]}}]}')


def events(folder, count, capital, title):
    two_provinces(folder)
    path = os.path.join(root, folder, "events.ron")
    with open(path, "w") as f:
        f.write("[\n")
        for i in range(count):
            day = 1 + i % 365
            month, d = 1 + (day - 1) // 31 % 12, 1 + (day - 1) % 28
            f.write('Event(date: "2020-%02d-%02d", capital: "%s", status: "%s", report: Confirmed, note: "Synthetic event %d for a memory test.", sources: [Source(text: "Generated", url: "https://example.org/%d")]),\n'
                    % (month, d, capital(i), "ab"[i % 2], i, i))
        f.write("]\n")
    write(folder, "scenario.ron", SCENARIO.format(
        title=title, boundaries="provinces.geojson",
        capitals='Capital(id: "w", name: "W", province: "W", lon: 0.5, lat: 0.5), Capital(id: "e", name: "E", province: "E", lon: 1.5, lat: 0.5)',
        events='"events.ron"'))


if __name__ == "__main__":
    events("events", 1_000_000, lambda i: "we"[i % 2], "A million events")
    events("unknown", 200_000, lambda i: "nowhere", "200,000 events naming an unknown capital")
    ring()
    squares()
    for folder in ["squares", "ring", "events", "unknown"]:
        size = sum(os.path.getsize(os.path.join(root, folder, f)) for f in os.listdir(os.path.join(root, folder)))
        print(f"{folder}: {size / 1e6:.0f} MB")
