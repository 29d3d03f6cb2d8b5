//! The Bevy-free engine: time, scenario model, loading, projection, evaluation and tessellation.

pub mod clock;
pub mod diagnostics;
pub mod geojson_layer;
pub mod geometry;
pub mod i18n;
pub mod load;
pub mod model;
pub mod projection;
pub mod scenario;
pub mod scene;
pub mod style;
pub mod tessellate;
pub mod time;
pub mod timeline;
