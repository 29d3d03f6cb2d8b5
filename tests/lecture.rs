//! Lecture cue lists: the README's example validates, problems carry line:column, the handout, and the export's frames.

use std::path::Path;
use tideline::core::cues::{CueCamera, handout, parse_cue_file, resolve_cues};
use tideline::core::diagnostics::{Diagnostic, Location};
use tideline::core::frames::cue_frames;
use tideline::core::load::{DetailLoading, load_scenario};
use tideline::core::model::Scenario;
use tideline::core::scenario::Lang;
use tideline::core::view::MapView;

fn campaign() -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/1945-august-storm.ron");
    load_scenario(&path, DetailLoading::OnDemand)
        .scenario
        .unwrap()
}

/// The ```ron block of the README's "Give a lecture" section.
fn readme_cues() -> String {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = &readme[readme.find("## Give a lecture").expect("the section")..];
    let start = section.find("```ron\n").expect("a RON block") + 7;
    let end = start + section[start..].find("```").unwrap();
    section[start..end].to_owned()
}

fn resolve(
    text: &str,
    scenario: &Scenario,
) -> (Vec<Diagnostic>, Option<tideline::core::cues::CueList>) {
    let path = Path::new("talk.ron");
    let parsed = parse_cue_file(text, path);
    let mut diagnostics = parsed.diagnostics;
    let list = parsed
        .file
        .map(|file| resolve_cues(&file, text, path, scenario, &mut diagnostics));
    (diagnostics, list)
}

#[test]
fn the_readme_cue_list_validates() {
    let s = campaign();
    let (diagnostics, list) = resolve(&readme_cues(), &s);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let list = list.unwrap();
    assert_eq!(list.cues.len(), 5);
    assert_eq!(list.cues[0].camera, CueCamera::Home);
    assert!(matches!(list.cues[3].camera, CueCamera::Focus(f) if f.span_km == 160.0));
    assert_eq!(list.cues[3].lang, Some(Lang::Ja));
    assert_eq!(
        list.cues[3].lead_event, None,
        "a cue at its own moment leads with no event"
    );
    let rivers = s.layers.iter().position(|l| l.spec.id == "rivers").unwrap();
    assert_eq!(list.cues[3].layers, vec![(rivers, false)]);
}

#[test]
fn cue_list_problems_carry_line_and_column() {
    let s = campaign();
    let text = "(\n    format: 1,\n    cues: [\n        (event: Some(\"war-declared\")),\n        (event: Some(\"no-such-event\")),\n        (at: Some(\"1999-01-01\")),\n        (event: Some(\"habomai\"), layers: {\"nowhere\": true}),\n        (notes: \"nothing to go to\"),\n    ],\n)";
    let (diagnostics, list) = resolve(text, &s);
    let lines: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(lines.len(), 4, "{lines:#?}");
    assert!(
        lines[0].starts_with("talk.ron:5:9: error: cue 2: unknown event \"no-such-event\""),
        "{lines:#?}"
    );
    assert!(
        lines[1].starts_with("talk.ron:6:9: error: cue 3: 1999-01-01 is outside"),
        "{lines:#?}"
    );
    assert!(
        lines[2].starts_with("talk.ron:7:9: error: cue 4: unknown layer \"nowhere\""),
        "{lines:#?}"
    );
    assert!(
        lines[3].starts_with("talk.ron:8:9: error: cue 5: has neither an event nor a moment"),
        "{lines:#?}"
    );
    assert_eq!(list.unwrap().cues.len(), 1, "the good cue still loads");
}

#[test]
fn syntax_errors_in_a_cue_list_carry_their_position() {
    let s = campaign();
    let (diagnostics, list) = resolve(
        "(\n  format: 1,\n  cues: [\n    (event: Some(\"war-declared\") notes: \"x\"),\n  ],\n)",
        &s,
    );
    assert!(list.is_none());
    assert!(
        matches!(diagnostics[0].location, Location::LineCol(4, _)),
        "{diagnostics:?}"
    );
}

#[test]
fn the_handout_lists_every_cue_with_its_notes() {
    let s = campaign();
    let (_, list) = resolve(&readme_cues(), &s);
    let md = handout(&list.unwrap(), &s, Lang::En);
    assert!(md.starts_with("# The line across Hokkaido\n"));
    assert_eq!(md.matches("\n## ").count(), 5, "{md}");
    assert!(md.contains("## 1. The Soviet Union enters the war"));
    assert!(md.contains("The zone is hatched and tagged: it never happened."));
    assert!(md.contains("> 16 August: Stalin asks for the north of Hokkaido"));
}

#[test]
fn exported_cue_frames_ease_between_cues_and_hold_each() {
    let s = campaign();
    let (_, list) = resolve(&readme_cues(), &s);
    let list = list.unwrap();
    let view = MapView::for_scenario(&s, glam::Vec2::new(1920.0, 1080.0));
    let frames = cue_frames(&list, &s, &view, 10.0).unwrap();
    // 5 holds of 2 s, and moves of 1.5, 1.0, 1.5 and 1.5 s, at 10 frames a second.
    assert_eq!(frames.len(), 5 * 20 + 15 + 10 + 15 + 15);
    let first_hold = &frames[..20];
    assert!(
        first_hold
            .iter()
            .all(|f| f.t == list.cues[0].time && f.cue == 0)
    );
    // The move to cue 2 ends exactly at its moment and view, and time never runs backwards.
    let arrival = &frames[20 + 15 - 1];
    assert_eq!(arrival.t, list.cues[1].time);
    for pair in frames[20..35].windows(2) {
        assert!(pair[1].t >= pair[0].t);
    }
}

/// A cue list in `scenarios/talks/` names its scenario as `../1945-august-storm.ron`; the
/// scenario's `maps/` was once looked for under `scenarios/talks/..` lexically, and missed.
#[test]
fn regression_the_shipped_talk_finds_its_scenario_and_layers() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tideline"))
        .args(["validate", "--strict", "scenarios/talks/hokkaido-line.ron"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("0 error(s), 0 warning(s); cue list; 5 cues"),
        "{stdout}"
    );
}

#[test]
fn lexically_normal_takes_out_parent_steps() {
    use tideline::core::load::{lexically_normal, maps_dir_for};
    assert_eq!(
        lexically_normal(Path::new("scenarios/talks/../1945.ron")),
        Path::new("scenarios/1945.ron")
    );
    assert_eq!(
        lexically_normal(Path::new("./a/./b/../../../c")),
        Path::new("../c")
    );
    assert_eq!(lexically_normal(Path::new("/../a")), Path::new("/a"));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert_eq!(
        maps_dir_for(&root.join("scenarios/talks/../1945-august-storm.ron")),
        root.join("maps")
    );
}

#[test]
fn cue_files_are_decoded_like_scenarios() {
    use tideline::core::cues::decode_cue_bytes;
    let path = Path::new("talk.ron");
    let (text, diagnostics) = decode_cue_bytes(b"\xEF\xBB\xBF(format: 1, cues: [])", path);
    assert_eq!(text.as_deref(), Some("(format: 1, cues: [])"));
    assert!(diagnostics[0].message.contains("byte-order mark"));
    assert!(!diagnostics[0].is_error());

    let utf16: Vec<u8> = "(format: 1)"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let (text, diagnostics) = decode_cue_bytes(&utf16, path);
    assert!(text.is_none());
    assert!(diagnostics[0].message.contains("UTF-16"), "{diagnostics:?}");

    let (text, diagnostics) = decode_cue_bytes(b"(\n  notes: \"caf\xE9\",\n)", path);
    assert_eq!(text.as_deref(), Some("(\n  notes: \"caf\u{FFFD}\",\n)"));
    assert!(diagnostics[0].is_error());
    assert_eq!(diagnostics[0].line_col(), Some((2, 14)), "{diagnostics:?}");
}
