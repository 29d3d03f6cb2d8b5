//! Scenario time: instants with hour precision, a fixed zone per scenario, ranges and stepping.

use crate::core::scenario::{Lang, Resolution};
use jiff::civil::{Date, DateTime};
use jiff::tz::{Offset, TimeZone};
use std::fmt;

/// Years outside this range are rejected as absurd for a historical map.
pub const EARLIEST_YEAR: i16 = 1800;
pub const LATEST_YEAR: i16 = 2100;

/// An instant, in seconds since 1970-01-01T00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Moment(pub i64);

pub const HOUR: i64 = 3600;
pub const DAY: i64 = 24 * HOUR;

impl Moment {
    pub fn seconds(self) -> i64 {
        self.0
    }

    pub fn plus_seconds(self, seconds: i64) -> Moment {
        Moment(self.0.saturating_add(seconds))
    }

    /// Hours from `earlier` to `self` as a fraction.
    pub fn hours_since(self, earlier: Moment) -> f64 {
        (self.0 - earlier.0) as f64 / HOUR as f64
    }
}

/// A scenario's clock: a fixed UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Zone {
    offset_seconds: i32,
}

impl Default for Zone {
    fn default() -> Self {
        Zone::UTC
    }
}

impl Zone {
    pub const UTC: Zone = Zone { offset_seconds: 0 };

    pub fn from_hours(hours: i32) -> Zone {
        Zone {
            offset_seconds: hours * 3600,
        }
    }

    /// Parses "+10:00", "-03:30", "+09" or "UTC".
    pub fn parse(text: &str) -> Result<Zone, String> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("utc") || text == "Z" {
            return Ok(Zone::UTC);
        }
        let (sign, rest) = match text.chars().next() {
            Some('+') => (1, &text[1..]),
            Some('-') => (-1, &text[1..]),
            _ => {
                return Err(format!(
                    "zone \"{text}\" is not a UTC offset; write it like \"+10:00\" or \"-05:00\""
                ));
            }
        };
        let (hours, minutes) = match rest.split_once(':') {
            Some((h, m)) => (h, m),
            None => (rest, "0"),
        };
        let hours: i32 = hours
            .parse()
            .map_err(|_| format!("zone \"{text}\" has no valid hours; write it like \"+10:00\""))?;
        let minutes: i32 = minutes.parse().map_err(|_| {
            format!("zone \"{text}\" has no valid minutes; write it like \"+05:30\"")
        })?;
        if !(0..=14).contains(&hours) || !(0..60).contains(&minutes) {
            return Err(format!(
                "zone \"{text}\" is outside -14:00..+14:00; write it like \"+10:00\""
            ));
        }
        Ok(Zone {
            offset_seconds: sign * (hours * 3600 + minutes * 60),
        })
    }

    pub fn offset_seconds(self) -> i32 {
        self.offset_seconds
    }

    fn time_zone(self) -> TimeZone {
        TimeZone::fixed(Offset::from_seconds(self.offset_seconds).unwrap_or(Offset::UTC))
    }

    /// "UTC+10:00".
    pub fn label(self) -> String {
        let sign = if self.offset_seconds < 0 { '-' } else { '+' };
        let total = self.offset_seconds.abs();
        format!("UTC{sign}{:02}:{:02}", total / 3600, (total % 3600) / 60)
    }

    /// The offset as readers write it: "UTC+3", "UTC+10", "UTC-3:30", "UTC".
    pub fn short_label(self) -> String {
        if self.offset_seconds == 0 {
            return "UTC".into();
        }
        let sign = if self.offset_seconds < 0 { '-' } else { '+' };
        let total = self.offset_seconds.abs();
        match (total / 3600, (total % 3600) / 60) {
            (hours, 0) => format!("UTC{sign}{hours}"),
            (hours, minutes) => format!("UTC{sign}{hours}:{minutes:02}"),
        }
    }

    /// The civil date and time of `moment` on this clock.
    pub fn civil(self, moment: Moment) -> Option<DateTime> {
        let ts = jiff::Timestamp::from_second(moment.0).ok()?;
        Some(ts.to_zoned(self.time_zone()).datetime())
    }
}

/// Why a time string was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeError(pub String);

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How much of a time a scenario wrote: a day, or a day with an hour and minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Precision {
    /// "1945-08-18": the sources give only the day.
    Day,
    /// "1945-08-18T04:22": the sources give the hour.
    Minute,
}

/// A time as the scenario wrote it: the instant, the clock it was written on (the offset
/// written after it, or the scenario's zone when none was) and whether an hour was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Written {
    pub moment: Moment,
    pub clock: Zone,
    pub precision: Precision,
}

/// Parses "1945-08-18", "1945-08-18T04:22", "1945-08-18T04:22+12:00" or "...Z".
/// Times without an offset are read in `zone`; a date alone means 00:00 there.
pub fn parse_moment(text: &str, zone: Zone) -> Result<Moment, TimeError> {
    parse_written(text, zone).map(|written| written.moment)
}

/// Like [`parse_moment`], keeping the clock the time was written on and its precision.
pub fn parse_written(text: &str, zone: Zone) -> Result<Written, TimeError> {
    let text = text.trim();
    let hint = "write it like \"1945-08-18\", \"1945-08-18T04:22\" or \"1945-08-18T04:22+12:00\"";
    if text.is_empty() {
        return Err(TimeError(format!("empty date; {hint}")));
    }
    let Some((date_part, time_part)) = text.split_once('T') else {
        let date = text
            .parse::<Date>()
            .map_err(|e| TimeError(format!("\"{text}\" is not a valid date ({e}); {hint}")))?;
        let datetime = date.to_datetime(jiff::civil::Time::midnight());
        return place_on_clock(text, datetime, zone, Precision::Day);
    };
    let (clock_time, clock) = split_offset(time_part)
        .map_err(|e| TimeError(format!("\"{text}\" has a bad offset ({e}); {hint}")))?;
    let datetime = format!("{date_part}T{clock_time}")
        .parse::<DateTime>()
        .map_err(|e| {
            TimeError(format!(
                "\"{text}\" is not a valid date and time ({e}); {hint}"
            ))
        })?;
    place_on_clock(text, datetime, clock.unwrap_or(zone), Precision::Minute)
}

/// Splits "04:22+12:00" into "04:22" and its offset; "04:22Z" is UTC, "04:22" has none.
fn split_offset(time: &str) -> Result<(&str, Option<Zone>), String> {
    if let Some(clock_time) = time.strip_suffix('Z') {
        return Ok((clock_time, Some(Zone::UTC)));
    }
    match time.find(['+', '-']) {
        Some(at) => Ok((&time[..at], Some(Zone::parse(&time[at..])?))),
        None => Ok((time, None)),
    }
}

fn place_on_clock(
    text: &str,
    datetime: DateTime,
    clock: Zone,
    precision: Precision,
) -> Result<Written, TimeError> {
    check_year(text, datetime.year())?;
    let zoned = datetime
        .to_zoned(clock.time_zone())
        .map_err(|e| TimeError(format!("\"{text}\" cannot be placed on the clock ({e})")))?;
    Ok(Written {
        moment: Moment(zoned.timestamp().as_second()),
        clock,
        precision,
    })
}

fn check_year(text: &str, year: i16) -> Result<(), TimeError> {
    if (EARLIEST_YEAR..=LATEST_YEAR).contains(&year) {
        Ok(())
    } else {
        Err(TimeError(format!(
            "\"{text}\" is outside the years {EARLIEST_YEAR}-{LATEST_YEAR} that Tideline shows; check the year"
        )))
    }
}

/// The slider's span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeRange {
    pub start: Moment,
    pub end: Moment,
}

impl TimeRange {
    pub fn new(start: Moment, end: Moment) -> Option<TimeRange> {
        (start < end).then_some(TimeRange { start, end })
    }

    pub fn clamp(&self, t: Moment) -> Moment {
        t.clamp(self.start, self.end)
    }

    pub fn contains(&self, t: Moment) -> bool {
        self.start <= t && t <= self.end
    }

    /// Position of `t` in the range, 0..1.
    pub fn fraction(&self, t: Moment) -> f64 {
        let span = (self.end.0 - self.start.0) as f64;
        ((t.0 - self.start.0) as f64 / span).clamp(0.0, 1.0)
    }

    pub fn at_fraction(&self, fraction: f64) -> Moment {
        let span = (self.end.0 - self.start.0) as f64;
        Moment(self.start.0 + (span * fraction.clamp(0.0, 1.0)).round() as i64)
    }
}

/// Every duration and speed that depends on a scenario's resolution, in one place.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ResolutionPolicy {
    /// How long a change of state cross-fades, ending at its documented moment.
    pub fade_seconds: i64,
    /// How long a finished arrow stays when a movement does not say: long enough to read,
    /// short enough that a month of landings does not bury the map.
    pub linger_seconds: i64,
    /// How long after arriving an arrow still carries its date on the map.
    pub label_recency_seconds: i64,
    /// Seconds of scenario time in one unit of the speed shown (hour, day or year).
    pub speed_unit_seconds: i64,
    /// Playback speeds offered, in speed units per real second.
    pub speeds: [f64; 6],
    /// The speed playback starts at, in speed units per real second.
    pub default_speed: f64,
}

impl ResolutionPolicy {
    /// Scenario seconds per real second for a speed in units per second.
    pub fn seconds_per_second(&self, speed: f64) -> f64 {
        speed * self.speed_unit_seconds as f64
    }

    /// The interface word for the speed unit ("h/s", "days/s", "years/s").
    pub fn speed_word(&self) -> crate::core::i18n::Word {
        use crate::core::i18n::Word;
        match self.speed_unit_seconds {
            s if s >= 365 * DAY => Word::YearsPerSecond,
            s if s >= DAY => Word::DaysPerSecond,
            _ => Word::HoursPerSecond,
        }
    }
}

impl Resolution {
    pub fn policy(self) -> ResolutionPolicy {
        match self {
            Resolution::Hour => ResolutionPolicy {
                fade_seconds: 3 * HOUR,
                linger_seconds: 72 * HOUR,
                label_recency_seconds: 24 * HOUR,
                speed_unit_seconds: HOUR,
                speeds: [1.0, 3.0, 6.0, 12.0, 24.0, 72.0],
                default_speed: 6.0,
            },
            Resolution::Day => ResolutionPolicy {
                fade_seconds: DAY,
                linger_seconds: 30 * DAY,
                label_recency_seconds: 7 * DAY,
                speed_unit_seconds: DAY,
                speeds: [0.5, 1.0, 2.0, 5.0, 10.0, 30.0],
                default_speed: 2.0,
            },
            Resolution::Year => ResolutionPolicy {
                fade_seconds: 120 * DAY,
                linger_seconds: 3 * 365 * DAY,
                label_recency_seconds: 2 * 365 * DAY,
                speed_unit_seconds: 365 * DAY,
                speeds: [0.25, 0.5, 1.0, 2.0, 5.0, 10.0],
                default_speed: 2.0,
            },
        }
    }
}

/// Moves `t` by `steps` units of `resolution` on the scenario's clock and snaps to that unit.
pub fn step(t: Moment, steps: i64, resolution: Resolution, zone: Zone) -> Moment {
    match resolution {
        Resolution::Hour => snap(t, resolution, zone).plus_seconds(steps * HOUR),
        Resolution::Day => snap(t, resolution, zone).plus_seconds(steps * DAY),
        Resolution::Year => {
            let Some(civil) = zone.civil(t) else {
                return t;
            };
            let year =
                (civil.year() as i64 + steps).clamp(EARLIEST_YEAR as i64, LATEST_YEAR as i64);
            let Ok(date) = Date::new(year as i16, 1, 1) else {
                return t;
            };
            date.to_datetime(jiff::civil::Time::midnight())
                .to_zoned(zone.time_zone())
                .map(|z| Moment(z.timestamp().as_second()))
                .unwrap_or(t)
        }
    }
}

/// Rounds `t` down to the start of its hour, day or year on the scenario's clock.
pub fn snap(t: Moment, resolution: Resolution, zone: Zone) -> Moment {
    let local = t.0 + zone.offset_seconds as i64;
    match resolution {
        Resolution::Hour => Moment(t.0 - local.rem_euclid(HOUR)),
        Resolution::Day => Moment(t.0 - local.rem_euclid(DAY)),
        Resolution::Year => step(t, 0, Resolution::Year, zone).min(t),
    }
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_RU_GENITIVE: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];

/// How much of a moment to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStyle {
    /// "18 August 1945"
    Date,
    /// "18 August 1945, 04:00"
    DateTime,
    /// "1945"
    Year,
}

impl DateStyle {
    pub fn for_resolution(resolution: Resolution) -> DateStyle {
        match resolution {
            Resolution::Hour => DateStyle::DateTime,
            Resolution::Day => DateStyle::Date,
            Resolution::Year => DateStyle::Year,
        }
    }
}

/// Formats `t` on the scenario's clock in the viewer's language.
pub fn format_moment(t: Moment, zone: Zone, lang: Lang, style: DateStyle) -> String {
    let Some(c) = zone.civil(t) else {
        return String::from("?");
    };
    let (y, m, d) = (c.year(), c.month() as usize, c.day());
    let time = format!("{:02}:{:02}", c.hour(), c.minute());
    match (lang, style) {
        (_, DateStyle::Year) => format!("{y}"),
        (Lang::En, DateStyle::Date) => format!("{d} {} {y}", MONTHS_EN[m - 1]),
        (Lang::En, DateStyle::DateTime) => format!("{d} {} {y}, {time}", MONTHS_EN[m - 1]),
        (Lang::Ja, DateStyle::Date) => format!("{y}年{m}月{d}日"),
        (Lang::Ja, DateStyle::DateTime) => format!("{y}年{m}月{d}日 {time}"),
        (Lang::Ru, DateStyle::Date) => format!("{d} {} {y} г.", MONTHS_RU_GENITIVE[m - 1]),
        (Lang::Ru, DateStyle::DateTime) => {
            format!("{d} {} {y} г., {time}", MONTHS_RU_GENITIVE[m - 1])
        }
    }
}

/// ISO form on the scenario's clock with its offset: "1945-08-18T04:00+10:00".
pub fn iso(t: Moment, zone: Zone) -> String {
    match zone.civil(t) {
        Some(c) => format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}{}",
            c.year(),
            c.month(),
            c.day(),
            c.hour(),
            c.minute(),
            &zone.label()[3..]
        ),
        None => String::from("?"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vladivostok() -> Zone {
        Zone::parse("+10:00").unwrap()
    }

    #[test]
    fn date_alone_is_midnight_on_the_scenario_clock() {
        let t = parse_moment("1945-08-18", vladivostok()).unwrap();
        assert_eq!(iso(t, vladivostok()), "1945-08-18T00:00+10:00");
        assert_eq!(iso(t, Zone::UTC), "1945-08-17T14:00+00:00");
    }

    #[test]
    fn explicit_offset_wins_over_the_scenario_clock() {
        // Shumshu landing, 04:22 Kamchatka time (UTC+12), is 02:22 in Vladivostok.
        let t = parse_moment("1945-08-18T04:22+12:00", vladivostok()).unwrap();
        assert_eq!(iso(t, vladivostok()), "1945-08-18T02:22+10:00");
        let z = parse_moment("1945-08-17T16:22Z", vladivostok()).unwrap();
        assert_eq!(t, z);
    }

    #[test]
    fn bad_dates_are_explained() {
        let zone = vladivostok();
        for bad in [
            "",
            "1945-13-01",
            "1945-08-32",
            "yesterday",
            "1945-08-18T25:00",
        ] {
            let err = parse_moment(bad, zone).unwrap_err();
            assert!(err.0.contains("write it like"), "{bad}: {}", err.0);
        }
        let absurd = parse_moment("9999-01-01", zone).unwrap_err();
        assert!(absurd.0.contains("outside the years"), "{}", absurd.0);
        assert!(parse_moment("0001-01-01T00:00Z", zone).is_err());
    }

    #[test]
    fn written_times_keep_their_clock_and_precision() {
        let w = parse_written("1945-08-18T04:22+12:00", vladivostok()).unwrap();
        assert_eq!(w.clock, Zone::from_hours(12));
        assert_eq!(w.precision, Precision::Minute);
        assert_eq!(iso(w.moment, w.clock), "1945-08-18T04:22+12:00");
        let w = parse_written("1945-08-18T04:22", vladivostok()).unwrap();
        assert_eq!((w.clock, w.precision), (vladivostok(), Precision::Minute));
        let w = parse_written("1945-08-18", vladivostok()).unwrap();
        assert_eq!((w.clock, w.precision), (vladivostok(), Precision::Day));
        let w = parse_written("1945-08-17T16:22Z", vladivostok()).unwrap();
        assert_eq!(w.clock, Zone::UTC);
        let w = parse_written("1950-01-01T00:00-03:30", Zone::UTC).unwrap();
        assert_eq!(w.clock.offset_seconds(), -(3 * 3600 + 1800));
        assert!(parse_written("1945-08-18T04:22+99:00", vladivostok()).is_err());
    }

    #[test]
    fn offsets_read_as_people_write_them() {
        assert_eq!(Zone::from_hours(3).short_label(), "UTC+3");
        assert_eq!(Zone::from_hours(10).short_label(), "UTC+10");
        assert_eq!(Zone::UTC.short_label(), "UTC");
        assert_eq!(Zone::parse("-03:30").unwrap().short_label(), "UTC-3:30");
    }

    #[test]
    fn zones_parse_and_reject() {
        assert_eq!(Zone::parse("+09:00").unwrap().offset_seconds(), 9 * 3600);
        assert_eq!(
            Zone::parse("-05:30").unwrap().offset_seconds(),
            -(5 * 3600 + 1800)
        );
        assert_eq!(Zone::parse("UTC").unwrap(), Zone::UTC);
        assert!(Zone::parse("Asia/Tokyo").is_err());
        assert!(Zone::parse("+25:00").is_err());
    }

    #[test]
    fn stepping_snaps_to_the_unit_on_the_scenario_clock() {
        let zone = vladivostok();
        let t = parse_moment("1945-08-18T04:22", zone).unwrap();
        assert_eq!(
            iso(step(t, 1, Resolution::Hour, zone), zone),
            "1945-08-18T05:00+10:00"
        );
        assert_eq!(
            iso(step(t, -1, Resolution::Day, zone), zone),
            "1945-08-17T00:00+10:00"
        );
        assert_eq!(
            iso(step(t, 2, Resolution::Year, zone), zone),
            "1947-01-01T00:00+10:00"
        );
        assert_eq!(
            iso(snap(t, Resolution::Day, zone), zone),
            "1945-08-18T00:00+10:00"
        );
    }

    #[test]
    fn range_fraction_round_trips() {
        let zone = vladivostok();
        let range = TimeRange::new(
            parse_moment("1945-08-08", zone).unwrap(),
            parse_moment("1945-09-06", zone).unwrap(),
        )
        .unwrap();
        let t = parse_moment("1945-08-22T12:00", zone).unwrap();
        assert_eq!(range.at_fraction(range.fraction(t)), t);
        assert_eq!(range.clamp(Moment(-2_000_000_000)), range.start);
        assert_eq!(range.clamp(Moment(0)), range.end);
        assert!(TimeRange::new(range.end, range.start).is_none());
    }

    #[test]
    fn formats_in_three_languages() {
        let zone = vladivostok();
        let t = parse_moment("1945-08-18T04:00", zone).unwrap();
        assert_eq!(
            format_moment(t, zone, Lang::En, DateStyle::DateTime),
            "18 August 1945, 04:00"
        );
        assert_eq!(
            format_moment(t, zone, Lang::Ja, DateStyle::Date),
            "1945年8月18日"
        );
        assert_eq!(
            format_moment(t, zone, Lang::Ru, DateStyle::Date),
            "18 августа 1945 г."
        );
    }
}
