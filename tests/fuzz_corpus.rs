//! Replays the committed fuzz corpus (fuzz/corpus/<target>/) through the same checks as the fuzz
//! targets, so the normal test run (and CI) keeps every input that once mattered, without fuzzing.

use std::path::{Path, PathBuf};
use tideline::core::promises::{geojson_layer_input, moment_input, scenario_input};

fn maps() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/maps")
}

/// What a fuzz target checks: the input, and the first broken promise if any.
type Check = fn(&[u8]) -> Option<String>;

/// One line per fuzz target: its corpus folder and the check its target runs.
const TARGETS: &[(&str, Check)] = &[
    ("geojson_layer", geojson_layer_input),
    ("scenario", |input| scenario_input(input, &maps())),
    ("moment", moment_input),
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
