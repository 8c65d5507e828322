//! The current date and playback: play/pause at a speed in days per second, day steps, jumps to
//! events and to either end. Owns [`Playback`] and is the only writer of [`DateChanged`].

use bevy::prelude::*;
use jiff::ToSpan;
use jiff::civil::Date;

use super::AppSystems;
use super::loading::CurrentScenario;
use super::messages::{DateChanged, JumpToEnd, JumpToEvent, SetDate, StepDays, TogglePlay};

/// Slowest and fastest playback, in days per second.
pub const SPEED_RANGE: (f32, f32) = (0.5, 30.0);

/// The current date and playback state.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct Playback {
    /// The date shown.
    pub date: Date,
    /// First date of the scenario.
    pub start: Date,
    /// Last date of the scenario.
    pub end: Date,
    /// Playing or paused.
    pub playing: bool,
    /// Speed in days per second, within [`SPEED_RANGE`].
    pub days_per_second: f32,
    /// Fraction of a day accumulated since the last step.
    pub carry: f32,
}

impl Playback {
    /// Paused on `date` (clamped into `start..=end`).
    pub fn new(start: Date, end: Date, date: Date) -> Self {
        Self {
            date: date.clamp(start, end),
            start,
            end,
            playing: false,
            days_per_second: 4.0,
            carry: 0.0,
        }
    }

    /// Clamps a date into the scenario's range.
    pub fn clamp(&self, date: Date) -> Date {
        date.clamp(self.start, self.end)
    }

    /// Advances playback by `seconds` of real time; returns the new date if it changed. Stops at
    /// the last date.
    pub fn advance(&mut self, seconds: f32) -> Option<Date> {
        if !self.playing {
            return None;
        }
        self.carry += seconds * self.days_per_second;
        let whole = self.carry.floor();
        if whole < 1.0 {
            return None;
        }
        self.carry -= whole;
        let before = self.date;
        self.date = self.step(whole as i32);
        if self.date == self.end {
            self.playing = false;
        }
        (self.date != before).then_some(self.date)
    }

    /// The date `days` away from the current one, clamped.
    pub fn step(&self, days: i32) -> Date {
        match self.date.checked_add(days.days()) {
            Ok(d) => self.clamp(d),
            Err(_) if days < 0 => self.start,
            Err(_) => self.end,
        }
    }

    /// Starts or stops; starting at the last date rewinds to the first.
    pub fn toggle(&mut self) {
        self.playing = !self.playing;
        self.carry = 0.0;
        if self.playing && self.date == self.end {
            self.date = self.start;
        }
    }

    /// Sets the speed, clamped to [`SPEED_RANGE`].
    pub fn set_speed(&mut self, days_per_second: f32) {
        self.days_per_second = days_per_second.clamp(SPEED_RANGE.0, SPEED_RANGE.1);
    }

    /// Number of days in the scenario's range minus one (the slider's maximum).
    pub fn span_days(&self) -> i32 {
        days_between(self.start, self.end)
    }
}

/// Whole days from `a` to `b` (negative when `b` is earlier).
pub fn days_between(a: Date, b: Date) -> i32 {
    a.until((jiff::Unit::Day, b))
        .map(|span| span.get_days())
        .unwrap_or(0)
}

/// The date `days` after `start` (saturating at jiff's limits).
pub fn date_after(start: Date, days: i32) -> Date {
    start.checked_add(days.days()).unwrap_or(start)
}

/// Parses a typed date and checks it against the range; the error says what to type.
pub fn parse_typed_date(text: &str, start: Date, end: Date) -> Result<Date, String> {
    let date: Date = text
        .trim()
        .parse()
        .map_err(|_| format!("\"{}\" is not a date: type YYYY-MM-DD", text.trim()))?;
    if date < start || date > end {
        return Err(format!("{date} is outside {start} to {end}"));
    }
    Ok(date)
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (handle_date_requests, advance_playback)
            .chain()
            .in_set(AppSystems::Playback),
    );
}

fn advance_playback(
    time: Res<Time>,
    mut playback: ResMut<Playback>,
    mut changed: MessageWriter<DateChanged>,
) {
    let from = playback.date;
    if let Some(to) = playback.advance(time.delta_secs()) {
        changed.write(DateChanged { from, to });
    }
}

fn handle_date_requests(
    mut playback: ResMut<Playback>,
    scenario: Option<Res<CurrentScenario>>,
    mut set: MessageReader<SetDate>,
    mut step: MessageReader<StepDays>,
    mut jump: MessageReader<JumpToEvent>,
    mut ends: MessageReader<JumpToEnd>,
    mut toggle: MessageReader<TogglePlay>,
    mut changed: MessageWriter<DateChanged>,
) {
    let from = playback.date;
    let mut target = None;
    for SetDate(d) in set.read() {
        target = Some(playback.clamp(*d));
    }
    for StepDays(n) in step.read() {
        target = Some(playback.step(*n));
    }
    for JumpToEnd { last } in ends.read() {
        target = Some(if *last { playback.end } else { playback.start });
    }
    if let Some(scenario) = &scenario {
        for JumpToEvent { forward } in jump.read() {
            let timeline = &scenario.bundle.timeline;
            let here = target.unwrap_or(playback.date);
            let found = if *forward {
                timeline.next_event_date(here)
            } else {
                timeline.previous_event_date(here)
            };
            if let Some(d) = found {
                target = Some(playback.clamp(d));
            }
        }
    }
    if let Some(d) = target {
        // A manual move pauses nothing but restarts the fractional day.
        playback.date = d;
        playback.carry = 0.0;
    }
    for _ in toggle.read() {
        playback.toggle();
    }
    if playback.date != from {
        changed.write(DateChanged {
            from,
            to: playback.date,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn pb() -> Playback {
        Playback::new(date(2021, 8, 1), date(2021, 8, 31), date(2021, 8, 1))
    }

    #[test]
    fn advance_moves_by_speed_and_stops_at_end() {
        let mut p = pb();
        assert_eq!(p.advance(1.0), None, "paused");
        p.toggle();
        p.set_speed(2.0);
        assert_eq!(p.advance(0.25), None, "half a day");
        assert_eq!(p.advance(0.25), Some(date(2021, 8, 2)));
        assert_eq!(p.advance(1.0), Some(date(2021, 8, 4)));
        p.set_speed(100.0);
        assert_eq!(p.days_per_second, 30.0, "clamped");
        assert_eq!(p.advance(10.0), Some(date(2021, 8, 31)));
        assert!(!p.playing, "stops at the end");
        p.toggle();
        assert_eq!(p.date, date(2021, 8, 1), "play at the end rewinds");
    }

    #[test]
    fn steps_clamp_to_range() {
        let p = pb();
        assert_eq!(p.step(-3), date(2021, 8, 1));
        assert_eq!(p.step(40), date(2021, 8, 31));
        assert_eq!(p.span_days(), 30);
    }

    #[test]
    fn typed_dates_are_parsed_or_explained() {
        let (s, e) = (date(2021, 5, 1), date(2021, 9, 30));
        assert_eq!(
            parse_typed_date(" 2021-08-15 ", s, e),
            Ok(date(2021, 8, 15))
        );
        assert_eq!(
            parse_typed_date("15/08/2021", s, e),
            Err("\"15/08/2021\" is not a date: type YYYY-MM-DD".into())
        );
        assert_eq!(
            parse_typed_date("2021-10-01", s, e),
            Err("2021-10-01 is outside 2021-05-01 to 2021-09-30".into())
        );
    }
}
