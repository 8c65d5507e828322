//! Synthetic scenarios for benchmarks and tests (`frontline stress-scenario`): N irregular
//! provinces on a grid (corners jittered, edges wiggled, every border shared exactly by its two
//! provinces, as real admin-1 files are), a capital near the middle of each, and M random
//! events, all from a seed so the same command writes the same files.

use std::io::{BufWriter, Write};
use std::path::Path;

/// Points per province edge (more make borders heavier, as real ones are).
const EDGE_POINTS: usize = 8;

/// Longitude span of the grid, degrees.
const SPAN_DEG: f64 = 40.0;

/// Writes `scenario.ron`, `events.ron` (or `events.csv` with `csv`) and `provinces.geojson`
/// into `dir` (created if needed). The CSV holds the same events as the RON would.
pub fn write_stress_scenario(
    dir: &Path,
    capitals: usize,
    events: usize,
    seed: u64,
    csv: bool,
) -> std::io::Result<()> {
    let events_file = if csv { "events.csv" } else { "events.ron" };
    if capitals == 0 {
        return Err(std::io::Error::other("--capitals must be at least 1"));
    }
    std::fs::create_dir_all(dir)?;
    let cols = (capitals as f64).sqrt().ceil() as usize;
    let rows = capitals.div_ceil(cols);
    let cell = SPAN_DEG / cols as f64;
    let grid = Grid {
        cols,
        rows,
        cell,
        seed,
    };

    // Boundaries: one feature per line.
    let mut out = BufWriter::new(std::fs::File::create(dir.join("provinces.geojson"))?);
    writeln!(out, "{{\"type\":\"FeatureCollection\",\"features\":[")?;
    for p in 0..capitals {
        let ring = grid.ring(p % cols, p / cols);
        let coords: Vec<String> = ring
            .iter()
            .map(|[x, y]| format!("[{x:.5},{y:.5}]"))
            .collect();
        writeln!(
            out,
            "{{\"type\":\"Feature\",\"properties\":{{\"id\":\"P{p:05}\",\"name\":\"Province {p}\"}},\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":[[{}]]}}}}{}",
            coords.join(","),
            if p + 1 < capitals { "," } else { "" }
        )?;
    }
    writeln!(out, "]}}")?;
    out.flush()?;

    // Dates: about one event per capital every few days, at least a year.
    let start = jiff::civil::date(2000, 1, 1);
    let days = ((events / capitals.max(1)) as i64 * 3).clamp(365, 3650);
    let end = start
        .checked_add(jiff::Span::new().days(days - 1))
        .map_err(std::io::Error::other)?;

    // Scenario.
    let mut out = BufWriter::new(std::fs::File::create(dir.join("scenario.ron"))?);
    writeln!(
        out,
        "// Synthetic: frontline stress-scenario --capitals {capitals} --events {events} --seed {seed}"
    )?;
    writeln!(out, "Scenario(")?;
    writeln!(
        out,
        "    title: \"Synthetic: {capitals} capitals, {events} events\","
    )?;
    writeln!(
        out,
        "    description: \"Made by frontline stress-scenario for benchmarks; nothing in it is real.\","
    )?;
    writeln!(
        out,
        "    credits: \"Synthetic data (frontline stress-scenario, seed {seed}).\","
    )?;
    writeln!(
        out,
        "    boundaries: Boundaries(file: \"provinces.geojson\", id_property: \"id\", name_property: \"name\"),"
    )?;
    writeln!(out, "    start: \"{start}\", end: \"{end}\",")?;
    writeln!(out, "    statuses: [")?;
    writeln!(
        out,
        "        Status(id: \"blue\", label: \"Blue\", color: \"#0072B2\"),"
    )?;
    writeln!(
        out,
        "        Status(id: \"contested\", label: \"Contested\", color: \"#F0E442\", contested: true, pattern: Hatch),"
    )?;
    writeln!(
        out,
        "        Status(id: \"orange\", label: \"Orange\", color: \"#D55E00\"),"
    )?;
    writeln!(out, "    ],")?;
    writeln!(out, "    initial_status: \"blue\",")?;
    writeln!(out, "    capitals: [")?;
    for p in 0..capitals {
        let [lon, lat] = grid.center(p % cols, p / cols);
        writeln!(
            out,
            "        Capital(id: \"c{p:05}\", name: \"Capital {p}\", province: \"P{p:05}\", lon: {lon:.5}, lat: {lat:.5}{}),",
            if p == 0 { ", national: true" } else { "" }
        )?;
    }
    writeln!(out, "    ],")?;
    writeln!(out, "    events_files: [\"{events_file}\"],")?;
    writeln!(out, ")")?;
    out.flush()?;

    // Events, in date order.
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut dated: Vec<(i64, usize)> = (0..events)
        .map(|_| (rng.i64(0..days), rng.usize(0..capitals)))
        .collect();
    dated.sort_unstable();
    let statuses = ["blue", "contested", "orange"];
    let mut out = BufWriter::new(std::fs::File::create(dir.join(events_file))?);
    if csv {
        writeln!(out, "date,capital,status,report,sources")?;
    } else {
        writeln!(out, "[")?;
    }
    let mut date = start;
    let mut day = 0;
    for (d, capital) in dated {
        while day < d {
            date = date.tomorrow().map_err(std::io::Error::other)?;
            day += 1;
        }
        let status = statuses[rng.usize(0..statuses.len())];
        let report = match rng.u8(0..20) {
            0 => "Claimed",
            1 => "Disputed",
            2 => "Unconfirmed",
            _ => "Confirmed",
        };
        if csv {
            writeln!(out, "{date},c{capital:05},{status},{report},synthetic")?;
        } else {
            writeln!(
                out,
                "Event(date: \"{date}\", capital: \"c{capital:05}\", status: \"{status}\", report: {report}, sources: [Source(text: \"synthetic\")]),"
            )?;
        }
    }
    if !csv {
        writeln!(out, "]")?;
    }
    out.flush()
}

/// The grid the provinces are cut from.
struct Grid {
    cols: usize,
    rows: usize,
    cell: f64,
    seed: u64,
}

impl Grid {
    /// A number in -0.5..0.5 from the seed and a key, the same every time it is asked for.
    fn noise(&self, key: u64) -> f64 {
        fastrand::Rng::with_seed(self.seed ^ key.wrapping_mul(0x9E37_79B9_7F4A_7C15)).f64() - 0.5
    }

    /// Grid corner (i, j), jittered (except on the outline, which stays straight).
    fn corner(&self, i: usize, j: usize) -> [f64; 2] {
        let inner = i > 0 && j > 0 && i < self.cols && j < self.rows;
        let (dx, dy) = if inner {
            let k = ((i as u64) << 32) | j as u64;
            (0.5 * self.noise(k), 0.5 * self.noise(k ^ 0xABCD))
        } else {
            (0.0, 0.0)
        };
        [
            (i as f64 + dx) * self.cell,
            (j as f64 + dy) * self.cell - 0.5 * self.rows as f64 * self.cell,
        ]
    }

    /// The points strictly between two corners, wiggled the same way whichever side asks.
    fn edge(&self, a: (usize, usize), b: (usize, usize)) -> Vec<[f64; 2]> {
        let (lo, hi, flipped) = if a <= b { (a, b, false) } else { (b, a, true) };
        let (p, q) = (self.corner(lo.0, lo.1), self.corner(hi.0, hi.1));
        let key =
            ((lo.0 as u64) << 48) ^ ((lo.1 as u64) << 32) ^ ((hi.0 as u64) << 16) ^ hi.1 as u64;
        let (nx, ny) = (-(q[1] - p[1]), q[0] - p[0]);
        let mut points: Vec<[f64; 2]> = (1..EDGE_POINTS)
            .map(|k| {
                let t = k as f64 / EDGE_POINTS as f64;
                let w = 0.15 * self.noise(key ^ k as u64) * (std::f64::consts::PI * t).sin();
                [
                    p[0] + t * (q[0] - p[0]) + w * nx,
                    p[1] + t * (q[1] - p[1]) + w * ny,
                ]
            })
            .collect();
        if flipped {
            points.reverse();
        }
        points
    }

    /// The closed ring of cell (i, j), counter-clockwise.
    fn ring(&self, i: usize, j: usize) -> Vec<[f64; 2]> {
        let corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)];
        let mut ring = Vec::with_capacity(4 * EDGE_POINTS + 1);
        for k in 0..4 {
            let (a, b) = (corners[k], corners[(k + 1) % 4]);
            ring.push(self.corner(a.0, a.1));
            ring.extend(self.edge(a, b));
        }
        ring.push(ring[0]);
        ring
    }

    /// The middle of cell (i, j): the mean of its corners.
    fn center(&self, i: usize, j: usize) -> [f64; 2] {
        let c = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)].map(|(a, b)| self.corner(a, b));
        [
            c.iter().map(|p| p[0]).sum::<f64>() / 4.0,
            c.iter().map(|p| p[1]).sum::<f64>() / 4.0,
        ]
    }
}
