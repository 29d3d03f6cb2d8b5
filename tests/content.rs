//! Content tests: the shipped scenarios say what the history reference says.
//!
//! These load the real files in `scenarios/` (and the layers in `maps/`) through the core
//! loader and check dates, sources, languages, neutrality, clocks and the evaluated map at
//! chosen moments. Each test keeps one finding of the content review fixed.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tideline::core::clock::event_time;
use tideline::core::i18n::place_label;
use tideline::core::load::{DetailLoading, load_scenario};
use tideline::core::model::{Note, Scenario};
use tideline::core::scenario::{AreaStatus, Confidence, Lang, LineStatus, NoteKind, Text};
use tideline::core::time::{Moment, parse_moment};
use tideline::core::timeline::evaluate;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn scenario_path(name: &str) -> PathBuf {
    root().join("scenarios").join(name)
}

/// Each shipped scenario, loaded once for all the tests.
fn load(name: &str) -> &'static Scenario {
    static AUGUST_STORM: OnceLock<Scenario> = OnceLock::new();
    static TERRITORIAL_HISTORY: OnceLock<Scenario> = OnceLock::new();
    let cell = match name {
        AUGUST => &AUGUST_STORM,
        TERRITORIAL => &TERRITORIAL_HISTORY,
        other => panic!("no scenario {other}"),
    };
    cell.get_or_init(|| load_checked(name))
}

fn load_checked(name: &str) -> Scenario {
    let loaded = load_scenario(&scenario_path(name), DetailLoading::OnDemand);
    let problems: Vec<String> = loaded
        .diagnostics
        .iter()
        // Content only: the scenario file itself and the campaign layer this test owns.
        // The other map layers are checked by their own tests and by `validate`.
        .filter(|d| {
            let file = d.file.to_string_lossy();
            file.ends_with(name) || file.ends_with("campaign_1945.geojson")
        })
        .map(|d| format!("{d}"))
        .collect();
    assert!(
        problems.is_empty(),
        "{name} has problems:\n{}",
        problems.join("\n")
    );
    loaded.scenario.expect("scenario loads")
}

fn at(s: &Scenario, text: &str) -> Moment {
    parse_moment(text, s.zone).expect("test time parses")
}

fn event_at(s: &Scenario, id: &str) -> Moment {
    s.event(id)
        .unwrap_or_else(|| panic!("event {id} missing"))
        .at
}

/// The side and status of area `id` at `t`, if it is drawn then.
fn area_state(s: &Scenario, id: &str, t: Moment) -> Option<(String, AreaStatus)> {
    let index = s
        .areas
        .iter()
        .position(|a| a.id == id)
        .unwrap_or_else(|| panic!("area {id} missing"));
    evaluate(s, t)
        .areas
        .iter()
        .find(|a| a.area == index)
        .map(|a| (s.side(a.side).id.clone(), a.status))
}

fn assert_side(s: &Scenario, id: &str, when: &str, side: &str, status: AreaStatus) {
    let t = at(s, when);
    assert_eq!(
        area_state(s, id, t),
        Some((side.to_string(), status)),
        "{id} at {when}"
    );
}

fn line_status(s: &Scenario, id: &str, when: &str) -> Option<LineStatus> {
    let index = s
        .lines
        .iter()
        .position(|l| l.id == id)
        .unwrap_or_else(|| panic!("line {id} missing"));
    evaluate(s, at(s, when))
        .lines
        .iter()
        .find(|l| l.line == index)
        .map(|l| l.status)
}

const AUGUST: &str = "1945-august-storm.ron";
const TERRITORIAL: &str = "territorial-history.ron";

fn both() -> [(&'static str, &'static Scenario); 2] {
    [(AUGUST, load(AUGUST)), (TERRITORIAL, load(TERRITORIAL))]
}

/// Every note of every item, with a label naming the item.
fn all_notes(s: &Scenario) -> Vec<(String, &Note)> {
    let mut notes = Vec::new();
    for a in &s.areas {
        notes.extend(a.notes.iter().map(|n| (format!("area {}", a.id), n)));
    }
    for l in &s.lines {
        notes.extend(l.notes.iter().map(|n| (format!("line {}", l.id), n)));
    }
    for m in &s.movements {
        notes.extend(m.notes.iter().map(|n| (format!("movement {}", m.id), n)));
    }
    for e in &s.events {
        notes.extend(e.notes.iter().map(|n| (format!("event {}", e.id), n)));
    }
    notes
}

/// Names a visitor reads in the legend and on the map: (what, id, text).
fn names(s: &Scenario) -> Vec<(String, String, Text)> {
    let mut out = Vec::new();
    let mut push = |what: &str, id: &str, text: &Text| {
        out.push((what.to_string(), id.to_string(), text.clone()));
    };
    for side in &s.sides {
        push("side", &side.id, &side.name);
    }
    for layer in &s.layers {
        push("layer", &layer.spec.id, &layer.spec.name);
    }
    for p in &s.places {
        push("place", &p.id, &p.name);
        if let Some(m) = &p.modern {
            push("place (modern)", &p.id, m);
        }
        if let Some(c) = &p.co_equal {
            push("place (co-equal)", &p.id, c);
        }
    }
    for a in &s.areas {
        push("area", &a.id, &a.name);
    }
    for l in &s.lines {
        push("line", &l.id, &l.name);
    }
    for m in &s.movements {
        push("movement", &m.id, &m.name);
    }
    for e in &s.events {
        push("event title", &e.id, &e.title);
    }
    out
}

/// Every text a visitor can read: names, summaries, notes and the scenario's own words.
fn all_texts(s: &Scenario) -> Vec<(String, Text)> {
    let mut out: Vec<(String, Text)> = names(s)
        .into_iter()
        .map(|(what, id, text)| (format!("{what} {id}"), text))
        .collect();
    out.push(("meta title".into(), s.meta.title.clone()));
    out.push(("meta description".into(), s.meta.description.clone()));
    for clock in &s.clocks {
        out.push((format!("clock {}", clock.zone.label()), clock.name.clone()));
    }
    for e in &s.events {
        out.push((format!("event {} summary", e.id), e.summary.clone()));
    }
    for (what, note) in all_notes(s) {
        out.push((format!("{what} note"), note.text.clone()));
    }
    out
}

fn is_kana_or_kanji(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}')
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}')
}

/// Proper names that are written in Latin script in every language. None ships today: a
/// name added here must be one that Japanese and Russian texts really write in Latin letters.
const LATIN_NAMES: &[&str] = &[];

#[test]
fn both_scenarios_load_without_errors_or_warnings() {
    both();
}

#[test]
fn every_item_has_sources_and_three_languages() {
    for (name, s) in both() {
        assert!(!s.events.is_empty(), "{name}: no events");
        for e in &s.events {
            assert!(
                !e.sources.is_empty(),
                "{name}: event {} has no source",
                e.id
            );
            for source in &e.sources {
                assert!(
                    s.sources.contains_key(source),
                    "{name}: event {} cites unknown {source}",
                    e.id
                );
            }
            assert!(e.focus.is_some(), "{name}: event {} has no focus", e.id);
            assert!(
                e.at >= s.range.start && e.at <= s.range.end,
                "{name}: event {} outside the scenario",
                e.id
            );
        }
        for (what, text) in all_texts(s) {
            assert!(
                text.missing().is_empty(),
                "{name}: {what} lacks {:?}",
                text.missing()
            );
        }
        for a in &s.areas {
            assert!(!a.sources.is_empty(), "{name}: area {} has no source", a.id);
        }
        for l in &s.lines {
            assert!(!l.sources.is_empty(), "{name}: line {} has no source", l.id);
        }
        for m in &s.movements {
            assert!(
                !m.sources.is_empty(),
                "{name}: movement {} has no source",
                m.id
            );
        }
    }
}

/// F01: no Japanese or Russian name is the feature id or the English name left untranslated.
#[test]
fn no_japanese_or_russian_name_is_an_id_or_the_english_text() {
    for (name, s) in both() {
        for (what, id, text) in names(s) {
            for (lang, value) in [(Lang::Ja, &text.ja), (Lang::Ru, &text.ru)] {
                if LATIN_NAMES.contains(&value.as_str()) {
                    continue;
                }
                let bare_id = id.trim_start_matches("island-");
                assert!(
                    value != &id && value != bare_id && value != &text.en,
                    "{name}: {what} {id} has {lang:?} name {value:?}, untranslated"
                );
            }
        }
    }
}

/// F01: Japanese texts are written in kana or kanji, Russian texts in Cyrillic.
#[test]
fn japanese_and_russian_texts_are_in_their_own_scripts() {
    for (name, s) in both() {
        for (what, text) in all_texts(s) {
            if !LATIN_NAMES.contains(&text.ja.as_str()) {
                assert!(
                    text.ja.chars().any(is_kana_or_kanji),
                    "{name}: {what} ja {:?} has no kana or kanji",
                    text.ja
                );
            }
            if !LATIN_NAMES.contains(&text.ru.as_str()) {
                assert!(
                    text.ru.chars().any(is_cyrillic),
                    "{name}: {what} ru {:?} has no Cyrillic",
                    text.ru
                );
            }
        }
    }
}

/// Hosts a museum cannot cite: unlicensed e-book copies, test mirrors, wiki mirrors,
/// machine summaries and the "Pravda" aggregator network (F15, F16, F25).
const DENIED_HOSTS: &[&str] = &[
    "libcat.ru",
    "bibliboba.online",
    "druzya.org",
    "mybooks.club",
    "litbaza.com",
    "rulit.me",
    "readli.club",
    "online-biblioteka.com",
    "litresp.ru",
    "fb2.top",
    "news-pravda.com",
    "dvincitest.com",
    "wikisum.wiki",
    "opinionglobal.cl",
    "nstarikov.ru",
    "perceptiofr.com",
    "wiki-org.ru",
    "hatena.ne.jp",
    "livedoor.com",
    "clateway.com",
    "mgwiki.top",
    "classicistranieri.com",
    "the-uncensored-wiki.com",
    "imtqy.com",
    "liquisearch.com",
    "wikimili.com",
    "docslib.org",
    "alcala.ru",
    "no-ip.org",
];

fn host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    host.split(':')
        .next()
        .unwrap_or("")
        .trim_end_matches('.')
        .to_lowercase()
}

fn denied(url: &str) -> bool {
    let host = host(url);
    DENIED_HOSTS
        .iter()
        .any(|d| host == *d || host.ends_with(&format!(".{d}")))
}

#[test]
fn the_host_check_recognises_subdomains_and_ports() {
    assert!(denied(
        "https://spanish.news-pravda.com/ukraine/2025/09/02/553986.html"
    ));
    assert!(denied("http://the-uncensored-wiki.com:20061/k/w/a/x.html"));
    assert!(denied("https://usr.bibliboba.online/books/x"));
    assert!(!denied(
        "https://digitalarchive.wilsoncenter.org/document/122331"
    ));
    assert!(!denied("https://polkrf.ru/articles/x"));
}

/// F15, F16, F25: no citation links to a denied host, in the scenarios or in the documents
/// they point readers to.
#[test]
fn no_citation_points_to_a_denied_host() {
    for (name, s) in both() {
        for (id, source) in &s.sources {
            if let Some(url) = &source.url {
                assert!(!denied(url), "{name}: source {id} links to {url}");
            }
            assert!(
                !source.citation.trim().is_empty(),
                "{name}: source {id} has no citation"
            );
        }
    }
    for doc in ["scenarios/reference.md", "maps/SOURCES.md"] {
        let text = std::fs::read_to_string(root().join(doc)).expect("document");
        for url in text.split_whitespace().filter(|w| w.starts_with("http")) {
            let url = url.trim_end_matches(|c: char| ")|,.;>".contains(c));
            assert!(!denied(url), "{doc} links to {url}");
        }
    }
}

/// F14, F23: the seed documents are cited by their real authors and titles.
#[test]
fn seeds_are_cited_by_author_and_title() {
    let s = load(TERRITORIAL);
    let citation = |id: &str| s.sources[id].citation.clone();
    assert!(citation("S000").contains("Robert Karniol"));
    assert!(citation("S000").contains("Little-known August 1945 incident"));
    assert!(citation("S001").contains("Jeffrey Mankoff"));
    assert!(citation("S001").contains("The Legacy of the Soviet Offensives of August 1945"));
    assert!(citation("S002").contains("The Soviet Far Eastern Strategy and International Order"));
    assert!(citation("S003").contains("Perceptions of Japan and Germany during World War II"));
    assert!(citation("S004").contains("Chugrov"));
    assert!(citation("S004").contains("from the Late 1940s to the 1950s"));
}

/// F03: the dispute event gives both governments' positions, in each one's own terms, in
/// all three languages.
#[test]
fn the_dispute_event_states_both_positions_in_every_language() {
    let s = load(TERRITORIAL);
    let today = s.event("dispute-today").expect("dispute event");
    let summary = &today.summary;
    for (lang, text, parts) in [
        (
            "en",
            &summary.en,
            [
                "Japan’s government holds",
                "inherent part of Japan’s territory",
                "illegally occupied",
                "Russia’s government holds",
                "as a result of the Second World War",
                "sovereignty over them is not in question",
            ],
        ),
        (
            "ja",
            &summary.ja,
            [
                "日本政府は",
                "日本固有の領土",
                "不法に占拠",
                "ロシア政府は",
                "第二次世界大戦の結果",
                "疑いの余地はない",
            ],
        ),
        (
            "ru",
            &summary.ru,
            [
                "Правительство Японии считает",
                "исконной территорией Японии",
                "незаконно оккупированной",
                "Правительство России считает",
                "по итогам Второй мировой войны",
                "сомнению не подлежит",
            ],
        ),
    ] {
        for part in parts {
            assert!(text.contains(part), "{lang} lacks {part:?}: {text}");
        }
    }
    // Each position rests on its own government's words.
    for id in ["P43", "P84"] {
        assert!(
            today.sources.iter().any(|s| s == id),
            "dispute-today cites {id}"
        );
    }
}

const DISPUTED_PLACES: [&str; 9] = [
    "iturup",
    "kunashir",
    "shikotan",
    "habomai",
    "rubetsu",
    "shana",
    "furukamappu",
    "shakotan",
    "shibotsu",
];

/// F04: the disputed islands and the places on them carry both governments' names as
/// equals, with no "today's name".
#[test]
fn the_disputed_islands_carry_both_names_as_equals() {
    let s = load(AUGUST);
    for id in DISPUTED_PLACES {
        let place = s.place(id).unwrap_or_else(|| panic!("place {id}"));
        assert!(place.modern.is_none(), "{id} still has a today's name");
        let other = place
            .co_equal
            .as_ref()
            .unwrap_or_else(|| panic!("{id}: no co-equal name"));
        for lang in Lang::ALL {
            let (label, second) = place_label(place, lang);
            assert_eq!(second, None, "{id} in {lang:?}");
            assert!(
                label.contains(place.name.get(lang)) && label.contains(other.get(lang)),
                "{id} in {lang:?}: {label}"
            );
            for now in ["now ", "現", "ныне"] {
                assert!(!label.contains(now), "{id} in {lang:?}: {label}");
            }
        }
    }
    let both_names = [
        (
            "island-iturup",
            ["Etorofu", "Iturup"],
            ["択捉島", "イトゥルプ島"],
            ["Итуруп", "Эторофу"],
        ),
        (
            "island-kunashir",
            ["Kunashiri", "Kunashir"],
            ["国後島", "クナシル島"],
            ["Кунашир", "Кунасири"],
        ),
        (
            "island-shikotan",
            ["Shikotan", "Shikotan"],
            ["色丹島", "シコタン島"],
            ["Шикотан", "Сикотан"],
        ),
        (
            "island-habomai",
            ["Habomai", "Habomai"],
            ["歯舞群島", "ハボマイ諸島"],
            ["Хабомаи", "Хабомаи"],
        ),
    ];
    for (name, s) in both() {
        for (id, en, ja, ru) in both_names {
            let area = s.area(id).unwrap_or_else(|| panic!("{name}: area {id}"));
            for (text, expected) in [
                (&area.name.en, en),
                (&area.name.ja, ja),
                (&area.name.ru, ru),
            ] {
                for part in expected {
                    assert!(
                        text.contains(part),
                        "{name}: {id} name {text:?} lacks {part}"
                    );
                }
            }
        }
    }
}

/// F04: no text presents one side's name of a disputed place as "today's name".
#[test]
fn no_text_calls_a_disputed_place_by_today_s_name() {
    let gazetteer = load(AUGUST);
    let mut forbidden = Vec::new();
    for id in DISPUTED_PLACES {
        let place = gazetteer.place(id).unwrap();
        for text in [&place.name, place.co_equal.as_ref().unwrap()] {
            forbidden.push(format!("now {}", text.en));
            forbidden.push(format!("現{}", text.ja));
            forbidden.push(format!("ныне {}", text.ru));
        }
    }
    for (name, s) in both() {
        for (what, text) in all_texts(s) {
            for value in [&text.en, &text.ja, &text.ru] {
                for bad in &forbidden {
                    assert!(!value.contains(bad.as_str()), "{name}: {what} says {bad:?}");
                }
            }
        }
    }
}

/// Visitors read notes that once named sources by the project's internal numbering ("seed 000
/// gives an estimate", 資料000, документ 000), which means nothing on a museum's screen: texts
/// name a source by its author.
#[test]
fn regression_no_visitor_text_names_a_source_by_its_seed_number() {
    for (name, s) in both() {
        for (what, text) in all_texts(s) {
            for value in [&text.en, &text.ja, &text.ru] {
                assert!(
                    !names_a_seed_number(value),
                    "{name}: {what} names a source by its seed number: {value}"
                );
            }
        }
    }
}

/// "seed 000", "資料000", "документ 000" or "документе 000" (any three digits).
fn names_a_seed_number(text: &str) -> bool {
    let lower = text.to_lowercase();
    ["seed ", "資料", "документ ", "документе ", "документа "]
        .iter()
        .any(|word| {
            lower.match_indices(word).any(|(at, _)| {
                let rest = &lower[at + word.len()..];
                rest.chars().take(3).filter(|c| c.is_ascii_digit()).count() == 3
            })
        })
}

/// F07: a disagreement between sources cites at least two of them; only disagreements are
/// labelled as such.
#[test]
fn every_disagreement_cites_two_sources() {
    for (name, s) in both() {
        let notes = all_notes(s);
        assert!(
            notes.iter().any(|(_, n)| n.kind == NoteKind::Disagreement),
            "{name} has no disagreement at all"
        );
        for (what, note) in notes {
            if note.kind == NoteKind::Disagreement {
                assert!(
                    note.sources.len() >= 2,
                    "{name}: {what}: a disagreement citing {:?}",
                    note.sources
                );
            }
            for source in &note.sources {
                assert!(
                    s.sources.contains_key(source),
                    "{name}: {what} cites {source}"
                );
            }
        }
    }
    // The notes the review found mislabelled are not disagreements.
    let s = load(AUGUST);
    for (id, kind) in [
        ("war-declared", NoteKind::Clock),
        ("nagasaki", NoteKind::Remark),
        ("rumoi-landing-not-made", NoteKind::Counterfactual),
        ("shumshu-landing", NoteKind::Clock),
        ("three-ships", NoteKind::Remark),
    ] {
        let kinds: Vec<NoteKind> = s.event(id).unwrap().notes.iter().map(|n| n.kind).collect();
        assert!(kinds.contains(&kind), "{id}: {kinds:?}");
        assert!(!kinds.contains(&NoteKind::Disagreement), "{id}: {kinds:?}");
    }
}

fn shown_time(s: &Scenario, id: &str, lang: Lang) -> String {
    event_time(s, s.event(id).unwrap_or_else(|| panic!("event {id}")), lang).own
}

/// F02, F05, F06, F21, F30: the times of the content review's examples show on their own
/// clock, with the clock named.
#[test]
fn event_times_show_as_corrected() {
    let s = load(AUGUST);
    let war = event_time(s, s.event("war-declared").unwrap(), Lang::En);
    assert_eq!(war.own, "8 August 1945, 17:00 Moscow time (UTC+3)");
    assert_eq!(
        war.scenario_clock.as_deref(),
        Some("9 August 1945, 00:00 Vladivostok time (UTC+10)")
    );
    assert_eq!(
        shown_time(s, "war-declared", Lang::Ja),
        "1945年8月8日 17:00（モスクワ時間、UTC+3）"
    );
    assert_eq!(
        shown_time(s, "war-declared", Lang::Ru),
        "8 августа 1945 г., 17:00 (московское время, UTC+3)"
    );
    for (id, expected) in [
        (
            "shumshu-landing",
            "18 August 1945, 04:22 Kamchatka time (UTC+12)",
        ),
        ("nagasaki", "9 August 1945, 11:02 Japan time (UTC+9)"),
        (
            "emperor-broadcast",
            "15 August 1945, 12:00 Japan time (UTC+9)",
        ),
        ("stalin-letter", "16 August 1945"),
        ("paramushir", "24 August 1945"),
        ("otomari", "25 August 1945, 06:00 Sakhalin time (UTC+11)"),
        ("iturup", "28 August 1945, 13:15 Sakhalin time (UTC+11)"),
        ("urup", "31 August 1945"),
        ("kunashir", "1 September 1945, 05:00 Sakhalin time (UTC+11)"),
        ("shikotan", "1 September 1945, 06:55 Sakhalin time (UTC+11)"),
        ("missouri", "2 September 1945, 09:02 Japan time (UTC+9)"),
        ("stalin-address", "2 September 1945"),
        (
            "shumshu-surrender",
            "19 August 1945, 18:00 Kamchatka time (UTC+12) – 23 August 1945",
        ),
    ] {
        assert_eq!(shown_time(s, id, Lang::En), expected, "{id}");
    }
    // F21: Stalin's address, which speaks of the signing as done, comes after it.
    assert!(event_at(s, "stalin-address") > event_at(s, "missouri"));
    // F06: the letter is dated as in the territorial scenario.
    let territorial = load(TERRITORIAL);
    assert_eq!(
        shown_time(s, "stalin-letter", Lang::En),
        shown_time(territorial, "kushiro-rumoi-proposal", Lang::En)
    );
}

#[test]
fn kuril_landings_are_in_the_documented_order() {
    let s = load(AUGUST);
    let order = [
        "shumshu-landing",
        "paramushir",
        "onekotan",
        "iturup",
        "urup",
        "kunashir",
        "shikotan",
        "habomai",
    ];
    for pair in order.windows(2) {
        assert!(
            event_at(s, pair[0]) < event_at(s, pair[1]),
            "{} should come before {}",
            pair[0],
            pair[1]
        );
    }
    // Shumshu: 04:22 Kamchatka time (UTC+12) on 18 August.
    assert_eq!(
        event_at(s, "shumshu-landing"),
        at(s, "1945-08-18T04:22+12:00")
    );
    // Onekotan and Matua capitulate on the same day.
    assert_eq!(event_at(s, "onekotan"), event_at(s, "matua"));
}

#[test]
fn habomai_shows_the_disagreement() {
    let s = load(AUGUST);
    let e = s.event("habomai").expect("habomai event");
    assert_eq!(e.at, at(s, "1945-09-03"));
    assert_eq!(e.end, Some(at(s, "1945-09-05")));
    assert_ne!(e.confidence, Confidence::High);
    let note = e
        .notes
        .iter()
        .find(|n| n.kind == NoteKind::Disagreement)
        .expect("habomai disagreement");
    assert!(note.text.en.contains("4 September") && note.text.en.contains("1 September"));
}

#[test]
fn kurils_on_26_august_and_6_september() {
    let s = load(AUGUST);
    let t = "1945-08-26T12:00";
    assert_side(s, "island-shumshu", t, "soviet", AreaStatus::Controlled);
    assert_side(s, "island-paramushir", t, "soviet", AreaStatus::Controlled);
    assert_side(s, "island-iturup", t, "japan", AreaStatus::Controlled);
    assert_side(
        s,
        "island-shumshu",
        "1945-08-20",
        "soviet",
        AreaStatus::Contested,
    );
    for a in s.areas.iter().filter(|a| a.id.starts_with("island-")) {
        assert_side(s, &a.id, "1945-09-06", "soviet", AreaStatus::Controlled);
    }
}

/// F13: seed 002 is cited only for the islands it names.
#[test]
fn seed_002_is_cited_only_for_islands_it_names() {
    for (name, s) in both() {
        for id in [
            "island-atlasov",
            "island-makanrushi",
            "island-matua",
            "island-shiashkotan",
            "island-rasshua",
            "island-ushishir",
            "island-ketoy",
            "island-simushir",
            "island-chirpoy",
        ] {
            let area = s.area(id).unwrap_or_else(|| panic!("{name}: {id}"));
            assert!(
                !area.sources.iter().any(|s| s == "S002"),
                "{name}: {id} cites seed 002"
            );
        }
        for id in ["island-shiashkotan", "island-rasshua", "island-chirpoy"] {
            assert_eq!(
                s.area(id).unwrap().confidence,
                Confidence::Low,
                "{name}: {id}"
            );
        }
    }
}

#[test]
fn hokkaido_is_never_soviet() {
    let s = load(AUGUST);
    let mut t = s.range.start;
    while t <= s.range.end {
        assert_eq!(
            area_state(s, "hokkaido", t),
            Some(("japan".to_string(), AreaStatus::Controlled)),
            "hokkaido at {t:?}"
        );
        for a in evaluate(s, t).areas {
            let area = &s.areas[a.area];
            if s.side(a.side).id == "soviet" && area.id.contains("hokkaido") {
                assert!(area.counterfactual, "{} shows Hokkaido as Soviet", area.id);
                assert_ne!(a.status, AreaStatus::Controlled);
            }
        }
        t = t.plus_seconds(3600);
    }
}

/// Manchukuo's pieces at `t` in map kilometres: (area km², mean width km) each, the mean width
/// being twice the area over the perimeter.
fn manchukuo_pieces(s: &Scenario, t: Moment) -> Vec<(f64, f64)> {
    use geo::{Area, Euclidean, Length};
    use tideline::core::projection::Projection;
    use tideline::core::scene::project_polygons;
    let manchukuo = s.areas.iter().position(|a| a.id == "manchukuo").unwrap();
    let state = evaluate(s, t);
    let Some(left) = state.areas.iter().find(|a| a.area == manchukuo) else {
        return Vec::new();
    };
    project_polygons(&Projection::regional(), &left.shape)
        .0
        .iter()
        .map(|piece| {
            let area = piece.unsigned_area();
            (area, 2.0 * area / Euclidean.length(piece.exterior()))
        })
        .collect()
}

/// What is left of Manchukuo beside the Soviet-held area is the part behind the front and the
/// Hutou pocket, not slivers along the border the two share. The Soviet-held shapes were
/// simplified after being cut to the border, and the morph resampled them evenly: both cut
/// the border's corners, and 5 to 27 pieces, 566 to 5,500 km² of strips up to a few km wide,
/// showed Japanese control along the Soviet and Mongolian borders at every moment.
#[test]
fn regression_manchukuo_keeps_no_slivers_along_its_border_while_the_front_moves() {
    let s = load(AUGUST);
    let soviet = s.areas.iter().find(|a| a.id == "manchuria-soviet").unwrap();
    for keyframe in &soviet.keyframes {
        for (area, width) in manchukuo_pieces(s, keyframe.at) {
            assert!(
                width >= 2.0,
                "{:?}: a sliver of {area:.0} km², {width:.1} km wide",
                keyframe.at
            );
        }
    }
    // Between the dated shapes, fronts converging on a pocket leave a few thin pieces for a
    // few hours; strips along the border would add up to far more.
    let (from, to) = (at(s, "1945-08-09T12:00"), at(s, "1945-08-31T00:00"));
    let mut t = from;
    while t.0 <= to.0 {
        let pieces = manchukuo_pieces(s, t);
        let thin: f64 = pieces
            .iter()
            .filter(|(_, w)| *w < 2.0)
            .map(|(a, _)| a)
            .sum();
        assert!(
            pieces.len() <= 8 && thin < 500.0,
            "{t:?}: {} pieces, {thin:.0} km² thin",
            pieces.len()
        );
        t = Moment(t.0 + 3600);
    }
}

#[test]
fn karafuto_changes_hands() {
    let s = load(AUGUST);
    assert_side(
        s,
        "sakhalin-south",
        "1945-08-10",
        "japan",
        AreaStatus::Controlled,
    );
    assert_side(
        s,
        "sakhalin-south",
        "1945-08-26",
        "soviet",
        AreaStatus::Controlled,
    );
}

#[test]
fn the_hokkaido_line_is_proposed_then_rejected_then_cancelled() {
    let s = load(AUGUST);
    assert_eq!(line_status(s, "kushiro-rumoi", "1945-08-15"), None);
    assert_eq!(
        line_status(s, "kushiro-rumoi", "1945-08-17T12:00"),
        Some(LineStatus::Proposed)
    );
    assert_eq!(
        line_status(s, "kushiro-rumoi", "1945-08-20"),
        Some(LineStatus::Rejected)
    );
    assert_eq!(
        line_status(s, "kushiro-rumoi", "1945-08-25"),
        Some(LineStatus::Cancelled)
    );
}

/// F17, F26 and the missing arrows: the internment, Puyi's abdication, the 25th Army, the
/// Soviet–Mongolian group and the airborne landings are on the map with their sources.
#[test]
fn the_campaign_shows_what_the_review_found_missing() {
    let s = load(AUGUST);
    let internment = s.event("internment").expect("internment event");
    assert_eq!(internment.at, at(s, "1945-08-23"));
    assert!(internment.sources.iter().any(|id| id == "S000"));
    assert_eq!(event_at(s, "puyi-abdication"), at(s, "1945-08-18"));
    for id in [
        "adv-25a",
        "adv-cmg-kalgan",
        "adv-cmg-jehol",
        "air-harbin",
        "air-changchun",
        "air-mukden",
        "air-jilin",
        "air-dalian",
        "air-port-arthur",
        "air-pyongyang",
    ] {
        let m = s
            .movements
            .iter()
            .find(|m| m.id == id)
            .unwrap_or_else(|| panic!("movement {id}"));
        assert!(!m.sources.is_empty(), "{id}");
    }
    // F26: Manchukuo ends on the same day in both scenarios and in the boundaries layer.
    let territorial = load(TERRITORIAL);
    assert_side(
        territorial,
        "manchukuo",
        "1945-08-17T12:00",
        "japan",
        AreaStatus::Controlled,
    );
    assert_eq!(
        area_state(
            territorial,
            "manchukuo",
            at(territorial, "1945-08-18T12:00")
        ),
        None
    );
    let boundaries = geojson_properties("boundaries.geojson");
    assert_eq!(boundaries["manchukuo-1933"]["valid_to"], "1945-08-18");
}

/// F49: sides that draw nothing are left out of the legend.
#[test]
fn only_sides_on_the_map_are_in_the_legend() {
    let s = load(AUGUST);
    let drawn = |when: &str| -> Vec<String> {
        sides_drawn(s, &evaluate(s, at(s, when)), true)
            .into_iter()
            .map(|i| s.side(i).id.clone())
            .collect()
    };
    assert_eq!(drawn("1945-08-20"), ["soviet", "japan"]);
    assert!(
        s.side_index("korea").is_none(),
        "Korea was a colony, not a side"
    );
}

#[test]
fn territorial_history_keeps_the_dispute_neutral() {
    let s = load(TERRITORIAL);
    assert_side(
        s,
        "island-iturup",
        "1900-01-01",
        "japan",
        AreaStatus::Controlled,
    );
    assert_side(
        s,
        "island-urup",
        "1860-01-01",
        "russia",
        AreaStatus::Controlled,
    );
    assert_side(
        s,
        "island-urup",
        "1900-01-01",
        "japan",
        AreaStatus::Controlled,
    );
    assert_side(
        s,
        "sakhalin-south",
        "1930-01-01",
        "japan",
        AreaStatus::Controlled,
    );
    // F27: jointly held and undivided by agreement, not disputed.
    assert_side(
        s,
        "sakhalin-south",
        "1860-01-01",
        "shared",
        AreaStatus::Undivided,
    );
    // F09: renounced by Japan in force from 1952, under Soviet then Russian administration.
    assert_side(
        s,
        "sakhalin-south",
        "1950-01-01",
        "russia",
        AreaStatus::Controlled,
    );
    for id in ["sakhalin-south", "island-urup", "island-shumshu"] {
        assert_side(s, id, "1960-01-01", "russia", AreaStatus::Renounced);
    }
    // F08: the four islands are hatched from Yoshida's claim at San Francisco, not from 1956.
    for island in [
        "island-iturup",
        "island-kunashir",
        "island-shikotan",
        "island-habomai",
    ] {
        assert_side(s, island, "1950-01-01", "russia", AreaStatus::Controlled);
        assert_side(s, island, "1952-01-01", "russia", AreaStatus::Disputed);
        assert_side(s, island, "2025-06-01", "russia", AreaStatus::Disputed);
    }
    // F10: the de facto line is not an agreed demarcation; F28: the 1956 line is agreed
    // but conditional.
    assert_eq!(
        line_status(s, "line-of-control", "2000-01-01"),
        Some(LineStatus::LineOfControl)
    );
    assert_eq!(
        line_status(s, "joint-declaration", "2000-01-01"),
        Some(LineStatus::Conditional)
    );
}

/// F12, F18, F19: the territorial history has the milestones the review found missing.
#[test]
fn territorial_history_has_the_missing_milestones() {
    let s = load(TERRITORIAL);
    for (id, date) in [
        ("aigun-1858", "1858-05-28"),
        ("peking-1860", "1860-11-14"),
        ("kwantung-lease-1898", "1898-03-27"),
        ("korea-1910", "1910-08-29"),
        ("decree-1946", "1946-02-02"),
        ("repatriation", "1946-12-19"),
        ("memorandum-1960", "1960-01-27"),
        ("tokyo-declaration-1993", "1993-10-13"),
        ("irkutsk-2001", "2001-03-25"),
        ("constitution-2020", "2020-07-04"),
        ("talks-ended-2022", "2022-03-21"),
    ] {
        assert_eq!(event_at(s, id), at(s, date), "{id}");
    }
    // F12: both readings of Article 9 are given as a disagreement.
    let declaration = s.event("joint-declaration-1956").unwrap();
    let note = declaration
        .notes
        .iter()
        .find(|n| n.kind == NoteKind::Disagreement)
        .expect("Article 9 disagreement");
    assert!(note.text.en.contains("settled the territorial question"));
    assert!(note.text.en.contains("Kunashiri and Etorofu"));
    assert!(declaration.summary.ru.contains("Пункт 9"));
    // F11: the San Francisco note gives the evidence on both sides.
    let sf = s.event("san-francisco-1951").unwrap();
    let sf_note = &sf.notes[0].text.en;
    for part in ["Yoshida said", "US memorandum", "Nishimura", "31 July 1952"] {
        assert!(sf_note.contains(part), "San Francisco note lacks {part}");
    }
    // The Russian lease of Kwantung precedes the Japanese one.
    assert_side(
        s,
        "kwantung",
        "1900-01-01",
        "russia",
        AreaStatus::Administered,
    );
    assert_side(
        s,
        "kwantung",
        "1910-01-01",
        "japan",
        AreaStatus::Administered,
    );
    assert_side(
        s,
        "korea-north",
        "1920-01-01",
        "japan",
        AreaStatus::Controlled,
    );
}

/// The properties of a generated layer, by feature id.
fn geojson_properties(file: &str) -> BTreeMap<String, Value> {
    let text = std::fs::read_to_string(root().join("maps").join(file)).expect("layer");
    let value: Value = serde_json::from_str(&text).expect("GeoJSON");
    value["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| {
            let props = f["properties"].clone();
            (props["id"].as_str().expect("id").to_string(), props)
        })
        .collect()
}

/// The generated layers say what their hand-written inputs in `maps/src` say.
#[test]
fn generated_layers_match_their_inputs() {
    let tsv = std::fs::read_to_string(root().join("maps/src/gazetteer.tsv")).unwrap();
    let mut rows = tsv
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty());
    let header: Vec<&str> = rows.next().unwrap().split('\t').collect();
    let gazetteer = geojson_properties("gazetteer.geojson");
    let mut count = 0;
    for row in rows {
        let cells: Vec<&str> = row.split('\t').collect();
        let get = |k: &str| {
            header
                .iter()
                .position(|h| *h == k)
                .and_then(|i| cells.get(i))
                .map_or("", |c| c.trim())
        };
        let props = &gazetteer[get("id")];
        for key in [
            "name_en",
            "name_ja",
            "name_ru",
            "modern_en",
            "modern_ja",
            "modern_ru",
            "co_equal_en",
            "co_equal_ja",
            "co_equal_ru",
        ] {
            assert_eq!(
                props[key].as_str().unwrap_or(""),
                get(key),
                "gazetteer {} {key}",
                get("id")
            );
        }
        count += 1;
    }
    assert_eq!(count, gazetteer.len());
    for (layer, input, list, keys) in [
        (
            "islands.geojson",
            "units.json",
            "units",
            &["name_en", "name_ja", "name_ru", "note_en"][..],
        ),
        (
            "boundaries.geojson",
            "boundaries.json",
            "boundaries",
            &[
                "name_en",
                "name_ja",
                "name_ru",
                "note_en",
                "valid_from",
                "valid_to",
                "kind",
            ][..],
        ),
    ] {
        let generated = geojson_properties(layer);
        let text = std::fs::read_to_string(root().join("maps/src").join(input)).unwrap();
        let source: Value = serde_json::from_str(&text).unwrap();
        for record in source[list].as_array().unwrap() {
            let id = record["id"].as_str().unwrap();
            let props = &generated[id];
            for key in keys {
                assert_eq!(props[*key], record[*key], "{layer} {id} {key}");
            }
        }
    }
}

/// The sides the legend lists: those drawing something in what is shown.
fn sides_drawn(
    scenario: &tideline::core::model::Scenario,
    state: &tideline::core::timeline::MapState,
    counterfactuals: bool,
) -> Vec<usize> {
    let mut options = tideline::core::visibility::ViewOptions::for_scenario(scenario);
    options.show_counterfactual = counterfactuals;
    let shown = tideline::core::visibility::visible(scenario, state, &options);
    tideline::core::visibility::sides_drawn(&shown, scenario)
}

#[test]
fn every_shipped_event_has_a_theatre_for_the_event_list() {
    for name in [
        "scenarios/1945-august-storm.ron",
        "scenarios/territorial-history.ron",
    ] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
        let s = tideline::core::load::load_scenario(
            &path,
            tideline::core::load::DetailLoading::OnDemand,
        )
        .scenario
        .unwrap();
        assert!(s.theatres.len() >= 3, "{name}");
        let without: Vec<&str> = s
            .events
            .iter()
            .filter(|e| e.theatre.is_none())
            .map(|e| e.id.as_str())
            .collect();
        assert!(without.is_empty(), "{name}: {without:?}");
    }
}
