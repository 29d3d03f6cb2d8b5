//! Shared by the fuzz targets: where the test maps are, and how a broken promise becomes a crash.

use std::path::{Path, PathBuf};

/// The small maps folder the scenario target resolves layers in.
pub fn fixture_maps() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/maps")
}

/// Panics (which libFuzzer records as a crash, with the input) when a promise was broken.
pub fn check(broken: Option<String>) {
    if let Some(broken) = broken {
        panic!("{broken}");
    }
}
