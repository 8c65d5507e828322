//! A scenario joined to its boundaries and checked as a whole: the thing the CLI commands, the
//! window and the exporter all work from. Loading runs every check (syntax, ids, dates,
//! capitals inside their provinces, provinces without capitals) and either returns a usable
//! bundle with its warnings or every error found.

use std::path::Path;

use crate::boundaries::load::load_boundaries_with;
use crate::boundaries::{Boundaries, LonLat, Projection};
use crate::model::load::{ScenarioSources, read_scenario};
use crate::model::suggest::did_you_mean;
use crate::model::validate::validate_scenario;
use crate::model::{Diagnostic, Diagnostics, Scenario, Timeline};
use crate::progress::Progress;

/// A loaded, validated scenario ready to display.
#[derive(Clone, Debug)]
pub struct ScenarioBundle {
    /// The files as read, with events merged into `sources.scenario.events`.
    pub sources: ScenarioSources,
    /// The provinces.
    pub boundaries: Boundaries,
    /// The neighbouring countries, when the scenario names them.
    pub neighbours: Option<Boundaries>,
    /// The index answering "who held what when".
    pub timeline: Timeline,
    /// Per capital, the index of its province in `boundaries.provinces` (None for a capital
    /// drawn as a marker only).
    pub capital_province: Vec<Option<usize>>,
    /// Per province, the capitals in it (usually one).
    pub province_capitals: Vec<Vec<usize>>,
    /// The projection used for drawing.
    pub projection: Projection,
    /// Warnings (never errors) raised while loading.
    pub warnings: Diagnostics,
}

impl ScenarioBundle {
    /// The scenario.
    pub fn scenario(&self) -> &Scenario {
        &self.sources.scenario
    }

    /// The display name of a capital's province (the scenario's `province_name` when given).
    pub fn province_name_of(&self, capital: usize) -> &str {
        let c = &self.scenario().capitals[capital];
        c.province_name.as_deref().unwrap_or_else(|| {
            self.capital_province[capital]
                .map_or(c.province.as_str(), |p| &self.boundaries.provinces[p].name)
        })
    }

    /// Every file the bundle was built from (to watch for changes).
    pub fn files(&self) -> Vec<std::path::PathBuf> {
        let mut files: Vec<_> = self.sources.files.iter().map(|f| f.path.clone()).collect();
        files.push(self.boundaries.path.clone());
        files.extend(self.neighbours.as_ref().map(|n| n.path.clone()));
        files
    }
}

/// Loads a scenario file, its events files and its boundaries, and checks them together.
pub fn load_bundle(path: &Path) -> Result<ScenarioBundle, Diagnostics> {
    load_bundle_with(path, &Progress::new(), 1.0)
}

/// [`load_bundle`], reporting progress up to `until` of the whole (the rest is left to the
/// caller, e.g. for the geometry).
pub fn load_bundle_with(
    path: &Path,
    progress: &Progress,
    until: f64,
) -> Result<ScenarioBundle, Diagnostics> {
    progress.stage("reading the scenario", 0.0);
    let sources = read_scenario(path).map_err(Diagnostics)?;
    bundle_from_sources(sources, progress, until)
}

/// [`load_bundle_with`] for scenario files already read (the window reads them first, to
/// report a broken file before it opens).
pub fn bundle_from_sources(
    sources: ScenarioSources,
    progress: &Progress,
    until: f64,
) -> Result<ScenarioBundle, Diagnostics> {
    progress.stage("checking the scenario", 0.1 * until);
    let mut diags = validate_scenario(&sources);
    let spec = &sources.scenario.boundaries;
    let boundaries_path = sources.resolve(&spec.file);
    progress.stage("reading the boundaries", 0.15 * until);
    let boundaries = match load_boundaries_with(
        &boundaries_path,
        &spec.id_property,
        &spec.name_property,
        spec.object.as_deref(),
        (progress, 0.15 * until, 0.75 * until),
    ) {
        Ok(b) => b,
        Err(d) => {
            diags.push(d);
            return Err(diags);
        }
    };
    diags.0.extend(boundaries.warnings.iter().cloned());
    let neighbours = match &sources.scenario.neighbours {
        Some(spec) => {
            progress.stage("reading the neighbouring countries", 0.75 * until);
            match load_boundaries_with(
                &sources.resolve(&spec.file),
                &spec.id_property,
                &spec.name_property,
                spec.object.as_deref(),
                (progress, 0.75 * until, 0.8 * until),
            ) {
                Ok(n) => {
                    diags.0.extend(n.warnings.iter().cloned());
                    Some(n)
                }
                Err(d) => {
                    diags.push(d);
                    None
                }
            }
        }
        None => None,
    };
    progress.stage("placing the capitals", 0.8 * until);
    let projection = boundaries.projection();
    let (capital_province, province_capitals) =
        match_capitals(&sources, &boundaries, &projection, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    // Diagnostics are placed; the files' texts are no longer needed.
    let mut sources = sources;
    for file in &mut sources.files {
        file.release_text();
    }
    progress.stage("indexing the events", 0.9 * until);
    let timeline = Timeline::new(&sources.scenario).map_err(|e| {
        Diagnostics(vec![Diagnostic::error(
            sources.scenario_path(),
            e.to_string(),
        )])
    })?;
    Ok(ScenarioBundle {
        sources,
        boundaries,
        neighbours,
        timeline,
        capital_province,
        province_capitals,
        projection,
        warnings: diags,
    })
}

/// How far outside its province a capital may lie before `check` warns, in km: less than a
/// pixel of a country-sized map, the error of a simplified coast or river border.
pub const CAPITAL_TOLERANCE_KM: f64 = 2.0;

/// Finds each capital's province, checks the capital lies inside it and that every province
/// has a capital.
fn match_capitals(
    sources: &ScenarioSources,
    boundaries: &Boundaries,
    projection: &Projection,
    diags: &mut Diagnostics,
) -> (Vec<Option<usize>>, Vec<Vec<usize>>) {
    let main = &sources.files[0];
    let scenario = &sources.scenario;
    let province_ids = || boundaries.provinces.iter().map(|p| p.id.as_str());
    let mut capital_province = Vec::with_capacity(scenario.capitals.len());
    let mut province_capitals = vec![Vec::new(); boundaries.provinces.len()];
    for (ci, capital) in scenario.capitals.iter().enumerate() {
        // Looked up only when a diagnostic needs it: a scan of the file per capital would
        // make loading quadratic.
        let at = || main.locate(&format!("\"{}\"", capital.id), 0);
        if capital.marker_only.is_some() {
            // Drawn as a marker only: its province has no polygon here.
            if let Some(pi) = boundaries.province_index(&capital.province) {
                let p = &boundaries.provinces[pi];
                diags.push(
                    Diagnostic::warning(
                        &main.path,
                        format!(
                            "capital \"{}\" is marked `marker_only`, but its province {} ({}) is in the boundaries",
                            capital.id, p.id, p.name
                        ),
                    )
                    .at_opt(at())
                    .help("remove `marker_only` so that the province takes the capital's colour"),
                );
            }
            capital_province.push(None);
            continue;
        }
        let Some(pi) = boundaries.province_index(&capital.province) else {
            diags.push(
                Diagnostic::error(
                    &main.path,
                    format!(
                        "capital \"{}\": unknown province \"{}\"{}",
                        capital.id,
                        capital.province,
                        did_you_mean(&capital.province, province_ids())
                    ),
                )
                .at_opt(
                    main.locate(&format!("\"{}\"", capital.province), 0)
                        .or_else(at),
                )
                .help(format!(
                    "province ids are the \"{}\" property of {}",
                    scenario.boundaries.id_property,
                    boundaries.path.display()
                )),
            );
            capital_province.push(None);
            continue;
        };
        capital_province.push(Some(pi));
        province_capitals[pi].push(ci);
        let point = LonLat {
            lon: capital.lon,
            lat: capital.lat,
        };
        let province = &boundaries.provinces[pi];
        let km = if province.contains_lonlat(point) {
            0.0
        } else {
            province.distance_km(projection, point)
        };
        if km > CAPITAL_TOLERANCE_KM {
            let inside = boundaries
                .province_at(point)
                .map(|other| {
                    let o = &boundaries.provinces[other];
                    format!("; it lies in {} ({})", o.id, o.name)
                })
                .unwrap_or_default();
            diags.push(
                Diagnostic::warning(
                    &main.path,
                    format!(
                        "capital \"{}\" ({}, {}) lies outside its province {} ({}), {km:.1} km from it{inside}",
                        capital.name,
                        crate::model::diagnostic::short_number(capital.lon),
                        crate::model::diagnostic::short_number(capital.lat),
                        province.id,
                        province.name
                    ),
                )
                .at_opt(at())
                .help("check the coordinates (lon, lat in degrees) and the province id"),
            );
        }
    }
    for (pi, capitals) in province_capitals.iter().enumerate() {
        if capitals.is_empty() {
            let p = &boundaries.provinces[pi];
            diags.push(
                Diagnostic::warning(
                    &main.path,
                    format!(
                        "province {} ({}) has no capital; it will stay unfilled",
                        p.id, p.name
                    ),
                )
                .help(format!("add a Capital with province: \"{}\"", p.id)),
            );
        }
    }
    (capital_province, province_capitals)
}
