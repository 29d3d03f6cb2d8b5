//! Times shown on the clock their source used, with the clock named, beside the scenario's clock.

use crate::core::model::{Event, Scenario};
use crate::core::scenario::Lang;
use crate::core::time::{DateStyle, Moment, Precision, Written, Zone, format_moment};

/// An event's time as a caption shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventTime {
    /// On the event's own clock with the clock named: "8 August 1945, 17:00 Moscow time
    /// (UTC+3)"; a date alone when the sources give only the day; "from – to" for a span.
    pub own: String,
    /// The same moment on the scenario's clock, when the event gives an hour on another
    /// clock: "9 August 1945, 00:00 Vladivostok time (UTC+10)".
    pub scenario_clock: Option<String>,
}

impl EventTime {
    /// Both on one line: "8 August 1945, 17:00 Moscow time (UTC+3) = 9 August 1945, 00:00
    /// Vladivostok time (UTC+10)".
    pub fn line(&self) -> String {
        match &self.scenario_clock {
            Some(scenario) => format!("{} = {scenario}", self.own),
            None => self.own.clone(),
        }
    }
}

/// How a scenario's event time reads in `lang`: on its own clock, and on the scenario's.
pub fn event_time(scenario: &Scenario, event: &Event, lang: Lang) -> EventTime {
    let start = format_written(scenario, &event.at_written, lang);
    let own = match &event.end_written {
        Some(end) if end.moment != event.at => {
            format!("{start} – {}", format_written(scenario, end, lang))
        }
        _ => start,
    };
    let written = event.at_written;
    let scenario_clock = (written.precision == Precision::Minute && written.clock != scenario.zone)
        .then(|| format_on_clock(scenario, event.at, scenario.zone, lang));
    EventTime {
        own,
        scenario_clock,
    }
}

/// A written time on its own clock: the date alone, or the date and hour with the clock.
pub fn format_written(scenario: &Scenario, written: &Written, lang: Lang) -> String {
    match written.precision {
        Precision::Day => format_moment(written.moment, written.clock, lang, DateStyle::Date),
        Precision::Minute => format_on_clock(scenario, written.moment, written.clock, lang),
    }
}

/// Date and hour on `clock`, with the clock's name where the scenario gives one:
/// "8 August 1945, 17:00 Moscow time (UTC+3)", "1945年8月8日 17:00（モスクワ時間、UTC+3）",
/// "8 августа 1945 г., 17:00 (московское время, UTC+3)".
pub fn format_on_clock(scenario: &Scenario, moment: Moment, clock: Zone, lang: Lang) -> String {
    let when = format_moment(moment, clock, lang, DateStyle::DateTime);
    let offset = clock.short_label();
    match (scenario.clock_name(clock).map(|name| name.get(lang)), lang) {
        (Some(name), Lang::En) => format!("{when} {name} ({offset})"),
        (Some(name), Lang::Ja) => format!("{when}（{name}、{offset}）"),
        (Some(name), Lang::Ru) => format!("{when} ({name}, {offset})"),
        (None, Lang::Ja) => format!("{when}（{offset}）"),
        (None, _) => format!("{when} ({offset})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::load::{DetailLoading, parse_scenario};
    use std::path::Path;

    /// A scenario on Vladivostok time naming the clocks of content review F02's examples.
    fn scenario(events: &str) -> Scenario {
        let text = format!(
            r#"(format: 1,
            meta: (id: "t", title: (en: "T", ja: "T", ru: "Т"), start: "1945-08-01", end: "1945-09-10",
                zone: "+10:00", zone_name: (en: "Vladivostok time", ja: "ウラジオストク時間", ru: "владивостокское время"),
                clocks: [
                    (offset: "+03:00", name: (en: "Moscow time", ja: "モスクワ時間", ru: "московское время")),
                    (offset: "+09:00", name: (en: "Japan time", ja: "日本時間", ru: "японское время")),
                    (offset: "+12:00", name: (en: "Kamchatka time", ja: "カムチャツカ時間", ru: "камчатское время")),
                ],
                home: (west: 110.0, south: 30.0, east: 160.0, north: 60.0)),
            sources: {{"X": (citation: "X")}},
            events: [{events}])"#
        );
        let mut diagnostics = Vec::new();
        let scenario = parse_scenario(
            &text,
            Path::new("t.ron"),
            Path::new("."),
            DetailLoading::OnDemand,
            &mut diagnostics,
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        scenario.unwrap()
    }

    const TEXT: &str = r#"(en: "E", ja: "出来事", ru: "Событие")"#;

    fn event(id: &str, at: &str) -> String {
        format!(r#"(id: "{id}", at: "{at}", title: {TEXT}, summary: {TEXT}, sources: ["X"]),"#)
    }

    fn time_of(scenario: &Scenario, id: &str, lang: Lang) -> EventTime {
        event_time(scenario, scenario.event(id).unwrap(), lang)
    }

    #[test]
    fn the_declaration_of_war_shows_17_00_moscow_time_on_8_august() {
        let s = scenario(&event("war", "1945-08-08T17:00+03:00"));
        let en = time_of(&s, "war", Lang::En);
        assert_eq!(en.own, "8 August 1945, 17:00 Moscow time (UTC+3)");
        assert_eq!(
            en.scenario_clock.as_deref(),
            Some("9 August 1945, 00:00 Vladivostok time (UTC+10)")
        );
        assert_eq!(
            time_of(&s, "war", Lang::Ja).own,
            "1945年8月8日 17:00（モスクワ時間、UTC+3）"
        );
        assert_eq!(
            time_of(&s, "war", Lang::Ru).line(),
            "8 августа 1945 г., 17:00 (московское время, UTC+3) = 9 августа 1945 г., 00:00 (владивостокское время, UTC+10)"
        );
    }

    #[test]
    fn content_review_examples_show_their_own_clock() {
        let s = scenario(
            &[
                event("shumshu", "1945-08-18T04:22+12:00"),
                event("nagasaki", "1945-08-09T11:02+09:00"),
                event("broadcast", "1945-08-15T12:00+09:00"),
                event("letter", "1945-08-16"),
                event("toyohara", "1945-08-24T17:40"),
            ]
            .concat(),
        );
        let own = |id| time_of(&s, id, Lang::En);
        assert_eq!(
            own("shumshu").own,
            "18 August 1945, 04:22 Kamchatka time (UTC+12)"
        );
        assert_eq!(
            own("shumshu").scenario_clock.as_deref(),
            Some("18 August 1945, 02:22 Vladivostok time (UTC+10)")
        );
        assert_eq!(
            own("nagasaki").own,
            "9 August 1945, 11:02 Japan time (UTC+9)"
        );
        assert_eq!(
            own("broadcast").own,
            "15 August 1945, 12:00 Japan time (UTC+9)"
        );
        // A date alone shows only the date, on no clock.
        assert_eq!(
            own("letter"),
            EventTime {
                own: "16 August 1945".into(),
                scenario_clock: None
            }
        );
        // Written on the scenario's clock: named once, nothing beside it.
        assert_eq!(
            own("toyohara").own,
            "24 August 1945, 17:40 Vladivostok time (UTC+10)"
        );
        assert_eq!(own("toyohara").scenario_clock, None);
    }

    #[test]
    fn a_span_shows_both_ends_each_on_its_own_clock() {
        let s = scenario(&format!(
            r#"(id: "surrender", at: "1945-08-19T18:00+12:00", end: Some("1945-08-23"), title: {TEXT}, summary: {TEXT}, sources: ["X"]),"#
        ));
        assert_eq!(
            time_of(&s, "surrender", Lang::En).own,
            "19 August 1945, 18:00 Kamchatka time (UTC+12) – 23 August 1945"
        );
    }

    #[test]
    fn an_unnamed_clock_still_shows_its_offset() {
        let s = scenario("");
        let t = crate::core::time::parse_moment("1945-08-20T10:00+05:30", s.zone).unwrap();
        let zone = Zone::parse("+05:30").unwrap();
        assert_eq!(
            format_on_clock(&s, t, zone, Lang::En),
            "20 August 1945, 10:00 (UTC+5:30)"
        );
        assert_eq!(
            format_on_clock(&s, t, zone, Lang::Ja),
            "1945年8月20日 10:00（UTC+5:30）"
        );
    }
}
