//! Every shipped scenario ends without needless doubt: on its last day, no capital's status
//! rests on a claimed, disputed or unconfirmed report unless the event says why it stays open
//! (`open_at_end`), and the table agrees.

// Test code: a failed unwrap is a failing test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use frontline::bundle::load_bundle;
use frontline::shipped::SHIPPED;

#[test]
fn no_shipped_scenario_ends_with_a_settled_change_shown_as_uncertain() {
    for shipped in &SHIPPED {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/scenarios")
            .join(shipped.name)
            .join("scenario.ron");
        let b = load_bundle(&path).unwrap_or_else(|d| panic!("{d}"));
        let s = b.scenario();
        let mut open = Vec::new();
        for (ci, c) in s.capitals.iter().enumerate() {
            if let Some(e) = b.timeline.uncertain_report(s, ci, s.end) {
                let e = &s.events[e];
                assert!(
                    e.open_at_end().is_some(),
                    "{}: {} still reads \"{}\" on the last day ({}), with no open_at_end saying why",
                    shipped.name,
                    c.id,
                    e.report_text(s.end),
                    s.end
                );
                open.push(c.id.as_str());
            }
        }
        // The table says the same: a capital reads uncertain only where the data keeps it open.
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_frontline"))
            .args(["table", shipped.name, "--date", &s.end.to_string()])
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        let mut rows = csv::Reader::from_reader(text.as_bytes());
        let headers = rows.headers().unwrap().clone();
        let report = headers.iter().position(|h| h == "report").unwrap();
        for row in rows.records() {
            let row = row.unwrap();
            let uncertain = ["claimed", "disputed", "unconfirmed"]
                .iter()
                .any(|k| row[report].starts_with(k) && !row[report].contains(", confirmed "));
            assert_eq!(
                uncertain,
                open.contains(&&row[0]),
                "{}: {} reads \"{}\" in the table on the last day",
                shipped.name,
                &row[0],
                &row[report]
            );
        }
    }
}
