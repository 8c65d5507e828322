//! The current date and playback: play/pause at a speed in days per second, day steps, jumps to
//! events and to either end. The only writer of [`Playback`] and of [`DateChanged`].

use bevy::prelude::*;
use jiff::civil::Date;

use super::messages::{DateChanged, JumpToEnd, JumpToEvent, SetDate, StepDays, TogglePlay};
use super::state::{AppSystems, CurrentScenario, Playback};

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
