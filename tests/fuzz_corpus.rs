//! Replays the committed fuzz corpus (fuzz/corpus/<target>/) through the same checks as the fuzz
//! targets, so the normal test run (and CI) keeps every input that once mattered, without fuzzing.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tideline::core::load::{DetailLoading, load_scenario};
use tideline::core::model::Scenario;
use tideline::core::promises::{
    cues_input, geojson_layer_input, kiosk_input, moment_input, scenario_input,
};

fn maps() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/maps")
}

/// The scenario the kiosk and cue-list targets play, as in fuzz/src/lib.rs.
fn campaign() -> &'static Scenario {
    static CAMPAIGN: OnceLock<Scenario> = OnceLock::new();
    CAMPAIGN.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/1945-august-storm.ron");
        load_scenario(&path, DetailLoading::OnDemand)
            .scenario
            .expect("the campaign scenario loads")
    })
}

/// What a fuzz target checks: the input, and the first broken promise if any.
type Check = fn(&[u8]) -> Option<String>;

/// One line per fuzz target: its corpus folder and the check its target runs.
const TARGETS: &[(&str, Check)] = &[
    ("geojson_layer", geojson_layer_input),
    ("scenario", |input| scenario_input(input, &maps())),
    ("moment", moment_input),
    ("kiosk_config", |input| kiosk_input(input, campaign())),
    ("cue_list", |input| cues_input(input, campaign())),
];

fn corpus(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    files
}

#[test]
fn every_committed_fuzz_input_keeps_the_loaders_promises() {
    for (target, check) in TARGETS {
        let files = corpus(target);
        assert!(!files.is_empty(), "fuzz/corpus/{target} is empty");
        for file in files {
            let input = std::fs::read(&file).unwrap();
            if let Some(broken) = check(&input) {
                panic!("{}: {broken}", file.display());
            }
        }
    }
}
