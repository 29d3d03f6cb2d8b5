//! The Bevy-free engine: time, scenario model, loading, projection, evaluation and tessellation.

pub mod annotations;
pub mod cues;
pub mod diagnostics;
pub mod encode;
pub mod frames;
pub mod geojson_layer;
pub mod geometry;
pub mod glyphs;
pub mod i18n;
pub mod kiosk;
pub mod load;
pub mod measure;
pub mod model;
pub mod projection;
pub mod record;
pub mod ron_text;
pub mod scenario;
pub mod scene;
pub mod style;
pub mod tessellate;
pub mod theme;
pub mod time;
pub mod timeline;
pub mod view;
pub mod visibility;
