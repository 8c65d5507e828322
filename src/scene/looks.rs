//! What the map shows on a date: each capital's status, colour and marker, and each province's
//! fill colour. Marker shapes carry meaning beyond colour: a filled circle is a confirmed
//! status; a diamond means the capital's last report is claimed, disputed or unconfirmed; a
//! hollow centre means the status is a contested one. So the map stays readable in greyscale
//! and for colour-blind readers.

use jiff::civil::Date;

use crate::bundle::ScenarioBundle;
use crate::model::{Pattern, PresenceKind, Rgb};

use super::theme::{Theme, status_color};

/// A shape drawn on the map: capital markers and their badges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MarkerShape {
    /// A confirmed status.
    Circle,
    /// The last report is claimed, disputed or unconfirmed.
    Diamond,
    /// Badge: foreign forces present.
    Square,
    /// Badge: a refuted claim about the capital stands on this date.
    Cross,
}

/// What a capital shows on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CapitalLook {
    /// Its status (index into the scenario's statuses).
    pub status: usize,
    /// The status colour.
    pub color: Rgb,
    /// Marker shape.
    pub shape: MarkerShape,
    /// The status is a contested one: the marker has a hollow centre.
    pub contested: bool,
    /// A claim about it that later proved wrong stands on this date (shown, never applied).
    pub refuted: bool,
    /// Part of the city is held by another side: that side's colour.
    pub enclave: Option<Rgb>,
    /// Foreign forces are present.
    pub foreign: bool,
    /// It changed hands since the date compared with: the marker gets a ring.
    pub changed: bool,
}

impl CapitalLook {
    /// A plain look: a status colour and shape, no badges.
    pub fn plain(status: usize, color: Rgb, shape: MarkerShape, contested: bool) -> Self {
        Self {
            status,
            color,
            shape,
            contested,
            refuted: false,
            enclave: None,
            foreign: false,
            changed: false,
        }
    }
}

/// What the map shows, beyond the date and the theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ViewOptions {
    /// Fill provinces with their capital's status colour (else neutral, only markers coloured).
    pub fill_provinces: bool,
    /// Show capital labels.
    pub labels: bool,
}

impl Default for ViewOptions {
    fn default() -> Self {
        Self {
            fill_provinces: true,
            labels: true,
        }
    }
}

/// The look of every capital on a date.
pub fn capital_looks(bundle: &ScenarioBundle, date: Date, theme: Theme) -> Vec<CapitalLook> {
    let s = bundle.scenario();
    (0..s.capitals.len())
        .map(|c| {
            let state = bundle.timeline.state_at(c, date);
            let status = &s.statuses[state.status];
            let uncertain = state
                .last_event
                .is_some_and(|e| s.events[e].uncertain_on(date));
            let id = &s.capitals[c].id;
            let mut enclave = None;
            let mut foreign = false;
            for p in s.presences_on(id, date) {
                match p.kind {
                    PresenceKind::Enclave => {
                        enclave = p
                            .holder
                            .as_deref()
                            .and_then(|h| s.status_index(h))
                            .map(|h| status_color(&s.statuses[h], theme));
                    }
                    PresenceKind::Foreign => foreign = true,
                }
            }
            CapitalLook {
                status: state.status,
                color: status_color(status, theme),
                shape: if uncertain {
                    MarkerShape::Diamond
                } else {
                    MarkerShape::Circle
                },
                contested: status.contested,
                refuted: bundle.timeline.refuted_on(c, date).next().is_some(),
                enclave,
                foreign,
                changed: false,
            }
        })
        .collect()
}

/// Marks the looks of the capitals whose status on `date` differs from their status on `since`.
pub fn mark_changes(looks: &mut [CapitalLook], bundle: &ScenarioBundle, since: Date, date: Date) {
    for change in bundle.timeline.changes_between(since, date) {
        if let Some(look) = looks.get_mut(change.capital) {
            look.changed = true;
        }
    }
}

/// Each province's fill: its (first) capital's status colour, or the neutral fill when
/// provinces are not coloured or the province has no capital.
pub fn province_fills(
    bundle: &ScenarioBundle,
    looks: &[CapitalLook],
    options: ViewOptions,
    theme: Theme,
) -> Vec<Rgb> {
    let neutral = theme.palette().neutral_fill;
    bundle
        .province_capitals
        .iter()
        .map(
            |capitals| match (options.fill_provinces, capitals.first()) {
                (true, Some(&c)) => looks[c].color,
                _ => neutral,
            },
        )
        .collect()
}

/// Each province's pattern: that of its capital's status, when provinces are coloured.
pub fn province_patterns(
    bundle: &ScenarioBundle,
    looks: &[CapitalLook],
    options: ViewOptions,
) -> Vec<Option<Pattern>> {
    let statuses = &bundle.scenario().statuses;
    bundle
        .province_capitals
        .iter()
        .map(
            |capitals| match (options.fill_provinces, capitals.first()) {
                (true, Some(&c)) => statuses[looks[c].status].pattern,
                _ => None,
            },
        )
        .collect()
}
