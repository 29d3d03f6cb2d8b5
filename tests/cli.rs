//! The command line as a user runs it: validate, state, events, and their errors.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn tideline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tideline"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}

fn mini() -> String {
    "tests/fixtures/scenarios/mini.ron".to_owned()
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tideline-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn validate_passes_a_good_file() {
    let out = tideline(&["validate", &mini()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("0 error(s), 0 warning(s)"), "{stdout}");
}

#[test]
fn validate_names_file_line_and_column_and_fails() {
    let dir = temp("scenarios");
    std::fs::create_dir_all(&dir).unwrap();
    let broken = dir.join("broken.ron");
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(mini())).unwrap();
    std::fs::write(
        &broken,
        text.replace("zone: \"+10:00\",", "zone: \"+10:00\""),
    )
    .unwrap();
    let out = tideline(&["validate", broken.to_str().unwrap(), &mini()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("{}:10:9: error:", broken.display())),
        "{stderr}"
    );
    // The good file is still checked and reported.
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("mini.ron: 0 error(s)"), "{stdout}");
}

#[test]
fn validate_lists_every_problem() {
    let dir = temp("many");
    std::fs::create_dir_all(dir.join("scenarios")).unwrap();
    std::fs::create_dir_all(dir.join("maps")).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/maps/mini.geojson"),
        dir.join("maps/mini.geojson"),
    )
    .unwrap();
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(mini()))
        .unwrap()
        .replace(
            "sources: [\"S1\"], places: [\"town\"]",
            "sources: [\"S9\"], places: [\"atlantis\"]",
        )
        .replace(
            "side: \"north\", kind: Landing",
            "side: \"east\", kind: Landing",
        );
    let path = dir.join("scenarios/many.ron");
    std::fs::write(&path, text).unwrap();
    let out = tideline(&["validate", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.lines().filter(|l| l.contains(": error:")).count(),
        3,
        "{stderr}"
    );
}

#[test]
fn state_writes_geojson_of_the_evaluated_moment() {
    let out_path = temp("state.geojson");
    let out = tideline(&[
        "state",
        "--scenario",
        &mini(),
        "--date",
        "1945-08-18T03:00",
        "--out",
        out_path.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let value: Value = serde_json::from_str(&std::fs::read_to_string(&out_path).unwrap()).unwrap();
    assert_eq!(value["type"], "FeatureCollection");
    assert_eq!(value["time"], "1945-08-18T03:00+10:00");
    let features = value["features"].as_array().unwrap();
    let of_kind = |kind: &str| {
        features
            .iter()
            .filter(|f| f["properties"]["kind"] == kind)
            .collect::<Vec<_>>()
    };
    let area = of_kind("area")
        .into_iter()
        .find(|f| f["properties"]["id"] == "a")
        .unwrap();
    assert_eq!(area["properties"]["side"], "south");
    assert_eq!(area["geometry"]["type"], "MultiPolygon");
    let line = &of_kind("line")[0];
    assert_eq!(line["properties"]["interpolated"], true);
    let movement = &of_kind("movement")[0];
    assert!((movement["properties"]["progress"].as_f64().unwrap() - 0.25).abs() < 1e-9);
    let event = &of_kind("event")[0];
    assert_eq!(event["properties"]["id"], "landing");
    assert_eq!(
        event["properties"]["sources"][0]["citation"],
        "Test source one"
    );
}

#[test]
fn events_are_listed_in_order_as_json() {
    let out = tideline(&["events", "--scenario", &mini(), "--json"]);
    assert!(out.status.success());
    let list: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = list.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["first", "landing", "last"]);
    // `at` keeps the clock the scenario wrote; the scenario's clock comes beside it.
    assert_eq!(list[1]["at"], "1945-08-18T04:22+12:00");
    assert_eq!(list[1]["at_scenario_clock"], "1945-08-18T02:22+10:00");
    assert_eq!(list[1]["precision"], "minute");
    assert_eq!(list[0]["precision"], "day");
    assert_eq!(list[1]["notes"][0]["kind"], "Disagreement");
    let text = tideline(&["events", "--scenario", &mini(), "--lang", "ja"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("上陸"));
    assert!(
        text.contains(
            "1945年8月18日 04:22（カムチャツカ時間、UTC+12） – 1945年8月20日 = 1945年8月18日 02:22（ウラジオストク時間、UTC+10）  landing"
        ),
        "{text}"
    );
    let text = tideline(&["events", "--scenario", &mini()]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.starts_with("11 August 1945  first  First\n"), "{text}");
}

#[test]
fn absurd_dates_and_languages_are_refused_clearly() {
    let out = tideline(&["state", "--scenario", &mini(), "--date", "1990-01-01"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("outside the scenario's range"));
    let out = tideline(&["state", "--scenario", &mini(), "--date", "tomorrow"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("write it like"));
    let out = tideline(&["events", "--lang", "fr"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("use en, ja or ru"));
    let out = tideline(&["events", "--scenario", "no/such/file.ron"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("no/such/file.ron: error: cannot read the scenario")
    );
}

/// Runs the command with its standard output closed before it writes, as `| head` does once it
/// has read enough.
fn with_reader_gone(args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tideline"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    drop(child.stdout.take());
    child.wait_with_output().expect("the binary ends")
}

#[test]
fn a_closed_pipe_ends_state_and_events_quietly() {
    for args in [
        vec!["state", "--scenario", "tests/fixtures/scenarios/mini.ron"],
        vec!["events", "--scenario", "tests/fixtures/scenarios/mini.ron"],
        vec![
            "events",
            "--json",
            "--scenario",
            "tests/fixtures/scenarios/mini.ron",
        ],
        vec!["validate", "tests/fixtures/scenarios/mini.ron"],
    ] {
        let out = with_reader_gone(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
    // And through a real pipe into head.
    let shell = format!(
        "set -o pipefail; '{}' events --scenario {} | head -n 1",
        env!("CARGO_BIN_EXE_tideline"),
        mini()
    );
    let out = Command::new("bash")
        .args(["-c", &shell])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
}

/// The error of a failed run: exactly one line on standard error, and exit code 1.
fn one_line_error(out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    stderr
}

#[test]
fn an_unwritable_out_gives_one_clear_line() {
    let missing = temp("no-such-folder").join("state.geojson");
    let out = tideline(&[
        "state",
        "--scenario",
        &mini(),
        "--out",
        missing.to_str().unwrap(),
    ]);
    let line = one_line_error(&out);
    assert!(line.contains("does not exist; create it first"), "{line}");
    assert!(!missing.exists());

    let folder = temp("a-folder");
    std::fs::create_dir_all(&folder).unwrap();
    let out = tideline(&[
        "state",
        "--scenario",
        &mini(),
        "--out",
        folder.to_str().unwrap(),
    ]);
    assert!(one_line_error(&out).contains("it is a folder"));

    let out = tideline(&["render", "--out", missing.to_str().unwrap()]);
    assert!(one_line_error(&out).contains("does not exist"));
}

#[test]
fn a_full_disk_gives_one_clear_line() {
    let full = Path::new("/dev/full");
    if !full.exists() {
        return;
    }
    let out = tideline(&["state", "--scenario", &mini(), "--out", "/dev/full"]);
    assert!(one_line_error(&out).contains("cannot write /dev/full: the disk is full"));
    assert!(full.exists());
    let out = Command::new(env!("CARGO_BIN_EXE_tideline"))
        .args(["events", "--scenario", &mini()])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(std::fs::File::create(full).unwrap())
        .output()
        .unwrap();
    assert!(one_line_error(&out).contains("cannot write to standard output"));
}

#[test]
fn new_writes_a_starter_scenario_that_validates() {
    let dir = std::env::temp_dir().join(format!("tideline-new-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tideline"))
        .args(["new", "herring-1900"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let scenario = dir.join("herring-1900/scenarios/herring-1900.ron");
    assert!(scenario.is_file());
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_tideline"))
        .args(["validate", "--strict"])
        .arg(&scenario)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
    // A second time the folder exists: refused, nothing overwritten.
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_tideline"))
        .args(["new", "herring-1900"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn years_and_months_are_dates_on_their_first_day() {
    use tideline::cli::expand_partial_date;
    assert_eq!(expand_partial_date("1905"), "1905-01-01");
    assert_eq!(expand_partial_date("1905-03"), "1905-03-01");
    assert_eq!(expand_partial_date("1905-03-17"), "1905-03-17");
    assert_eq!(expand_partial_date("19050"), "19050");
}

#[test]
fn validate_checks_a_geojson_layer_on_its_own() {
    let good = temp("good.geojson");
    std::fs::write(
        &good,
        r#"{"type":"FeatureCollection","features":[
{"type":"Feature","id":"a","properties":{},"geometry":{"type":"Polygon","coordinates":[[[140,40],[141,40],[141,41],[140,40]]]}},
{"type":"Feature","id":"b","properties":{},"geometry":{"type":"LineString","coordinates":[[140,40],[141,41]]}}
]}"#,
    )
    .unwrap();
    let out = tideline(&["validate", good.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("0 error(s), 0 warning(s); GeoJSON layer; 2 features: 1 polygons, 1 lines"),
        "{stdout}"
    );

    // A bow-tie ring on line 3, without a .geojson extension: found by its leading `{`,
    // reported at its feature's position, and the other feature still counted.
    let bad = temp("bad-layer.txt");
    std::fs::write(
        &bad,
        r#"{"type":"FeatureCollection","features":[
{"type":"Feature","id":"ok","properties":{},"geometry":{"type":"Point","coordinates":[140,40]}},
{"type":"Feature","id":"bow","properties":{},"geometry":{"type":"Polygon","coordinates":[[[140,40],[141,41],[141,40],[140,41],[140,40]]]}}
]}"#,
    )
    .unwrap();
    let out = tideline(&["validate", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("{}:3:1: feature \"bow\"", bad.display()))
            && stderr.contains("crosses itself"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("1 error(s)") && stdout.contains("2 features"),
        "{stdout}"
    );
}
