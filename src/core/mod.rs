//! The Bevy-free engine: time, scenario model, loading, projection, evaluation and tessellation.

pub mod diagnostics;
pub mod geojson_layer;
pub mod geometry;
pub mod load;
pub mod model;
pub mod projection;
pub mod promises;
pub mod ron_positions;
pub mod scenario;
pub mod scene;
pub mod source;
pub mod style;
pub mod tessellate;
pub mod time;
pub mod timeline;
pub mod validity;
