//! The timeline index: the status of every capital on any date, counts per status, changes
//! between two dates, the events up to a date and the next/previous event dates.
//!
//! Built once per scenario, it answers a capital's status with a binary search over that
//! capital's own changes, so recolouring thousands of capitals on every slider move costs
//! `O(capitals × log(events per capital))`, never a scan of all events. Counts per status are
//! kept as a snapshot per distinct event date.
//!
//! Ordering: events are sorted by date; events on the same date keep the order in which they
//! were written (scenario file first, then each events file in order). A capital's status on a
//! day is the one set by the last of that day's events.
//!
//! Refuted claims never change a status or a count: they are listed in time order with the
//! other events, and indexed per capital by the days they stood ([`Timeline::refuted_on`]).

use jiff::civil::Date;

use super::scenario::{Event, ReportKind, Scenario};

/// Index of a capital in [`Scenario::capitals`].
pub type CapitalIx = usize;
/// Index of a status in [`Scenario::statuses`].
pub type StatusIx = usize;

/// One change in a capital's history, resolved to indices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Change {
    /// The date of the event.
    pub date: Date,
    /// Index of the event in [`Scenario::events`].
    pub event: usize,
    /// The capital's status from this date on.
    pub status: StatusIx,
}

/// What a capital holds on a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CapitalState {
    /// The status on that date.
    pub status: StatusIx,
    /// The last event that applied (None: still the initial status).
    pub last_event: Option<usize>,
}

/// A capital whose status differs between two dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatusChange {
    /// Which capital.
    pub capital: CapitalIx,
    /// Its status on the first date.
    pub from: StatusIx,
    /// Its status on the second date.
    pub to: StatusIx,
}

/// The index itself. Build it from a validated scenario with [`Timeline::new`].
#[derive(Clone, Debug, PartialEq)]
pub struct Timeline {
    initial: StatusIx,
    status_count: usize,
    /// Per capital, its changes in time order.
    per_capital: Vec<Vec<Change>>,
    /// Every event index sorted by (date, written order).
    ordered_events: Vec<usize>,
    /// The date of each entry of `ordered_events`.
    ordered_dates: Vec<Date>,
    /// Distinct event dates, ascending.
    event_dates: Vec<Date>,
    /// Counts per status after all events of `event_dates[i]`.
    counts_after: Vec<Vec<usize>>,
    /// Counts per status before any event.
    counts_initial: Vec<usize>,
    /// The capital of each event, indexed like [`Scenario::events`].
    capital_by_event: Vec<CapitalIx>,
    /// Per capital, its refuted claims: first day, last day (inclusive), event.
    refuted: Vec<Vec<(Date, Date, usize)>>,
    /// Per capital, every event about it (refuted claims included), in time order.
    reports: Vec<Vec<usize>>,
}

/// Events whose capital or status id is unknown; [`Timeline::new`] refuses them (validation
/// reports them with file positions first).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimelineError {
    /// The initial status is not among the statuses.
    #[error("initial status \"{0}\" is not a defined status")]
    UnknownInitialStatus(String),
    /// An event names an unknown capital.
    #[error("event {index} names unknown capital \"{id}\"")]
    UnknownCapital {
        /// Event index.
        index: usize,
        /// The id as written.
        id: String,
    },
    /// An event names an unknown status.
    #[error("event {index} names unknown status \"{id}\"")]
    UnknownStatus {
        /// Event index.
        index: usize,
        /// The id as written.
        id: String,
    },
}

impl Timeline {
    /// Builds the index. Fails only on ids that validation would already have reported.
    pub fn new(scenario: &Scenario) -> Result<Self, TimelineError> {
        let initial = scenario
            .status_index(&scenario.initial_status)
            .ok_or_else(|| TimelineError::UnknownInitialStatus(scenario.initial_status.clone()))?;
        let capital_ids: std::collections::HashMap<&str, usize> = scenario
            .capitals
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        let status_ids: std::collections::HashMap<&str, usize> = scenario
            .statuses
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();

        let mut resolved = Vec::with_capacity(scenario.events.len());
        let mut refuted = vec![Vec::new(); scenario.capitals.len()];
        for (
            index,
            Event {
                capital,
                status,
                date,
                report,
                refuted_on,
                ..
            },
        ) in scenario.events.iter().enumerate()
        {
            let c = *capital_ids
                .get(&**capital)
                .ok_or_else(|| TimelineError::UnknownCapital {
                    index,
                    id: capital.to_string(),
                })?;
            // A context event changes nothing: its status (usually none) is not looked up.
            let s = if *report == ReportKind::Context {
                initial
            } else {
                *status_ids
                    .get(&**status)
                    .ok_or_else(|| TimelineError::UnknownStatus {
                        index,
                        id: status.to_string(),
                    })?
            };
            if *report == ReportKind::Refuted {
                // Stood from its date until the day before it was contradicted.
                let last = refuted_on
                    .and_then(|r| r.yesterday().ok())
                    .filter(|d| d >= date)
                    .unwrap_or(*date);
                refuted[c].push((*date, last, index));
            }
            resolved.push((*date, index, c, s, report.applies()));
        }
        for list in &mut refuted {
            list.sort();
        }
        let capital_by_event = resolved.iter().map(|r| r.2).collect();
        // Stable sort: same-day events keep their written order.
        resolved.sort_by_key(|&(date, index, _, _, _)| (date, index));

        let mut per_capital = vec![Vec::new(); scenario.capitals.len()];
        let mut reports = vec![Vec::new(); scenario.capitals.len()];
        for &(date, event, capital, status, applies) in &resolved {
            reports[capital].push(event);
            if !applies {
                continue;
            }
            per_capital[capital].push(Change {
                date,
                event,
                status,
            });
        }

        let status_count = scenario.statuses.len();
        let mut counts = vec![0; status_count];
        counts[initial] = scenario.capitals.len();
        let counts_initial = counts.clone();
        let mut current = vec![initial; scenario.capitals.len()];
        let mut event_dates: Vec<Date> = Vec::new();
        let mut counts_after: Vec<Vec<usize>> = Vec::new();
        for &(date, _, capital, status, applies) in &resolved {
            if applies {
                counts[current[capital]] -= 1;
                counts[status] += 1;
                current[capital] = status;
            }
            if event_dates.last() == Some(&date) {
                if let Some(last) = counts_after.last_mut() {
                    last.clone_from(&counts);
                }
            } else {
                event_dates.push(date);
                counts_after.push(counts.clone());
            }
        }

        Ok(Self {
            initial,
            status_count,
            per_capital,
            ordered_events: resolved.iter().map(|r| r.1).collect(),
            ordered_dates: resolved.iter().map(|r| r.0).collect(),
            event_dates,
            counts_after,
            counts_initial,
            capital_by_event,
            refuted,
            reports,
        })
    }

    /// Every event about a capital, refuted claims included, in time order.
    pub fn reports_of(&self, capital: CapitalIx) -> &[usize] {
        &self.reports[capital]
    }

    /// The refuted claims about a capital that stood on `date` (event indices).
    pub fn refuted_on(&self, capital: CapitalIx, date: Date) -> impl Iterator<Item = usize> + '_ {
        self.refuted[capital]
            .iter()
            .take_while(move |(first, _, _)| *first <= date)
            .filter(move |(_, last, _)| *last >= date)
            .map(|(_, _, e)| *e)
    }

    /// The reports open on a capital on `date`: the uncertain report its status rests on (if
    /// the status came from a claimed, disputed or unconfirmed report not yet confirmed on that
    /// date), then the refuted claims that stood that day.
    pub fn open_reports(&self, scenario: &Scenario, capital: CapitalIx, date: Date) -> Vec<usize> {
        let mut open: Vec<usize> = self
            .uncertain_report(scenario, capital, date)
            .into_iter()
            .collect();
        open.extend(self.refuted_on(capital, date));
        open
    }

    /// The report a capital's status rests on when that report is claimed, disputed or
    /// unconfirmed and not yet confirmed on `date` (the capital reads as uncertain).
    pub fn uncertain_report(
        &self,
        scenario: &Scenario,
        capital: CapitalIx,
        date: Date,
    ) -> Option<usize> {
        self.state_at(capital, date)
            .last_event
            .filter(|&e| scenario.events[e].uncertain_on(date))
    }

    /// Number of capitals indexed.
    pub fn capital_count(&self) -> usize {
        self.per_capital.len()
    }

    /// The status and last applied event of a capital on a date.
    pub fn state_at(&self, capital: CapitalIx, date: Date) -> CapitalState {
        let changes = &self.per_capital[capital];
        let applied = changes.partition_point(|c| c.date <= date);
        match applied.checked_sub(1).map(|i| changes[i]) {
            Some(change) => CapitalState {
                status: change.status,
                last_event: Some(change.event),
            },
            None => CapitalState {
                status: self.initial,
                last_event: None,
            },
        }
    }

    /// The status of a capital on a date.
    pub fn status_at(&self, capital: CapitalIx, date: Date) -> StatusIx {
        self.state_at(capital, date).status
    }

    /// The date from which a capital has had its current status on `date` (the date of the
    /// event that last changed it); None when it has held its initial status all along.
    pub fn status_since(&self, capital: CapitalIx, date: Date) -> Option<Date> {
        let changes = &self.per_capital[capital];
        let changes = &changes[..changes.partition_point(|c| c.date <= date)];
        let current = changes.last()?.status;
        // Events that repeat the status (e.g. a confirmation) do not restart the period.
        let run_start = changes
            .iter()
            .rposition(|c| c.status != current)
            .map_or(0, |i| i + 1);
        if run_start == 0 && current == self.initial {
            return None;
        }
        Some(changes[run_start].date)
    }

    /// All statuses on a date, one per capital.
    pub fn statuses_at(&self, date: Date) -> Vec<StatusIx> {
        (0..self.per_capital.len())
            .map(|c| self.status_at(c, date))
            .collect()
    }

    /// Count of capitals per status on a date (indexed like the scenario's statuses).
    pub fn counts_at(&self, date: Date) -> &[usize] {
        let after = self.event_dates.partition_point(|d| *d <= date);
        match after.checked_sub(1) {
            Some(i) => &self.counts_after[i],
            None => &self.counts_initial,
        }
    }

    /// Number of statuses.
    pub fn status_count(&self) -> usize {
        self.status_count
    }

    /// Capitals whose status on `to` differs from that on `from` (either order of dates).
    pub fn changes_between(&self, from: Date, to: Date) -> Vec<StatusChange> {
        let (lo, hi) = if from <= to { (from, to) } else { (to, from) };
        let first = self.ordered_dates.partition_point(|d| *d <= lo);
        let last = self.ordered_dates.partition_point(|d| *d <= hi);
        let mut touched: Vec<CapitalIx> = self.ordered_events[first..last]
            .iter()
            .filter_map(|&e| self.capital_of_event(e))
            .collect();
        touched.sort_unstable();
        touched.dedup();
        touched
            .into_iter()
            .filter_map(|capital| {
                let a = self.status_at(capital, from);
                let b = self.status_at(capital, to);
                (a != b).then_some(StatusChange {
                    capital,
                    from: a,
                    to: b,
                })
            })
            .collect()
    }

    /// True when the scenario has a refuted claim (the legend's key then explains the cross).
    pub fn any_refuted(&self) -> bool {
        self.refuted.iter().any(|r| !r.is_empty())
    }

    /// The capital an event is about.
    pub fn capital_of_event(&self, event: usize) -> Option<CapitalIx> {
        self.capital_by_event.get(event).copied()
    }

    /// Indices of the events dated on or before `date`, in time order.
    pub fn events_up_to(&self, date: Date) -> &[usize] {
        let n = self.ordered_dates.partition_point(|d| *d <= date);
        &self.ordered_events[..n]
    }

    /// Indices of every event in time order.
    pub fn events_in_order(&self) -> &[usize] {
        &self.ordered_events
    }

    /// A capital's history in time order.
    pub fn history(&self, capital: CapitalIx) -> &[Change] {
        &self.per_capital[capital]
    }

    /// The first event date strictly after `date`.
    pub fn next_event_date(&self, date: Date) -> Option<Date> {
        let i = self.event_dates.partition_point(|d| *d <= date);
        self.event_dates.get(i).copied()
    }

    /// The last event date strictly before `date`.
    pub fn previous_event_date(&self, date: Date) -> Option<Date> {
        let i = self.event_dates.partition_point(|d| *d < date);
        i.checked_sub(1).map(|i| self.event_dates[i])
    }

    /// Distinct event dates, ascending.
    pub fn event_dates(&self) -> &[Date] {
        &self.event_dates
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::scenario::{BoundariesSpec, Capital, ReportKind, StatusDef};
    use jiff::civil::date;

    fn status(id: &str) -> StatusDef {
        StatusDef {
            id: id.into(),
            label: id.into(),
            color: "#000000".into(),
            dark_color: None,
            contested: id == "contested",
            pattern: None,
        }
    }

    fn capital(id: &str) -> Capital {
        Capital {
            id: id.into(),
            name: id.into(),
            alt_names: vec![],
            province: format!("P-{id}"),
            province_name: None,
            province_alt_names: vec![],
            lon: 0.0,
            lat: 0.0,
            national: false,
            marker_only: None,
            guessed: None,
        }
    }

    fn event(d: Date, capital: &str, status: &str) -> Event {
        Event::new(d, capital, status)
    }

    fn scenario(events: Vec<Event>) -> Scenario {
        Scenario {
            title: "t".into(),
            description: String::new(),
            credits: String::new(),
            boundaries: BoundariesSpec {
                file: "b.geojson".into(),
                id_property: "id".into(),
                name_property: "name".into(),
                object: None,
            },
            start: date(2021, 1, 1),
            end: date(2021, 12, 31),
            statuses: vec![status("gov"), status("contested"), status("rebel")],
            initial_status: "gov".into(),
            capitals: vec![capital("a"), capital("b"), capital("c")],
            events,
            events_files: vec![],
            csv_date_order: None,
            key_moments: vec![],
            presences: vec![],
            annotations: vec![],
            annotations_files: vec![],
            neighbours: None,
        }
    }

    const GOV: StatusIx = 0;
    const CONTESTED: StatusIx = 1;
    const REBEL: StatusIx = 2;

    #[test]
    fn empty_event_list_keeps_everything_initial() {
        let t = Timeline::new(&scenario(vec![])).unwrap();
        assert_eq!(t.statuses_at(date(2021, 6, 1)), vec![GOV, GOV, GOV]);
        assert_eq!(t.counts_at(date(2021, 6, 1)), &[3, 0, 0]);
        assert!(t.events_up_to(date(2021, 12, 31)).is_empty());
        assert_eq!(t.next_event_date(date(2021, 1, 1)), None);
        assert_eq!(t.previous_event_date(date(2021, 12, 1)), None);
        assert!(
            t.changes_between(date(2021, 1, 1), date(2021, 12, 31))
                .is_empty()
        );
        assert_eq!(t.status_since(0, date(2021, 6, 1)), None);
    }

    #[test]
    fn before_first_and_after_last_event() {
        let t = Timeline::new(&scenario(vec![
            event(date(2021, 8, 6), "a", "rebel"),
            event(date(2021, 8, 8), "b", "rebel"),
        ]))
        .unwrap();
        assert_eq!(t.status_at(0, date(2021, 8, 5)), GOV);
        assert_eq!(t.state_at(0, date(2021, 8, 5)).last_event, None);
        assert_eq!(
            t.status_at(0, date(2021, 8, 6)),
            REBEL,
            "an event applies on its own day"
        );
        assert_eq!(t.status_at(1, date(2021, 8, 7)), GOV);
        assert_eq!(t.statuses_at(date(2022, 1, 1)), vec![REBEL, REBEL, GOV]);
        assert_eq!(t.counts_at(date(2021, 8, 7)), &[2, 0, 1]);
        assert_eq!(t.counts_at(date(2030, 1, 1)), &[1, 0, 2]);
        assert_eq!(t.counts_at(date(2000, 1, 1)), &[3, 0, 0]);
    }

    #[test]
    fn same_day_events_apply_in_written_order() {
        let t = Timeline::new(&scenario(vec![
            event(date(2021, 8, 9), "a", "contested"),
            event(date(2021, 8, 9), "a", "rebel"),
            event(date(2021, 8, 9), "b", "rebel"),
            event(date(2021, 8, 9), "b", "contested"),
        ]))
        .unwrap();
        let d = date(2021, 8, 9);
        assert_eq!(t.status_at(0, d), REBEL);
        assert_eq!(t.status_at(1, d), CONTESTED);
        assert_eq!(t.state_at(1, d).last_event, Some(3));
        assert_eq!(t.counts_at(d), &[1, 1, 1]);
        assert_eq!(t.events_up_to(d), &[0, 1, 2, 3]);
        assert_eq!(t.event_dates(), &[d]);
    }

    #[test]
    fn events_written_out_of_order_are_sorted_by_date() {
        let t = Timeline::new(&scenario(vec![
            event(date(2021, 8, 13), "a", "rebel"),
            event(date(2021, 7, 9), "a", "contested"),
        ]))
        .unwrap();
        assert_eq!(t.status_at(0, date(2021, 8, 1)), CONTESTED);
        assert_eq!(t.events_up_to(date(2021, 12, 1)), &[1, 0]);
    }

    #[test]
    fn capital_changing_hands_back_and_forth() {
        let t = Timeline::new(&scenario(vec![
            event(date(2021, 7, 7), "c", "contested"),
            event(date(2021, 7, 8), "c", "gov"),
            event(date(2021, 8, 12), "c", "rebel"),
            event(date(2021, 8, 20), "c", "gov"),
        ]))
        .unwrap();
        let seq: Vec<_> = [(7, 6), (7, 7), (7, 8), (8, 11), (8, 12), (8, 19), (8, 20)]
            .iter()
            .map(|&(m, d)| t.status_at(2, date(2021, m, d)))
            .collect();
        assert_eq!(seq, vec![GOV, CONTESTED, GOV, GOV, REBEL, REBEL, GOV]);
        assert_eq!(
            t.status_since(2, date(2021, 8, 15)),
            Some(date(2021, 8, 12))
        );
        assert_eq!(
            t.status_since(2, date(2021, 8, 25)),
            Some(date(2021, 8, 20))
        );
        assert_eq!(t.status_since(2, date(2021, 7, 1)), None);
        // Back to where it started: no net change between these dates.
        assert!(
            t.changes_between(date(2021, 7, 6), date(2021, 7, 8))
                .is_empty()
        );
        assert_eq!(
            t.changes_between(date(2021, 7, 6), date(2021, 8, 12)),
            vec![StatusChange {
                capital: 2,
                from: GOV,
                to: REBEL
            }]
        );
        assert_eq!(
            t.changes_between(date(2021, 8, 12), date(2021, 7, 6)),
            vec![StatusChange {
                capital: 2,
                from: REBEL,
                to: GOV
            }],
            "dates in either order"
        );
    }

    #[test]
    fn repeated_status_does_not_restart_since() {
        let t = Timeline::new(&scenario(vec![
            event(date(2021, 8, 8), "a", "rebel"),
            event(date(2021, 8, 11), "a", "rebel"),
        ]))
        .unwrap();
        assert_eq!(t.status_since(0, date(2021, 8, 12)), Some(date(2021, 8, 8)));
    }

    #[test]
    fn next_and_previous_event_dates() {
        let t = Timeline::new(&scenario(vec![
            event(date(2021, 8, 6), "a", "rebel"),
            event(date(2021, 8, 8), "b", "rebel"),
            event(date(2021, 8, 8), "c", "rebel"),
        ]))
        .unwrap();
        assert_eq!(t.next_event_date(date(2021, 8, 1)), Some(date(2021, 8, 6)));
        assert_eq!(t.next_event_date(date(2021, 8, 6)), Some(date(2021, 8, 8)));
        assert_eq!(t.next_event_date(date(2021, 8, 8)), None);
        assert_eq!(
            t.previous_event_date(date(2021, 8, 8)),
            Some(date(2021, 8, 6))
        );
        assert_eq!(
            t.previous_event_date(date(2021, 8, 9)),
            Some(date(2021, 8, 8))
        );
        assert_eq!(t.previous_event_date(date(2021, 8, 6)), None);
    }

    #[test]
    fn unknown_ids_are_refused() {
        let err = Timeline::new(&scenario(vec![event(date(2021, 8, 6), "zz", "rebel")]));
        assert!(matches!(
            err,
            Err(TimelineError::UnknownCapital { index: 0, .. })
        ));
        let err = Timeline::new(&scenario(vec![event(date(2021, 8, 6), "a", "zz")]));
        assert!(matches!(
            err,
            Err(TimelineError::UnknownStatus { index: 0, .. })
        ));
    }

    #[test]
    fn refuted_claims_never_change_status_or_counts() {
        let mut false_report = event(date(2021, 8, 9), "a", "rebel");
        false_report.report = ReportKind::Refuted;
        false_report.refuted_on = Some(date(2021, 8, 11));
        let mut claimed = event(date(2021, 8, 10), "b", "rebel");
        claimed.report = ReportKind::Claimed;
        let s = scenario(vec![
            event(date(2021, 8, 1), "a", "contested"),
            false_report,
            claimed,
            event(date(2021, 8, 13), "a", "rebel"),
        ]);
        let t = Timeline::new(&s).unwrap();
        for day in 9..=12 {
            assert_eq!(t.status_at(0, date(2021, 8, day)), CONTESTED, "08-{day}");
        }
        assert_eq!(t.status_at(0, date(2021, 8, 13)), REBEL);
        assert_eq!(t.counts_at(date(2021, 8, 9)), &[2, 1, 0]);
        // The claim stood on 08-09 and 08-10; it was contradicted on 08-11.
        assert_eq!(t.refuted_on(0, date(2021, 8, 8)).count(), 0);
        assert_eq!(
            t.refuted_on(0, date(2021, 8, 9)).collect::<Vec<_>>(),
            vec![1]
        );
        assert_eq!(
            t.refuted_on(0, date(2021, 8, 10)).collect::<Vec<_>>(),
            vec![1]
        );
        assert_eq!(t.refuted_on(0, date(2021, 8, 11)).count(), 0);
        // Still listed with the other events, in time order.
        assert_eq!(t.events_up_to(date(2021, 8, 9)), &[0, 1]);
        // Open reports: the claimed change on b, the refuted claim on a.
        assert_eq!(t.open_reports(&s, 1, date(2021, 8, 10)), vec![2]);
        assert_eq!(t.open_reports(&s, 0, date(2021, 8, 10)), vec![1]);
        assert!(t.open_reports(&s, 0, date(2021, 8, 14)).is_empty());
    }

    #[test]
    fn a_claim_refuted_the_same_day_stands_for_that_day() {
        let mut e = event(date(2021, 8, 9), "a", "rebel");
        e.report = ReportKind::Refuted;
        e.refuted_on = Some(date(2021, 8, 9));
        let t = Timeline::new(&scenario(vec![e])).unwrap();
        assert_eq!(t.refuted_on(0, date(2021, 8, 9)).count(), 1);
        assert_eq!(t.refuted_on(0, date(2021, 8, 10)).count(), 0);
    }
}
