//! Shared by the fuzz targets: the test maps, the scenario the kiosk and cue targets play, and
//! how a broken promise becomes a crash.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tideline::core::load::{DetailLoading, load_scenario};
use tideline::core::model::Scenario;

/// The small maps folder the scenario target resolves layers in.
pub fn fixture_maps() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/maps")
}

/// The 1945 campaign, loaded once: the kiosk's default loop and the README's cue list use it.
pub fn campaign() -> &'static Scenario {
    static CAMPAIGN: OnceLock<Scenario> = OnceLock::new();
    CAMPAIGN.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios/1945-august-storm.ron");
        load_scenario(&path, DetailLoading::OnDemand)
            .scenario
            .expect("the campaign scenario loads")
    })
}

/// Panics (which libFuzzer records as a crash, with the input) when a promise was broken.
pub fn check(broken: Option<String>) {
    if let Some(broken) = broken {
        panic!("{broken}");
    }
}
