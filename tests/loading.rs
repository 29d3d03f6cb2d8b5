//! Loading and validation of scenarios: good files load, bad ones are explained, nothing panics.

use std::path::{Path, PathBuf};
use tideline::core::diagnostics::{Diagnostic, Location, Severity, error_count};
use tideline::core::load::{DetailLoading, load_scenario, parse_scenario, resolve_data_path};
use tideline::core::model::Scenario;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn maps_dir() -> PathBuf {
    fixture("maps")
}

fn mini_text() -> String {
    std::fs::read_to_string(fixture("scenarios/mini.ron")).unwrap()
}

/// Parses `text` as if it were tests/fixtures/scenarios/edited.ron.
fn parse(text: &str) -> (Option<Scenario>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let scenario = parse_scenario(
        text,
        Path::new("scenarios/edited.ron"),
        &maps_dir(),
        DetailLoading::Now,
        &mut diagnostics,
    );
    (scenario, diagnostics)
}

fn messages(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics.iter().map(|d| d.to_string()).collect()
}

#[test]
fn the_fixture_loads_cleanly() {
    let loaded = load_scenario(&fixture("scenarios/mini.ron"), DetailLoading::Now);
    assert!(
        loaded.diagnostics.is_empty(),
        "{:#?}",
        messages(&loaded.diagnostics)
    );
    let scenario = loaded.scenario.unwrap();
    assert_eq!(scenario.areas.len(), 2);
    assert_eq!(
        scenario
            .events
            .iter()
            .map(|e| e.id.as_str())
            .collect::<Vec<_>>(),
        ["first", "landing", "last"]
    );
    let town = scenario
        .place("town")
        .expect("gazetteer points become places");
    assert_eq!(town.name.ja, "町");
    assert_eq!(town.modern.as_ref().unwrap().en, "New Town");
    assert!(scenario.layer("land").unwrap().time_varying);
}

#[test]
fn ron_syntax_error_names_file_line_and_column() {
    let text = mini_text().replace("format: 1,", "format: 1,,");
    let (scenario, diagnostics) = parse(&text);
    assert!(scenario.is_none());
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].location, Location::LineCol(3, 15));
    let shown = diagnostics[0].to_string();
    assert!(
        shown.starts_with("scenarios/edited.ron:3:15: error:"),
        "{shown}"
    );
}

#[test]
fn unknown_fields_and_variants_are_located() {
    let text = mini_text().replace("status: Contested", "status: Sieged");
    let (_, diagnostics) = parse(&text);
    assert!(
        matches!(diagnostics[0].location, Location::LineCol(32, _)),
        "{:?}",
        diagnostics[0]
    );
    assert!(
        diagnostics[0].message.contains("Sieged"),
        "{}",
        diagnostics[0].message
    );
}

#[test]
fn unknown_references_are_reported_and_only_their_items_skipped() {
    let text = mini_text()
        .replace(
            "side: \"south\", status: Controlled",
            "side: \"west\", status: Controlled",
        )
        .replace(
            "sources: [\"S1\"], places: [\"town\"]",
            "sources: [\"S9\"], places: [\"nowhere\"]",
        )
        .replace(
            "Feature(\"land\", \"island-a\"), side: \"north\", status: Controlled",
            "Feature(\"land\", \"island-z\"), side: \"north\", status: Controlled",
        )
        .replace(
            "route: Points([(155.0, 47.0), (151.0, 45.5)])",
            "route: Feature(\"roads\", \"r1\")",
        );
    let (scenario, diagnostics) = parse(&text);
    let shown = messages(&diagnostics);
    let scenario = scenario.expect("the rest still loads");
    for expected in [
        "area \"a\" keyframe 1: error: unknown side \"west\"",
        "event \"first\": error: unknown source \"S9\"",
        "event \"first\": error: unknown place \"nowhere\"",
        "area \"a\" keyframe 3: error: layer \"land\" has no feature \"island-z\"",
        "movement \"landing\": error: unknown layer \"roads\"",
    ] {
        assert!(
            shown.iter().any(|m| m.contains(expected)),
            "missing {expected:?} in {shown:#?}"
        );
    }
    // The area keeps its good keyframe; the movement with no route is skipped; events stay.
    assert_eq!(scenario.area("a").unwrap().keyframes.len(), 1);
    assert!(scenario.movements.is_empty());
    assert_eq!(scenario.events.len(), 3);
    assert_eq!(scenario.lines.len(), 1);
}

#[test]
fn traversal_and_absolute_paths_are_refused() {
    for (name, expected) in [
        ("../secrets.geojson", "climbs out"),
        ("sub/../../x.geojson", "climbs out"),
        ("/etc/passwd", "absolute path"),
        ("", "empty"),
    ] {
        let err = resolve_data_path(&maps_dir(), name).unwrap_err();
        assert!(err.contains(expected), "{name}: {err}");
    }
    assert!(resolve_data_path(&maps_dir(), "mini.geojson").is_ok());
    let text = mini_text().replace(
        "file: \"mini.geojson\", role: Base",
        "file: \"../scenarios/mini.ron\", role: Base",
    );
    let (scenario, diagnostics) = parse(&text);
    let shown = messages(&diagnostics);
    assert!(
        shown.iter().any(
            |m| m.contains("layer \"land\": error: file: \"../scenarios/mini.ron\" climbs out")
        ),
        "{shown:#?}"
    );
    // The areas that used the skipped layer are reported; the labels layer still loads.
    let scenario = scenario.unwrap();
    assert_eq!(scenario.layers.len(), 1);
    assert!(scenario.place("town").is_some());
}

#[test]
fn a_broken_layer_file_is_skipped_and_the_rest_loads() {
    let dir = std::env::temp_dir().join(format!("tideline-broken-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("maps")).unwrap();
    std::fs::create_dir_all(dir.join("scenarios")).unwrap();
    std::fs::copy(fixture("maps/mini.geojson"), dir.join("maps/mini.geojson")).unwrap();
    std::fs::write(
        dir.join("maps/broken.geojson"),
        "{\"type\": \"FeatureCollection\", \"features\": [\n  {\"type\": \"Feature\",, }\n]}",
    )
    .unwrap();
    let text = mini_text().replace(
        "    layers: [\n",
        "    layers: [\n        (id: \"broken\", name: (en: \"Broken\", ja: \"壊\", ru: \"Сломано\"), file: \"broken.geojson\", role: Context),\n",
    );
    std::fs::write(dir.join("scenarios/mini.ron"), text).unwrap();
    let loaded = load_scenario(&dir.join("scenarios/mini.ron"), DetailLoading::Now);
    let shown = messages(&loaded.diagnostics);
    assert!(
        shown
            .iter()
            .any(|m| m.contains("broken.geojson:2:22: error: not valid JSON")),
        "{shown:#?}"
    );
    let scenario = loaded.scenario.unwrap();
    assert_eq!(
        scenario.layers.len(),
        3,
        "a file with no features still makes an empty layer"
    );
    assert!(scenario.layer("broken").unwrap().features.is_empty());
    assert_eq!(scenario.areas.len(), 2);
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn dates_outside_the_range_and_absurd_dates_are_explained() {
    let text = mini_text()
        .replace(
            "(id: \"last\", at: \"1945-08-25\"",
            "(id: \"last\", at: \"1955-08-25\"",
        )
        .replace(
            "(id: \"first\", at: \"1945-08-11\"",
            "(id: \"first\", at: \"1945-02-30\"",
        );
    let (scenario, diagnostics) = parse(&text);
    let shown = messages(&diagnostics);
    assert!(
        shown.iter().any(|m| m
            .contains("event \"last\": error: at 1955-08-25 is outside the scenario's time range")),
        "{shown:#?}"
    );
    assert!(
        shown
            .iter()
            .any(|m| m.contains("event \"first\": error: at: \"1945-02-30\" is not a valid date")),
        "{shown:#?}"
    );
    assert_eq!(scenario.unwrap().events.len(), 1);

    let absurd = mini_text().replace("end: \"1945-08-30\"", "end: \"99999-01-01\"");
    let (scenario, diagnostics) = parse(&absurd);
    assert!(scenario.is_none());
    assert!(
        diagnostics[0].message.contains("end:"),
        "{:?}",
        diagnostics[0]
    );
}

#[test]
fn missing_translations_warn_and_missing_english_is_an_error() {
    let text = mini_text()
        .replace(
            "title: (en: \"Last\", ja: \"最後\", ru: \"Последнее\")",
            "title: (en: \"Last\")",
        )
        .replace(
            "(id: \"north\", name: (en: \"North\", ja: \"北\", ru: \"Север\")",
            "(id: \"north\", name: (en: \"\", ja: \"北\", ru: \"Север\")",
        );
    let (_, diagnostics) = parse(&text);
    let warning = diagnostics
        .iter()
        .find(|d| d.severity == Severity::Warning)
        .unwrap();
    assert!(
        warning
            .to_string()
            .contains("event \"last\": warning: title is missing ja, ru"),
        "{warning}"
    );
    assert_eq!(error_count(&diagnostics), 1);
    assert!(
        diagnostics
            .iter()
            .any(|d| d.is_error() && d.message.contains("no English"))
    );
}

#[test]
fn duplicate_ids_and_wrong_format_versions_are_refused() {
    let text = mini_text().replace("(id: \"last\", at:", "(id: \"first\", at:");
    let (scenario, diagnostics) = parse(&text);
    assert!(
        messages(&diagnostics)
            .iter()
            .any(|m| m.contains("event \"first\": error: the event id is used twice"))
    );
    assert_eq!(scenario.unwrap().events.len(), 2);

    let (scenario, diagnostics) = parse(&mini_text().replace("format: 1,", "format: 2,"));
    assert!(scenario.is_none());
    assert!(
        diagnostics[0]
            .message
            .contains("format 2 is not understood")
    );
}

#[test]
fn keyframes_out_of_order_are_skipped() {
    let text = mini_text().replace(
        "(at: \"1945-08-20\", shape: Feature(\"land\", \"island-a\")",
        "(at: \"1945-08-15\", shape: Feature(\"land\", \"island-a\")",
    );
    let (scenario, diagnostics) = parse(&text);
    assert!(messages(&diagnostics).iter().any(|m| m.contains(
        "area \"a\" keyframe 3: error: keyframe at 1945-08-15 is not after the previous keyframe"
    )));
    assert_eq!(scenario.unwrap().area("a").unwrap().keyframes.len(), 2);
}

#[test]
fn arbitrary_input_never_panics() {
    // Truncations and byte flips of a valid scenario: every one gives diagnostics or a scenario, never a panic.
    let text = mini_text();
    let bytes = text.as_bytes();
    for cut in (0..bytes.len()).step_by(97) {
        let truncated = String::from_utf8_lossy(&bytes[..cut]);
        let (scenario, diagnostics) = parse(&truncated);
        assert!(scenario.is_some() || !diagnostics.is_empty());
    }
    for position in (0..bytes.len()).step_by(53) {
        let mut flipped = bytes.to_vec();
        flipped[position] = b"{}[](),:\"0xZ-"[position % 13];
        let _ = parse(&String::from_utf8_lossy(&flipped));
    }
    let mut diagnostics = Vec::new();
    for junk in [
        "",
        "\u{0}",
        "[[[[[[[[",
        "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[1e308,1e308]]]}}]}",
    ] {
        tideline::core::geojson_layer::parse_geojson(
            junk,
            Path::new("junk.geojson"),
            &mut diagnostics,
        );
    }
    assert!(diagnostics.len() >= 4);
}

#[test]
fn the_readme_example_is_a_valid_scenario() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let format = &readme[readme
        .find("### Format")
        .expect("README has a Format section")..];
    let start = format.find("```ron\n").expect("README has a RON example") + "```ron\n".len();
    let end = start + format[start..].find("```").unwrap();
    let (scenario, diagnostics) = parse(&format[start..end]);
    assert!(diagnostics.is_empty(), "{:#?}", messages(&diagnostics));
    let scenario = scenario.unwrap();
    assert_eq!(
        (
            scenario.areas.len(),
            scenario.lines.len(),
            scenario.movements.len(),
            scenario.events.len()
        ),
        (1, 1, 1, 1)
    );
}

/// The line:column a diagnostic shows, when it has one.
fn line_col_of(diagnostics: &[Diagnostic], text: &str) -> Option<(usize, usize)> {
    diagnostics
        .iter()
        .find(|d| d.to_string().contains(text))
        .unwrap_or_else(|| panic!("no {text:?} in {:#?}", messages(diagnostics)))
        .line_col()
}

#[test]
fn every_item_error_carries_the_line_and_column_of_its_item() {
    let text = mini_text()
        .replace(
            "side: \"south\", status: Controlled",
            "side: \"west\", status: Controlled",
        )
        .replace(
            "sources: [\"S1\"], places: [\"town\"]",
            "sources: [\"S9\"], places: [\"town\"]",
        )
        .replace("(id: \"last\", at:", "(id: \"first\", at:")
        .replace("zone: \"+10:00\"", "zone: \"+99:00\"")
        .replace("(citation: \"Test source one\")", "(citation: \" \")");
    let (_, diagnostics) = parse(&text);
    for (message, expected) in [
        (
            "area \"a\" keyframe 1: error: unknown side \"west\"",
            (31, 13),
        ),
        ("event \"first\": error: unknown source \"S9\"", (56, 9)),
        (
            "event \"first\": error: the event id is used twice",
            (62, 9),
        ),
        ("meta: error: zone", (4, 11)),
        ("source \"S1\": error: source has no citation", (16, 15)),
    ] {
        assert_eq!(
            line_col_of(&diagnostics, message),
            Some(expected),
            "{message}"
        );
    }
    let shown = messages(&diagnostics);
    assert!(
        shown
            .iter()
            .any(|m| m.starts_with("scenarios/edited.ron:31:13: area \"a\" keyframe 1: error:")),
        "{shown:#?}"
    );
}

#[test]
fn a_feature_without_a_shape_is_refused_where_a_scenario_uses_it() {
    let dir = std::env::temp_dir().join(format!("tideline-no-shape-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("maps")).unwrap();
    std::fs::create_dir_all(dir.join("scenarios")).unwrap();
    let layer = std::fs::read_to_string(fixture("maps/mini.geojson")).unwrap().replace(
        "\"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[150.0, 45.0], [151.0, 45.0], [151.0, 46.0], [150.0, 46.0], [150.0, 45.0]]]}",
        "\"geometry\": null",
    );
    assert!(layer.contains("null"));
    std::fs::write(dir.join("maps/mini.geojson"), layer).unwrap();
    std::fs::write(dir.join("scenarios/mini.ron"), mini_text()).unwrap();
    let loaded = load_scenario(&dir.join("scenarios/mini.ron"), DetailLoading::Now);
    let shown = messages(&loaded.diagnostics);
    // Each of area "a"'s three keyframes is told, then the area without keyframes is skipped.
    assert_eq!(error_count(&loaded.diagnostics), 4, "{shown:#?}");
    assert_eq!(
        shown
            .iter()
            .filter(|m| m.contains(
                "error: feature \"island-a\" of layer \"land\" has no shape (null geometry or empty coordinates)"
            ))
            .count(),
        3,
        "{shown:#?}"
    );
    assert!(shown[3].contains("area \"a\": error: the area has no usable keyframe"));
    // The layer itself loaded cleanly, and the other area is still there.
    let scenario = loaded.scenario.unwrap();
    assert!(scenario.area("a").is_none());
    assert_eq!(scenario.layer("land").unwrap().features.len(), 4);
    assert!(scenario.area("zone").is_some());
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn scenario_files_in_the_wrong_encoding_or_not_text_say_what_they_are() {
    let dir = std::env::temp_dir().join(format!("tideline-encodings-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("scenarios/folder.ron")).unwrap();
    let text = mini_text();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let with_bom: Vec<u8> = b"\xEF\xBB\xBF"
        .iter()
        .chain(text.as_bytes())
        .copied()
        .collect();
    let png = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layers/image.geojson"),
    )
    .unwrap();
    let latin1: Vec<u8> = text
        .replace(
            "(en: \"Last\", ja: \"最後\"",
            "(en: \"L\u{E9}st\", ja: \"最後\"",
        )
        .chars()
        .flat_map(|c| match c {
            '\u{E9}' => vec![0xE9],
            c => c.to_string().into_bytes(),
        })
        .collect();
    for (name, bytes) in [
        ("utf16.ron", utf16),
        ("bom.ron", with_bom),
        ("image.ron", png),
        ("empty.ron", Vec::new()),
        ("latin1.ron", latin1),
    ] {
        std::fs::write(dir.join("scenarios").join(name), bytes).unwrap();
    }
    std::fs::create_dir_all(dir.join("maps")).unwrap();
    std::fs::copy(fixture("maps/mini.geojson"), dir.join("maps/mini.geojson")).unwrap();
    let load = |name: &str| load_scenario(&dir.join("scenarios").join(name), DetailLoading::Now);

    for (name, expected) in [
        (
            "utf16.ron",
            "error: the file is UTF-16 (little-endian) text (save as UTF-8",
        ),
        (
            "image.ron",
            "error: this is not a text file: it looks like a PNG image, not RON (.ron)",
        ),
        ("empty.ron", "error: the file is empty"),
        ("folder.ron", "error: this is a folder, not a scenario file"),
    ] {
        let loaded = load(name);
        assert!(loaded.scenario.is_none(), "{name}");
        let shown = messages(&loaded.diagnostics);
        assert_eq!(shown.len(), 1, "{shown:#?}");
        assert!(
            shown[0].contains(&format!("{name}: {expected}")),
            "{shown:#?}"
        );
    }

    let loaded = load("bom.ron");
    let shown = messages(&loaded.diagnostics);
    assert_eq!(shown.len(), 1, "{shown:#?}");
    assert_eq!(loaded.diagnostics[0].severity, Severity::Note);
    assert!(
        shown[0].contains("bom.ron:1:1: note: a UTF-8 byte-order mark at the start was skipped")
    );
    assert!(loaded.scenario.is_some());

    let loaded = load("latin1.ron");
    let shown = messages(&loaded.diagnostics);
    assert_eq!(shown.len(), 1, "{shown:#?}");
    assert!(
        shown[0].contains(
            "latin1.ron:62:54: error: 1 byte sequence(s) are not UTF-8 (the first, 0xE9, is here)"
        ),
        "{shown:#?}"
    );
    assert_eq!(
        loaded.scenario.unwrap().events.len(),
        3,
        "the rest still loads"
    );
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn a_disagreement_citing_one_source_is_an_error_at_its_line_and_column() {
    let text = mini_text().replace("sources: [\"S1\", \"S2\"])]", "sources: [\"S1\"])]");
    let (scenario, diagnostics) = parse(&text);
    assert!(scenario.is_some(), "the rest still loads");
    let line = text
        .lines()
        .position(|l| l.contains("kind: Disagreement"))
        .unwrap()
        + 1;
    let column = text
        .lines()
        .nth(line - 1)
        .unwrap()
        .find("Disagreement")
        .unwrap()
        + 1;
    assert_eq!(diagnostics.len(), 1, "{:#?}", messages(&diagnostics));
    assert_eq!(diagnostics[0].severity, Severity::Error);
    assert_eq!(diagnostics[0].location, Location::LineCol(line, column));
    let shown = diagnostics[0].to_string();
    assert!(
        shown.starts_with(&format!("scenarios/edited.ron:{line}:{column}: error:"))
            && shown.contains("at least two"),
        "{shown}"
    );
}

#[test]
fn the_old_note_field_still_loads_as_a_remark_with_a_warning() {
    let text = mini_text().replace(
        "notes: [(kind: Disagreement, text: (en: \"S1 says 04:22, S2 says 05:00.\", ja: \"S1は4時22分、S2は5時とする。\", ru: \"S1 — 04:22, S2 — 05:00.\"), sources: [\"S1\", \"S2\"])]",
        "note: Some((en: \"Old.\", ja: \"古い。\", ru: \"Старое.\"))",
    );
    let (scenario, diagnostics) = parse(&text);
    assert_eq!(diagnostics.len(), 1, "{:#?}", messages(&diagnostics));
    assert_eq!(diagnostics[0].severity, Severity::Warning);
    assert!(diagnostics[0].message.contains("old form"));
    let scenario = scenario.unwrap();
    let notes = &scenario.event("landing").unwrap().notes;
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].kind, tideline::core::scenario::NoteKind::Remark);
    assert_eq!(notes[0].text.en, "Old.");
}

#[test]
fn an_hour_on_an_unnamed_clock_is_a_warning() {
    let text = mini_text().replace(
        "(id: \"last\", at: \"1945-08-25\"",
        "(id: \"last\", at: \"1945-08-25T12:00+03:00\"",
    );
    let (scenario, diagnostics) = parse(&text);
    assert!(scenario.is_some());
    assert_eq!(diagnostics.len(), 1, "{:#?}", messages(&diagnostics));
    assert_eq!(diagnostics[0].severity, Severity::Warning);
    assert!(
        diagnostics[0].hint.contains("offset: \"+03:00\""),
        "{}",
        diagnostics[0].hint
    );
}

#[test]
fn events_keep_the_clock_and_precision_they_were_written_with() {
    use tideline::core::time::{Precision, Zone};
    let scenario = load_scenario(&fixture("scenarios/mini.ron"), DetailLoading::OnDemand)
        .scenario
        .unwrap();
    let landing = scenario.event("landing").unwrap();
    assert_eq!(landing.at_written.clock, Zone::from_hours(12));
    assert_eq!(landing.at_written.precision, Precision::Minute);
    let first = scenario.event("first").unwrap();
    assert_eq!(first.at_written.clock, scenario.zone);
    assert_eq!(first.at_written.precision, Precision::Day);
}
