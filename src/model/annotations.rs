//! Annotations: words and arrows on the map for a span of days ("Taliban advance from the
//! north", "airport still held", "siege since May"), written in the scenario's `annotations`
//! or in files listed in `annotations_files` (hot-reloaded like events files). Their types are
//! part of the scenario ([`super::scenario`]); this module checks them. The scene places them
//! ([`crate::scene::annotations`]); every backend draws them.
//!
//! ```ron
//! Annotation(
//!     kind: Arrow(from: Capital("mazar-i-sharif"), to: Capital("kabul"), curve: 0.15),
//!     text: "Taliban advance from the north",
//!     from: "2021-08-13",
//!     to: "2021-08-15",
//!     status: Some("taliban"),
//!     meaning: Some("Arrows: Taliban advances"),
//!     sources: [Source(text: "Reuters, 2021-08-14")],
//! )
//! ```

use super::diagnostic::{Diagnostic, Diagnostics, SourceLocation};
pub use super::scenario::{Annotation, AnnotationKind, Place};
use super::sources::ScenarioSources;

/// Where the `index`-th annotation was written: the n-th `Annotation(` of its file.
fn locate(sources: &ScenarioSources, index: usize) -> (usize, Option<SourceLocation>) {
    let origin = sources.annotation_origins.get(index).copied();
    let (file, item) = origin.map_or((0, index), |o| (o.file, o.item));
    let Some(f) = sources.files.get(file) else {
        return (0, None);
    };
    let mut from = 0;
    for _ in 0..item {
        match f.text[from..].find("Annotation(") {
            Some(at) => from += at + 1,
            None => return (file, None),
        }
    }
    (file, f.locate("Annotation(", from))
}

/// Checks every annotation: known capitals and statuses, dates in order and within the
/// scenario, sizes that make sense, coordinates in range, and sources.
pub fn validate_annotations(sources: &ScenarioSources, out: &mut Diagnostics) {
    let s = &sources.scenario;
    for (i, a) in s.annotations.iter().enumerate() {
        let (file, at) = locate(sources, i);
        let path = &sources.files[file].path;
        let what = format!("annotation {} (\"{}\")", i + 1, a.text);
        let mut push = |d: Diagnostic| out.push(d.at_opt(at.clone()));
        if a.text.trim().is_empty() {
            push(
                Diagnostic::error(path, format!("{what}: no text"))
                    .help("write the words the map shows, e.g. text: \"Advance from the north\""),
            );
        } else if a.text.chars().count() > 80 {
            push(Diagnostic::warning(path, format!("{what}: {} characters is long for the map", a.text.chars().count()))
                .help("keep annotation text short (under about 40 characters); put the detail in the sources"));
        }
        if a.from > a.to {
            push(
                Diagnostic::error(
                    path,
                    format!("{what}: from {} is after to {}", a.from, a.to),
                )
                .help("write the first day it shows in `from` and the last in `to`"),
            );
        }
        if a.to < s.start || a.from > s.end {
            push(Diagnostic::warning(
                path,
                format!(
                    "{what}: {} to {} is outside the scenario's range {} to {}; it never shows",
                    a.from, a.to, s.start, s.end
                ),
            ));
        }
        if let Some(status) = &a.status
            && !s.statuses.iter().any(|st| &st.id == status)
        {
            push(
                Diagnostic::error(
                    path,
                    format!(
                        "{what}: unknown status \"{status}\"{}",
                        super::suggest::did_you_mean(
                            status,
                            s.statuses.iter().map(|st| st.id.as_str())
                        )
                    ),
                )
                .help(
                    "`status` names one of the scenario's statuses; its colour is the annotation's",
                ),
            );
        }
        for place in a.places() {
            match place {
                Place::Capital(id) if !s.capitals.iter().any(|c| &c.id == id) => push(
                    Diagnostic::error(
                        path,
                        format!(
                            "{what}: unknown capital \"{id}\"{}",
                            super::suggest::did_you_mean(id, s.capitals.iter().map(|c| c.id.as_str()))
                        ),
                    )
                    .help("write Capital(\"id\") with a capital's id, or LonLat(lon, lat) for a point"),
                ),
                Place::LonLat(lon, lat) if !(-180.0..=180.0).contains(lon) || !(-90.0..=90.0).contains(lat) => push(
                    Diagnostic::error(path, format!("{what}: LonLat({lon}, {lat}) is outside WGS84 range"))
                        .help("write LonLat(lon, lat) in decimal degrees, longitude first"),
                ),
                _ => {}
            }
        }
        match &a.kind {
            AnnotationKind::Arrow { from, to, curve } => {
                if from == to {
                    push(
                        Diagnostic::error(path, format!("{what}: the arrow starts where it ends"))
                            .help("give `from` and `to` two different places"),
                    );
                }
                if !curve.is_finite() || curve.abs() > 0.5 {
                    push(Diagnostic::error(path, format!("{what}: curve {curve} is outside -0.5 to 0.5"))
                        .help("0 draws a straight arrow; 0.2 bends it gently to the left, -0.2 to the right"));
                }
            }
            AnnotationKind::Circle { radius_km, .. }
                if !radius_km.is_finite() || *radius_km <= 0.0 || *radius_km > 2000.0 =>
            {
                push(
                    Diagnostic::error(
                        path,
                        format!("{what}: radius_km {radius_km} is not between 0 and 2000"),
                    )
                    .help("give the circle's radius in kilometres, e.g. radius_km: 15.0"),
                );
            }
            AnnotationKind::Area { polygon } if polygon.len() < 3 => {
                push(
                    Diagnostic::error(
                        path,
                        format!(
                            "{what}: an area needs at least 3 corners, not {}",
                            polygon.len()
                        ),
                    )
                    .help("list the corners in order: polygon: [LonLat(…), LonLat(…), LonLat(…)]"),
                );
            }
            _ => {}
        }
        if a.sources.is_empty() {
            push(Diagnostic::warning(path, format!("{what}: no sources"))
                .help("add sources: [Source(text: \"…\", url: \"https://…\")] so readers can check it"));
        }
    }
}
