//! The loaded scenario: every reference resolved, every date parsed, every shape in geo types.

use crate::core::geojson_layer::MapFeature;
use crate::core::scenario::{
    AreaStatus, Confidence, Focus, Interpolation, LayerSpec, LineStatus, LonLat, Meta,
    MovementKind, MovementStatus, NoteKind, PlaceKind, Source, Text,
};
use crate::core::style::Rgba;
use crate::core::time::{Moment, TimeRange, Written, Zone};
use geo::{LineString, MultiLineString, MultiPolygon};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct Scenario {
    pub path: PathBuf,
    pub maps_dir: PathBuf,
    pub meta: Meta,
    pub zone: Zone,
    /// Every named clock: `meta.clocks`, and the scenario's own clock named by
    /// `meta.zone_name`.
    pub clocks: Vec<Clock>,
    /// Where events happen, for filtering the event list.
    pub theatres: Vec<Theatre>,
    pub range: TimeRange,
    pub sources: BTreeMap<String, Source>,
    pub sides: Vec<SideInfo>,
    pub layers: Vec<Layer>,
    pub places: Vec<Place>,
    pub areas: Vec<Area>,
    pub lines: Vec<Line>,
    pub movements: Vec<Movement>,
    /// Sorted by start time.
    pub events: Vec<Event>,
}

impl Scenario {
    pub fn side(&self, index: usize) -> &SideInfo {
        &self.sides[index]
    }

    pub fn side_index(&self, id: &str) -> Option<usize> {
        self.sides.iter().position(|s| s.id == id)
    }

    pub fn layer(&self, id: &str) -> Option<&Layer> {
        self.layers.iter().find(|l| l.spec.id == id)
    }

    pub fn place(&self, id: &str) -> Option<&Place> {
        self.places.iter().find(|p| p.id == id)
    }

    pub fn event(&self, id: &str) -> Option<&Event> {
        self.events.iter().find(|e| e.id == id)
    }

    pub fn area(&self, id: &str) -> Option<&Area> {
        self.areas.iter().find(|a| a.id == id)
    }

    /// What the clock with this offset is called, if the scenario names it.
    pub fn clock_name(&self, zone: Zone) -> Option<&Text> {
        self.clocks.iter().find(|c| c.zone == zone).map(|c| &c.name)
    }
}

/// A theatre of events: "Kuril Islands".
#[derive(Debug, Clone, PartialEq)]
pub struct Theatre {
    pub id: String,
    pub name: Text,
}

/// A named clock: "Moscow time" at UTC+3.
#[derive(Debug, Clone, PartialEq)]
pub struct Clock {
    pub zone: Zone,
    pub name: Text,
}

/// A note on an item: a disagreement between sources, a clock, a counterfactual or a remark.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub kind: NoteKind,
    pub text: Text,
    /// Ids in `Scenario::sources`; a disagreement cites at least two.
    pub sources: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct SideInfo {
    pub id: String,
    pub name: Text,
    pub colour: Rgba,
}

#[derive(Debug, Clone)]
pub struct Layer {
    pub spec: LayerSpec,
    pub features: Vec<MapFeature>,
    /// More detailed files, nearest zoom first, loaded on demand.
    pub detail: Vec<DetailFile>,
    /// True when some feature has a validity window, so the layer changes with time.
    pub time_varying: bool,
}

#[derive(Debug, Clone)]
pub struct DetailFile {
    pub path: PathBuf,
    pub min_px_per_km: f64,
}

#[derive(Debug, Clone)]
pub struct Place {
    pub id: String,
    pub name: Text,
    pub modern: Option<Text>,
    /// The other government's name for a place whose sovereignty is disputed: shown beside
    /// `name` as its equal (see `core::i18n::place_label`).
    pub co_equal: Option<Text>,
    pub at: LonLat,
    pub kind: PlaceKind,
    pub rank: u8,
    /// The labels layer the place comes from (None for a scenario's own `places`): hiding
    /// that layer hides its labels.
    pub layer: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Area {
    pub id: String,
    /// Indices of the areas whose current shapes are cut out of this one.
    pub clip_by: Vec<usize>,
    pub name: Text,
    pub interpolation: Interpolation,
    pub keyframes: Vec<AreaFrame>,
    pub sources: Vec<String>,
    pub confidence: Confidence,
    pub notes: Vec<Note>,
    pub counterfactual: bool,
}

#[derive(Debug, Clone)]
pub struct AreaFrame {
    pub at: Moment,
    /// Shared with every evaluated state that draws this keyframe, so evaluating copies none.
    pub shape: Arc<MultiPolygon<f64>>,
    pub side: usize,
    pub status: AreaStatus,
}

#[derive(Debug, Clone)]
pub struct Line {
    pub id: String,
    pub name: Text,
    pub interpolation: Interpolation,
    pub keyframes: Vec<LineFrame>,
    pub sources: Vec<String>,
    pub confidence: Confidence,
    pub notes: Vec<Note>,
    pub counterfactual: bool,
}

#[derive(Debug, Clone)]
pub struct LineFrame {
    pub at: Moment,
    pub shape: MultiLineString<f64>,
    pub status: LineStatus,
    pub side: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Movement {
    pub id: String,
    pub name: Text,
    pub side: usize,
    pub kind: MovementKind,
    pub status: MovementStatus,
    pub start: Moment,
    pub end: Moment,
    pub route: LineString<f64>,
    /// The finished arrow disappears after this moment.
    pub visible_until: Moment,
    pub sources: Vec<String>,
    pub confidence: Confidence,
    pub notes: Vec<Note>,
    pub counterfactual: bool,
}

#[derive(Debug, Clone)]
pub struct Event {
    pub id: String,
    pub at: Moment,
    /// `at` as written: its own clock, and whether the sources give an hour.
    pub at_written: Written,
    pub end: Option<Moment>,
    pub end_written: Option<Written>,
    pub title: Text,
    pub summary: Text,
    pub places: Vec<String>,
    /// Index into `Scenario::theatres`.
    pub theatre: Option<usize>,
    pub sources: Vec<String>,
    pub confidence: Confidence,
    pub notes: Vec<Note>,
    pub focus: Option<Focus>,
}

impl Event {
    /// The moment the event stops being current.
    pub fn until(&self) -> Moment {
        self.end.unwrap_or(self.at)
    }
}
