//! The serde model of a scenario file (RON, `format: 1`): sides, layers and time-varying features.

use serde::de::value::{BorrowedStrDeserializer, StrDeserializer};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// The only scenario format version this build reads.
pub const FORMAT_VERSION: u32 = 1;

/// A text in the three languages Tideline speaks. English is required; a missing
/// Japanese or Russian text falls back to English and `validate` warns about it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub en: String,
    #[serde(default)]
    pub ja: String,
    #[serde(default)]
    pub ru: String,
}

/// A display language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Ja,
    Ru,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Ja, Lang::Ru];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
            Lang::Ru => "ru",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "ja" => Some(Lang::Ja),
            "ru" => Some(Lang::Ru),
            _ => None,
        }
    }
}

impl Text {
    pub fn new(en: &str, ja: &str, ru: &str) -> Text {
        Text {
            en: en.into(),
            ja: ja.into(),
            ru: ru.into(),
        }
    }

    /// The text in `lang`, falling back to English when that translation is missing.
    pub fn get(&self, lang: Lang) -> &str {
        let text = match lang {
            Lang::En => &self.en,
            Lang::Ja => &self.ja,
            Lang::Ru => &self.ru,
        };
        if text.trim().is_empty() {
            &self.en
        } else {
            text
        }
    }

    /// Languages whose text is empty.
    pub fn missing(&self) -> Vec<Lang> {
        Lang::ALL
            .into_iter()
            .filter(|lang| match lang {
                Lang::En => self.en.trim().is_empty(),
                Lang::Ja => self.ja.trim().is_empty(),
                Lang::Ru => self.ru.trim().is_empty(),
            })
            .collect()
    }
}

/// How sure the sources are: H, M or L in the history reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Confidence {
    #[default]
    High,
    Medium,
    Low,
}

/// The whole scenario file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    pub format: u32,
    pub meta: Meta,
    #[serde(default)]
    pub sources: BTreeMap<String, Source>,
    #[serde(default)]
    pub sides: Vec<Side>,
    #[serde(default)]
    pub layers: Vec<LayerSpec>,
    #[serde(default)]
    pub places: Vec<PlaceSpec>,
    #[serde(default)]
    pub areas: Vec<AreaSpec>,
    #[serde(default)]
    pub lines: Vec<LineSpec>,
    #[serde(default)]
    pub movements: Vec<MovementSpec>,
    #[serde(default)]
    pub events: Vec<EventSpec>,
}

/// Scenario metadata.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    pub id: String,
    pub title: Text,
    #[serde(default)]
    pub description: Text,
    /// First moment of the slider, e.g. "1945-08-08T17:00+03:00" or "1945-08-08".
    pub start: String,
    /// Last moment of the slider.
    pub end: String,
    /// The scenario's clock as a fixed UTC offset, "+10:00". Times written without an
    /// offset are read in this zone and every date is shown in it.
    pub zone: String,
    /// What the scenario's clock is called, without its offset: "Vladivostok time".
    #[serde(default)]
    pub zone_name: Text,
    /// Names of the other clocks the scenario's times are written on, by UTC offset, so a
    /// time is shown as "17:00 Moscow time (UTC+3)".
    #[serde(default)]
    pub clocks: Vec<ClockSpec>,
    /// Where events happen, for the event list's filter: `[(id: "kurils", name: (...))]`.
    #[serde(default)]
    pub theatres: Vec<TheatreSpec>,
    /// The view the camera fits at start and on Home.
    pub home: BoundsSpec,
    /// The slider's smallest step.
    #[serde(default)]
    pub resolution: Resolution,
}

/// A theatre of events (Manchuria, the Kurils, diplomacy…) that the event list filters by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TheatreSpec {
    pub id: String,
    pub name: Text,
}

/// A named clock: the UTC offset a scenario writes after its times, and what it is called;
/// the scenario's times written on it show its name.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClockSpec {
    /// "+03:00".
    pub offset: String,
    /// "Moscow time", without the offset (it is added when shown).
    pub name: Text,
}

/// A geographic box in degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoundsSpec {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

/// The slider's resolution: hours for a campaign, days or years for a long history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Resolution {
    #[default]
    Hour,
    Day,
    Year,
}

/// A citation.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub citation: String,
    #[serde(default)]
    pub url: Option<String>,
    /// Seed document file name, for the project's own seeds.
    #[serde(default)]
    pub file: Option<String>,
}

/// A side in the conflict, with its colour.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Side {
    pub id: String,
    pub name: Text,
    /// "#RRGGBB".
    pub colour: String,
}

/// What a layer is for: base geography is drawn first, overlays last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LayerRole {
    /// Land, sea, coastlines: drawn first, always.
    Base,
    /// Rivers, modern borders, historical boundaries.
    Context,
    /// Feature sources for areas and lines; drawn only where a scenario item uses them.
    Overlay,
    /// Points with names, shown as labels.
    Labels,
}

/// Geometry kinds a layer style applies to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayerStyle {
    /// Polygon fill "#RRGGBB" or "#RRGGBBAA".
    #[serde(default)]
    pub fill: Option<String>,
    /// Outline and line colour.
    #[serde(default)]
    pub stroke: Option<String>,
    /// Stroke width in screen pixels at 1080p.
    #[serde(default = "default_width")]
    pub width: f32,
    #[serde(default)]
    pub pattern: Pattern,
}

fn default_width() -> f32 {
    1.5
}

fn default_true() -> bool {
    true
}

/// A GeoJSON layer in the scenario's maps folder.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayerSpec {
    pub id: String,
    pub name: Text,
    /// Path inside the maps folder, e.g. "land_low.geojson".
    pub file: String,
    pub role: LayerRole,
    #[serde(default)]
    pub style: LayerStyle,
    #[serde(default = "default_true")]
    pub visible: bool,
    /// More detailed files used when zoomed in past `min_px_per_km`.
    #[serde(default)]
    pub detail: Vec<DetailLevel>,
}

/// A more detailed version of a layer for close zoom.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetailLevel {
    pub file: String,
    /// Screen pixels per kilometre from which this file is used.
    pub min_px_per_km: f64,
}

/// A longitude/latitude pair in degrees, in GeoJSON order.
pub type LonLat = (f64, f64);

/// Where an area, line or movement gets its geometry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Shape {
    /// A feature of one of the scenario's layers: `Feature("zones_1945", "karafuto")`.
    Feature(String, String),
    /// Inline coordinates `[(lon, lat), ...]`: a polyline, or a ring for an area.
    Points(Vec<LonLat>),
}

/// Status of a controlled or claimed area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AreaStatus {
    /// Held by the side (solid fill).
    Controlled,
    /// Fighting under way; held by neither with certainty.
    Contested,
    /// Proposed by a side and never carried out (counterfactual shading).
    Proposed,
    /// Claimed by more than one side (hatched).
    Disputed,
    /// Leased or administered territory.
    Administered,
    /// Held jointly by agreement and left undivided (Sakhalin under the 1855 treaty): not a
    /// dispute.
    Undivided,
    /// Renounced by its former sovereign without a named beneficiary, and administered by
    /// the side shown (southern Sakhalin and the Kurils after the 1951 treaty).
    Renounced,
    /// The area is no longer shown from this keyframe on.
    Ended,
}

/// Status of a line: each has its own visual grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LineStatus {
    /// An advancing front: solid, morphing.
    Front,
    /// An agreed demarcation or zone boundary: dash-dot.
    Demarcation,
    /// Proposed and not (yet) agreed: dashed.
    Proposed,
    /// Planned operation: dotted.
    Planned,
    /// Cancelled: dashed and greyed.
    Cancelled,
    /// Rejected by the other party: dashed, greyed, struck through.
    Rejected,
    /// A treaty border: solid thin.
    Treaty,
    /// A ceasefire line: dash-dot.
    Ceasefire,
    /// A claim by one side: dashed in that side's colour.
    Claim,
    /// A de facto line of control that no agreement fixes: dash-dot-dot.
    LineOfControl,
    /// Agreed, but conditional and not carried out (the 1956 transfer after a peace
    /// treaty): long dashes.
    Conditional,
    /// No longer shown from this keyframe on.
    Ended,
}

/// How a line moves between keyframes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Interpolation {
    /// Holds each keyframe until the next.
    #[default]
    Step,
    /// Morphs between keyframes by arc-length resampling.
    Morph,
}

/// A named place shown as a label.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceSpec {
    pub id: String,
    /// The name in use at the time (Toyohara).
    pub name: Text,
    /// Today's name where it differs (Yuzhno-Sakhalinsk).
    #[serde(default)]
    pub modern: Option<Text>,
    /// For a place whose sovereignty is disputed: the other government's name, shown beside
    /// `name` as its equal and never as "today's name". `modern` is then not shown.
    #[serde(default)]
    pub co_equal: Option<Text>,
    pub at: LonLat,
    #[serde(default)]
    pub kind: PlaceKind,
    /// 1 is the most important; lower ranks win label collisions.
    #[serde(default = "default_rank")]
    pub rank: u8,
}

fn default_rank() -> u8 {
    3
}

/// What kind of place a label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum PlaceKind {
    #[default]
    City,
    Capital,
    Port,
    Island,
    LandingSite,
    Cape,
    Battlefield,
    Region,
    Sea,
}

/// An area whose controlling side changes through dated keyframes.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaSpec {
    pub id: String,
    pub name: Text,
    #[serde(default)]
    pub interpolation: Interpolation,
    pub keyframes: Vec<AreaKeyframe>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub confidence: Confidence,
    /// Notes, each of its kind: disagreement, clock, counterfactual or remark.
    #[serde(default)]
    pub notes: Vec<NoteSpec>,
    /// The format before note kinds: read as a remark; `validate` warns.
    #[serde(default)]
    pub note: Option<Text>,
    /// Shows something that never happened; drawn only when counterfactuals are on.
    #[serde(default)]
    pub counterfactual: bool,
    /// Other areas that take ground from this one: it is drawn without what they cover at
    /// each moment (the Japanese-held remainder of Manchukuo as the Soviet area grows).
    #[serde(default)]
    pub clip_by: Vec<String>,
}

/// One dated state of an area.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaKeyframe {
    pub at: String,
    pub shape: Shape,
    pub side: String,
    pub status: AreaStatus,
}

/// A line (front, proposal, border) that changes through dated keyframes.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineSpec {
    pub id: String,
    pub name: Text,
    #[serde(default)]
    pub interpolation: Interpolation,
    pub keyframes: Vec<LineKeyframe>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub confidence: Confidence,
    /// Notes, each of its kind: disagreement, clock, counterfactual or remark.
    #[serde(default)]
    pub notes: Vec<NoteSpec>,
    /// The format before note kinds: read as a remark; `validate` warns.
    #[serde(default)]
    pub note: Option<Text>,
    #[serde(default)]
    pub counterfactual: bool,
}

/// One dated state of a line.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineKeyframe {
    pub at: String,
    pub shape: Shape,
    pub status: LineStatus,
    /// Whose line it is; colours claims and fronts.
    #[serde(default)]
    pub side: Option<String>,
}

/// What kind of movement an arrow shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum MovementKind {
    #[default]
    Advance,
    Landing,
    Airborne,
    Naval,
}

/// Whether a movement happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum MovementStatus {
    #[default]
    Executed,
    Planned,
    Cancelled,
}

/// An advance or a landing: an arrow that grows along its route from start to end.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MovementSpec {
    pub id: String,
    pub name: Text,
    pub side: String,
    #[serde(default)]
    pub kind: MovementKind,
    #[serde(default)]
    pub status: MovementStatus,
    pub start: String,
    pub end: String,
    /// The route from where the force set out to where it arrived.
    pub route: Shape,
    /// How long the finished arrow stays on the map after `end`, in hours (default: 72 hours
    /// for hour scenarios, 30 days for day scenarios, 3 years for year scenarios).
    #[serde(default)]
    pub linger_hours: Option<f64>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub confidence: Confidence,
    /// Notes, each of its kind: disagreement, clock, counterfactual or remark.
    #[serde(default)]
    pub notes: Vec<NoteSpec>,
    #[serde(default)]
    pub counterfactual: bool,
}

/// Where the camera goes when an event is stepped to.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Focus {
    pub center: LonLat,
    /// Width of the view in kilometres.
    pub span_km: f64,
}

/// A dated event with its caption.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventSpec {
    pub id: String,
    pub at: String,
    #[serde(default)]
    pub end: Option<String>,
    /// The sources give only the day: the caption shows the date alone, and the hour written
    /// in `at` only orders the event on the slider (say why in a Clock note).
    #[serde(default)]
    pub day_only: bool,
    pub title: Text,
    pub summary: Text,
    #[serde(default)]
    pub places: Vec<String>,
    /// Where it happened: the id of one of `meta.theatres`.
    #[serde(default)]
    pub theatre: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub confidence: Confidence,
    /// Notes, each of its kind: disagreement, clock, counterfactual or remark.
    #[serde(default)]
    pub notes: Vec<NoteSpec>,
    /// The format before note kinds: read as a remark; `validate` warns.
    #[serde(default)]
    pub note: Option<Text>,
    #[serde(default)]
    pub focus: Option<Focus>,
}

/// What a note is, so a reader is told "sources disagree" only when they do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NoteKind {
    /// Sources disagree; the note says what each says and must cite at least two.
    Disagreement,
    /// Which clock a time is on, or how two clocks relate.
    Clock,
    /// What was planned or proposed and never happened.
    Counterfactual,
    /// Any other remark: how something is drawn, a correction, context.
    Remark,
}

/// A note as written in a scenario: its kind (with where that word stands in the file, for
/// messages), its text and the sources it rests on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteSpec {
    pub kind: Anchored<NoteKind>,
    pub text: Text,
    #[serde(default)]
    pub sources: Vec<String>,
}

/// A value read from a bare word of a RON file (an enum variant such as `Disagreement`),
/// with where that word stood in the text it was parsed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Anchored<T> {
    pub value: T,
    anchor: Option<usize>,
}

impl<T> Anchored<T> {
    pub fn new(value: T) -> Anchored<T> {
        Anchored {
            value,
            anchor: None,
        }
    }

    /// The 1-based line and column of the word in `text`, when `text` is the very string
    /// the value was parsed from.
    pub fn line_col(&self, text: &str) -> Option<(usize, usize)> {
        let offset = self.anchor?.checked_sub(text.as_ptr() as usize)?;
        let before = text.get(..offset)?;
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        Some((line, column))
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Anchored<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct WordVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for WordVisitor<T> {
            type Value = Anchored<T>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a bare word such as Disagreement")
            }

            fn visit_borrowed_str<E: de::Error>(self, word: &'de str) -> Result<Self::Value, E> {
                Ok(Anchored {
                    value: T::deserialize(BorrowedStrDeserializer::<E>::new(word))?,
                    anchor: Some(word.as_ptr() as usize),
                })
            }

            fn visit_str<E: de::Error>(self, word: &str) -> Result<Self::Value, E> {
                Ok(Anchored::new(T::deserialize(StrDeserializer::<E>::new(
                    word,
                ))?))
            }
        }

        deserializer.deserialize_identifier(WordVisitor(PhantomData))
    }
}

impl<T: Serialize> Serialize for Anchored<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

/// The fill and stroke pattern of a style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Pattern {
    #[default]
    Solid,
    Dashed,
    Dotted,
    DashDot,
    /// Long dashes with short gaps.
    LongDash,
    /// A dash and two dots.
    DashDotDot,
}
