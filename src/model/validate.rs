//! Validation of a scenario on its own (without its boundaries): unique ids, known status and
//! capital ids with "did you mean" suggestions, dates inside the scenario's range, colours,
//! sources. Each diagnostic names the file and, where the id can be found in the text, its
//! line:column.

use std::collections::HashMap;

use super::color::Rgb;
use super::diagnostic::{Diagnostic, Diagnostics, SourceLocation, short_number};
use super::scenario::{PresenceKind, ReportKind};
use super::sources::{ScenarioSources, SourceFile};
use super::suggest::did_you_mean;

/// Byte offsets where each list item starting with `key:` begins, after `section` (or from the
/// start when `section` is empty). Used to point diagnostics at the n-th event.
fn item_offsets(text: &str, section: &str, key: &str) -> Vec<usize> {
    let start = if section.is_empty() {
        0
    } else {
        text.find(section).map_or(text.len(), |i| i + section.len())
    };
    let mut offsets = Vec::new();
    let mut from = start;
    while let Some(i) = text[from..].find(key) {
        let at = from + i;
        let prev = text[..at].chars().next_back();
        let rest = text[at + key.len()..].trim_start();
        if !prev.is_some_and(|c| c.is_alphanumeric() || c == '_') && rest.starts_with(':') {
            offsets.push(at);
        }
        from = at + key.len();
    }
    offsets
}

/// Where the n-th occurrence of `"value"` is in `file`.
fn nth_quoted(file: &SourceFile, value: &str, n: usize) -> Option<SourceLocation> {
    let needle = format!("\"{value}\"");
    let mut from = 0;
    for _ in 0..n {
        from += file.text[from..].find(&needle)? + needle.len();
    }
    file.locate(&needle, from)
}

/// Reports ids used more than once in a list (the second and later occurrences).
fn check_unique<'a>(
    out: &mut Diagnostics,
    file: &SourceFile,
    what: &str,
    ids: impl Iterator<Item = &'a str>,
) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for id in ids {
        let count = seen.entry(id).or_default();
        *count += 1;
        if *count == 2 {
            out.push(
                Diagnostic::error(&file.path, format!("duplicate {what} id \"{id}\""))
                    .at_opt(nth_quoted(file, id, 1))
                    .help(format!("every {what} needs its own id")),
            );
        }
    }
}

/// Checks a scenario read from disk; returns every problem found.
pub fn validate_scenario(sources: &ScenarioSources) -> Diagnostics {
    let mut out = Diagnostics::default();
    let s = &sources.scenario;
    let main = &sources.files[0];
    let path = &main.path;
    // What reading CSV events files found (unknown columns, formulas kept as text).
    for file in &sources.files {
        if let Some(layout) = &file.csv {
            out.0.extend(layout.warnings.iter().cloned());
        }
    }

    super::annotations::validate_annotations(sources, &mut out);

    if s.title.trim().is_empty() {
        out.push(Diagnostic::error(path, "the title is empty").at_opt(main.locate("title", 0)));
    }
    if s.start > s.end {
        out.push(
            Diagnostic::error(
                path,
                format!(
                    "the scenario starts ({}) after it ends ({})",
                    s.start, s.end
                ),
            )
            .at_opt(main.locate("start", 0))
            .help("swap `start` and `end`"),
        );
    }

    if s.statuses.is_empty() {
        out.push(
            Diagnostic::error(path, "no statuses are defined")
                .help("add at least one Status(id, label, color)"),
        );
    }
    check_unique(
        &mut out,
        main,
        "status",
        s.statuses.iter().map(|st| st.id.as_str()),
    );
    for st in &s.statuses {
        for color in std::iter::once(&st.color).chain(st.dark_color.as_ref()) {
            if let Err(e) = color.parse::<Rgb>() {
                out.push(
                    Diagnostic::error(path, format!("status \"{}\": {e}", st.id))
                        .at_opt(nth_quoted(main, color, 0)),
                );
            }
        }
    }
    let status_ids = || s.statuses.iter().map(|st| st.id.as_str());
    if s.status_index(&s.initial_status).is_none() {
        out.push(
            Diagnostic::error(
                path,
                format!(
                    "initial_status \"{}\" is not a defined status{}",
                    s.initial_status,
                    did_you_mean(&s.initial_status, status_ids())
                ),
            )
            .at_opt(nth_quoted(main, &s.initial_status, 0)),
        );
    }

    check_unique(
        &mut out,
        main,
        "capital",
        s.capitals.iter().map(|c| c.id.as_str()),
    );
    for c in &s.capitals {
        if !(-180.0..=180.0).contains(&c.lon) || !(-90.0..=90.0).contains(&c.lat) {
            out.push(
                Diagnostic::error(path, format!("capital \"{}\" has lon {} lat {}, outside WGS84 range", c.id, short_number(c.lon), short_number(c.lat)))
                    .at_opt(nth_quoted(main, &c.id, 0))
                    .help("write lon (−180..180) and lat (−90..90) in decimal degrees; lon comes first in GeoJSON but fields here are named"),
            );
        }
    }
    for c in &s.capitals {
        if let Some(why) = &c.guessed {
            out.push(
                Diagnostic::warning(
                    path,
                    format!("capital \"{}\" ({}) of province {} is a guess: {why}", c.name, c.id, c.province),
                )
                .at_opt(nth_quoted(main, &c.id, 0))
                .help("confirm the province's capital and its coordinates (e.g. on Wikipedia or the country's statistics office), fix name, lon and lat if needed, then delete `guessed`"),
            );
        }
    }
    if s.capitals.iter().filter(|c| c.national).count() > 1 {
        out.push(Diagnostic::warning(
            path,
            "more than one capital is marked `national: true`",
        ));
    }

    let capital_ids = || s.capitals.iter().map(|c| c.id.as_str());
    // Ids looked up once each; suggestions computed once per unknown id: validation stays
    // linear however many events name the same unknown capital.
    let known_capitals: std::collections::HashSet<&str> = capital_ids().collect();
    let known_statuses: std::collections::HashSet<&str> = status_ids().collect();
    let mut suggestions: HashMap<(bool, String), String> = HashMap::new();
    let mut suggest = |capital: bool, id: &str| -> String {
        suggestions
            .entry((capital, id.to_string()))
            .or_insert_with(|| {
                if capital {
                    did_you_mean(id, s.capitals.iter().map(|c| c.id.as_str()))
                } else {
                    did_you_mean(id, s.statuses.iter().map(|st| st.id.as_str()))
                }
            })
            .clone()
    };
    let mut offsets_by_file: HashMap<usize, Vec<usize>> = HashMap::new();
    // Per capital, the event its status rests on at the scenario's end.
    let mut last_applying: HashMap<&str, usize> = HashMap::new();
    for (i, event) in s.events.iter().enumerate() {
        let origin = sources.event_origins[i];
        let file = &sources.files[origin.file];
        let offsets = offsets_by_file.entry(origin.file).or_insert_with(|| {
            let section = if origin.file == 0 { "events:" } else { "" };
            item_offsets(&file.text, section, "date")
        });
        let item_start = offsets.get(origin.item).copied();
        let fallback = SourceLocation::Item(format!("event {} of this file", origin.item + 1));
        let csv = file.csv.as_ref();
        // Where the event's `field` is: in a CSV file its row and column, in RON the first
        // `needle` after the event's start.
        let at = |field: &str, needle: &str| -> SourceLocation {
            let located = match csv {
                Some(layout) => layout.location(origin.item, field),
                None => item_start.and_then(|from| file.locate(needle, from)),
            };
            located.unwrap_or_else(|| fallback.clone())
        };
        let what = match csv.and_then(|layout| layout.row(origin.item)) {
            Some(row) => format!(
                "row {row}: event on {} for \"{}\"",
                event.date, event.capital
            ),
            None => format!("event on {} for \"{}\"", event.date, event.capital),
        };
        if !known_capitals.contains(&*event.capital) {
            out.push(
                Diagnostic::error(
                    &file.path,
                    format!(
                        "{what}: unknown capital \"{}\"{}",
                        event.capital,
                        suggest(true, &event.capital)
                    ),
                )
                .at_opt(Some(at("capital", &format!("\"{}\"", event.capital))))
                .help("capital ids are defined in the scenario's `capitals` list"),
            );
        }
        if event.status.is_empty() && event.report != ReportKind::Context {
            out.push(
                Diagnostic::error(&file.path, format!("{what}: no `status`"))
                    .at_opt(Some(at("status", "date")))
                    .help(format!(
                        "add status: \"<id>\" (one of: {}), or report: Context for an event that changes nothing",
                        status_ids().collect::<Vec<_>>().join(", ")
                    )),
            );
        } else if !(event.status.is_empty() || known_statuses.contains(&*event.status)) {
            out.push(
                Diagnostic::error(
                    &file.path,
                    format!(
                        "{what}: unknown status \"{}\"{}",
                        event.status,
                        suggest(false, &event.status)
                    ),
                )
                .at_opt(Some(at("status", &format!("\"{}\"", event.status))))
                .help(format!(
                    "the statuses are: {}",
                    status_ids().collect::<Vec<_>>().join(", ")
                )),
            );
        }
        if event.date < s.start || event.date > s.end {
            out.push(
                Diagnostic::error(
                    &file.path,
                    format!(
                        "{what}: the date is outside the scenario's range {} to {}",
                        s.start, s.end
                    ),
                )
                .at_opt(Some(at("date", &format!("\"{}\"", event.date))))
                .help("fix the date, or widen the scenario's `start`/`end`"),
            );
        }
        match (event.report, event.refuted_on) {
            (ReportKind::Refuted, None) => out.push(
                Diagnostic::warning(&file.path, format!("{what}: a refuted claim without `refuted_on`"))
                    .at_opt(Some(at("report", "Refuted")))
                    .help("add refuted_on: \"YYYY-MM-DD\", the date the claim was contradicted (the same date if it was the same day)"),
            ),
            (ReportKind::Refuted, Some(r)) if r < event.date => out.push(
                Diagnostic::error(&file.path, format!("{what}: refuted_on {r} is before the claim"))
                    .at_opt(Some(at("refuted_on", "refuted_on")))
                    .help("a claim is contradicted on or after the day it was made"),
            ),
            (kind, Some(_)) if kind != ReportKind::Refuted => out.push(
                Diagnostic::error(&file.path, format!("{what}: `refuted_on` is only for `report: Refuted`"))
                    .at_opt(Some(at("refuted_on", "refuted_on")))
                    .help("set report: Refuted if the claim was contradicted, or remove refuted_on"),
            ),
            _ => {}
        }
        match event.confirmed_on {
            Some(_) if !event.report.is_uncertain() => out.push(
                Diagnostic::error(&file.path, format!("{what}: `confirmed_on` is only for a claimed, disputed or unconfirmed report"))
                    .at_opt(Some(at("confirmed_on", "confirmed_on")))
                    .help("a confirmed report needs no confirmation date; remove confirmed_on, or set report: Claimed/Disputed/Unconfirmed"),
            ),
            Some(c) if c < event.date => out.push(
                Diagnostic::error(&file.path, format!("{what}: confirmed_on {c} is before the report"))
                    .at_opt(Some(at("confirmed_on", "confirmed_on")))
                    .help("a report is confirmed on or after the day it was made"),
            ),
            Some(_) if event.confirmed_by().is_empty() => out.push(
                Diagnostic::warning(&file.path, format!("{what}: `confirmed_on` without a source"))
                    .at_opt(Some(at("confirmed_on", "confirmed_on")))
                    .help("add confirmed_by: [Source(text: \"outlet, date\", url: \"https://…\")], the source that confirmed it"),
            ),
            None if !event.confirmed_by().is_empty() => out.push(
                Diagnostic::error(&file.path, format!("{what}: `confirmed_by` without `confirmed_on`"))
                    .at_opt(Some(at("confirmed_by", "confirmed_by")))
                    .help("add confirmed_on: \"YYYY-MM-DD\", the day the report was confirmed"),
            ),
            _ => {}
        }
        if event.open_at_end().is_some() && !event.report.is_uncertain() {
            out.push(
                Diagnostic::error(&file.path, format!("{what}: `open_at_end` is only for a claimed, disputed or unconfirmed report"))
                    .at_opt(Some(at("open_at_end", "open_at_end")))
                    .help("remove open_at_end"),
            );
        }
        if event.report.applies() {
            let last = last_applying.entry(&*event.capital).or_insert(i);
            if (event.date, i) >= (s.events[*last].date, *last) {
                *last = i;
            }
        }
        if event.sources.is_empty() {
            out.push(
                Diagnostic::warning(&file.path, format!("{what}: no sources"))
                    .at_opt(Some(at("sources", "date")))
                    .help("add sources: [Source(text: \"outlet, date\", url: \"https://…\")]"),
            );
        }
        for src in event.sources.iter() {
            if let Some(url) = &src.url
                && !(url.starts_with("https://") || url.starts_with("http://"))
            {
                out.push(
                    Diagnostic::warning(&file.path, format!("{what}: source URL \"{url}\" is not http or https; it will not be opened"))
                        .at_opt(Some(at("sources", &format!("\"{url}\"")))),
                );
            }
        }
    }

    // Uncertain reports still open when the scenario ends must say why.
    let mut open: Vec<usize> = last_applying
        .values()
        .copied()
        .filter(|&i| {
            let e = &s.events[i];
            e.uncertain_on(s.end) && e.open_at_end().is_none()
        })
        .collect();
    open.sort_unstable();
    for i in open {
        let event = &s.events[i];
        let origin = sources.event_origins[i];
        let file = &sources.files[origin.file];
        let offsets = offsets_by_file.entry(origin.file).or_insert_with(|| {
            let section = if origin.file == 0 { "events:" } else { "" };
            item_offsets(&file.text, section, "date")
        });
        let located = match &file.csv {
            Some(layout) => layout.location(origin.item, "report"),
            None => offsets
                .get(origin.item)
                .and_then(|&from| file.locate(event.report_name(), from)),
        };
        let at = located.unwrap_or_else(|| {
            SourceLocation::Item(format!("event {} of this file", origin.item + 1))
        });
        let row = file
            .csv
            .as_ref()
            .and_then(|layout| layout.row(origin.item))
            .map(|row| format!("row {row}: "))
            .unwrap_or_default();
        out.push(
            Diagnostic::warning(
                &file.path,
                format!(
                    "{row}event on {} for \"{}\": the {} report is still open when the scenario ends ({})",
                    event.date,
                    event.capital,
                    event.report.as_str(),
                    s.end
                ),
            )
            .at_opt(Some(at))
            .help("add confirmed_on: \"YYYY-MM-DD\" with confirmed_by: [Source(…)] if the change was later confirmed, or open_at_end: \"why\" if it stays open (e.g. \"no independent confirmation found\")"),
        );
    }

    for (i, p) in s.presences.iter().enumerate() {
        let what = format!("presence {} (\"{}\" on \"{}\")", i + 1, p.label, p.capital);
        let at = nth_quoted(main, &p.label, 0);
        if s.capital_index(&p.capital).is_none() {
            out.push(
                Diagnostic::error(
                    path,
                    format!(
                        "{what}: unknown capital \"{}\"{}",
                        p.capital,
                        did_you_mean(&p.capital, capital_ids())
                    ),
                )
                .at_opt(at.clone()),
            );
        }
        match (p.kind, &p.holder) {
            (PresenceKind::Enclave, None) => out.push(
                Diagnostic::error(path, format!("{what}: an enclave needs a `holder`"))
                    .at_opt(at.clone())
                    .help("add holder: \"<status id>\", the side holding the enclave"),
            ),
            (_, Some(h)) if s.status_index(h).is_none() => out.push(
                Diagnostic::error(
                    path,
                    format!(
                        "{what}: unknown holder status \"{h}\"{}",
                        did_you_mean(h, status_ids())
                    ),
                )
                .at_opt(nth_quoted(main, h, 0)),
            ),
            _ => {}
        }
        if p.from > p.to {
            out.push(
                Diagnostic::error(
                    path,
                    format!("{what}: `from` {} is after `to` {}", p.from, p.to),
                )
                .at_opt(at.clone())
                .help("swap the dates"),
            );
        }
        if p.from < s.start || p.to > s.end {
            out.push(
                Diagnostic::error(
                    path,
                    format!(
                        "{what}: {} to {} is outside the scenario's range {} to {}",
                        p.from, p.to, s.start, s.end
                    ),
                )
                .at_opt(at.clone()),
            );
        }
        if p.sources.is_empty() {
            out.push(
                Diagnostic::warning(path, format!("{what}: no sources"))
                    .at_opt(at)
                    .help("add sources: [Source(text: \"outlet, date\", url: \"https://…\")]"),
            );
        }
    }

    for moment in &s.key_moments {
        if moment.date < s.start || moment.date > s.end {
            out.push(
                Diagnostic::error(
                    path,
                    format!(
                        "key moment on {} is outside the scenario's range {} to {}",
                        moment.date, s.start, s.end
                    ),
                )
                .at_opt(nth_quoted(main, &moment.date.to_string(), 0)),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_offsets_find_keys_not_substrings() {
        let text = "[ (date: \"a\", update: 1), (date : \"b\") ] // candidate: x";
        let offsets = item_offsets(text, "", "date");
        assert_eq!(offsets.len(), 2);
        assert_eq!(&text[offsets[1]..offsets[1] + 4], "date");
    }
}
