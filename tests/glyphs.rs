//! The bundled fonts draw text in every script a scenario author or the interface uses; `validate` warns about the rest.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use tideline::core::diagnostics::{Location, Severity};
use tideline::core::glyphs::{is_drawable, undrawable};
use tideline::core::load::{DetailLoading, load_scenario, parse_scenario};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// Fails naming each text (by `what` and its index) with the characters no bundled font draws.
fn assert_drawable(what: &str, texts: &[&str]) {
    let problems: Vec<String> = texts
        .iter()
        .filter_map(|text| {
            let missing = undrawable(text);
            (!missing.is_empty()).then(|| format!("{text:?}: {missing:?}"))
        })
        .collect();
    assert!(
        problems.is_empty(),
        "{what}: characters no bundled font draws:\n{}",
        problems.join("\n")
    );
}

/// Every distinct character of the files matching `extension` under `dir`, recursively.
fn characters_of_files(dir: &Path, extension: &str) -> BTreeSet<char> {
    let mut chars = BTreeSet::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == extension) {
                chars.extend(std::fs::read_to_string(&path).unwrap().chars());
            }
        }
    }
    assert!(
        chars.len() > 10,
        "no {extension} files read in {}",
        dir.display()
    );
    chars
}

#[test]
fn japanese_with_rare_kanji_and_every_kana_kind() {
    assert_drawable(
        "Japanese",
        &[
            "鰊・鮭・漁",
            "鰊漁場と鮭の遡上、樺太・千島列島・北海道",
            "ひらがな ゐゑ ゝゞ、カタカナ ヰヱヴ ヽヾ ー 々 〆 ヶ",
            "ｶﾀｶﾅ ﾊﾝｶｸ",
            "アイヌ語 ㇰ ㇱ ㇷ ㇿ",
            "占守島の戦い（1945年8月18日〜21日）",
            "「再生」『一時停止』【速度】※",
            "齋藤 髙橋 渡邊 國學院 辻 﨑",
        ],
    );
}

#[test]
fn korean_hangul() {
    assert_drawable(
        "Korean",
        &[
            "대한민국 한글 쿠릴 열도 사할린",
            "똠방각하 휑뎅그렁 뷁 햏 펲 갃",
            "ㄱㄴㄷ ㅏㅑㅓ",
            "韓國 漢字 한자",
        ],
    );
}

#[test]
fn simplified_and_traditional_chinese() {
    assert_drawable(
        "simplified Chinese",
        &[
            "中华人民共和国 满洲 库页岛 千岛群岛",
            "苏联红军进攻，这些们么劳动，鲱鱼和鲑鱼的渔业",
            "黑龙江 吉林 辽宁 哈尔滨 长春 沈阳 旅顺 大连",
        ],
    );
    assert_drawable(
        "traditional Chinese",
        &[
            "中華民國 滿洲 庫頁島 千島群島",
            "蘇聯紅軍進攻，這些們麼勞動，鯡魚和鮭魚的漁業",
            "臺灣 龜 鬱 聽 體 麵 廳 鐵 關",
            "ㄅㄆㄇㄈ",
        ],
    );
}

#[test]
fn cyrillic_in_many_languages() {
    assert_drawable(
        "Cyrillic",
        &[
            "Южно-Сахалинск, Курильские острова, Ёё",
            "Съешь же ещё этих мягких французских булок, да выпей чаю",
            "Українська: Ґґ Єє Іі Її ʼ",
            "Қазақша: Әә Ғғ Ққ Ңң Өө Ұұ Үү Һһ Іі",
            "Беларуская: Ўў; Српски: Ђђ Ћћ Џџ Љљ Њњ Јј; Македонски: Ѓѓ Ќќ Ѕѕ",
            "Татарча: Җҗ; Саха: Ҕҕ; Нивх: Ӄӄ Ӈӈ Ӻӻ; Чукотский: Ԓԓ; Абхазский: Ԥԥ",
        ],
    );
}

#[test]
fn extended_latin_and_romanisation() {
    assert_drawable(
        "Latin",
        &[
            "Tiếng Việt: Đà Nẵng, Huế, Hà Nội, phở, người, ữ ự ỳ ỹ",
            "Polski: Zażółć gęślą jaźń, ŁŃŚŹŻ",
            "Türkçe: İstanbul, Ağrı, şçğı İŞĞ",
            "Rōmaji: Tōkyō, Ōsaka, Kyūshū, Hokkaidō, Ōtomari, ĀāĪīŪūĒēŌō",
            "Pīnyīn: Zhōngguó, Běijīng, lǜ, nǚ, ǘǚǜ",
            "Română: Ș ș Ț ț; Čeština: ř ů; Íslenska: Þ ð; Ελληνικά",
            "Combining: o\u{304} u\u{304} e\u{301} a\u{300} n\u{303}",
            "Punctuation: «» „“ ‹› — – … ‰ № ° ± ′ ″ € ₽ ¥",
        ],
    );
}

#[test]
fn characters_outside_every_bundled_font_are_reported() {
    let hieroglyph = char::from_u32(0x13000).unwrap(); // EGYPTIAN HIEROGLYPH A001
    let linear_b = char::from_u32(0x10000).unwrap(); // LINEAR B SYLLABLE B008 A
    assert!(!is_drawable(hieroglyph));
    assert_eq!(
        undrawable(&format!("Memphis {hieroglyph} 鰊 {linear_b}{hieroglyph}")),
        vec![hieroglyph, linear_b]
    );
}

/// The interface words of src/app/ui.rs (`word`, `status_word` and the language names), as data.
#[rustfmt::skip]
const INTERFACE_WORDS: &[&str] = &[
    "Play", "再生", "Пуск",
    "Pause", "一時停止", "Пауза",
    "◀ Previous event", "◀ 前の出来事", "◀ Предыдущее",
    "Next event ▶", "次の出来事 ▶", "Следующее ▶",
    "Speed", "速度", "Скорость",
    "Layers and legend", "レイヤーと凡例", "Слои и легенда",
    "Sources", "出典", "Источники",
    "Confidence", "確度", "Достоверность",
    "Sources disagree", "史料により異なる", "Источники расходятся",
    "Show proposals that never happened", "実現しなかった提案を表示", "Показать неосуществлённые планы",
    "Whole region", "全域", "Весь регион",
    "high", "高", "высокая",
    "medium", "中", "средняя",
    "low", "低", "низкая",
    "lighter: between documented dates", "淡色：記録日の間の推定", "светлее: между документированными датами",
    "never happened", "実現せず", "не осуществлено",
    "h/s", "時間/秒", "ч/с",
    "front line", "前線", "линия фронта",
    "demarcation", "境界線", "демаркационная линия",
    "proposed", "提案", "предложено",
    "planned", "計画", "запланировано",
    "cancelled", "中止", "отменено",
    "rejected", "拒否", "отклонено",
    "treaty border", "条約国境", "договорная граница",
    "ceasefire line", "停戦線", "линия прекращения огня",
    "claim", "主張線", "притязание",
    "English", "日本語", "Русский",
];

#[test]
fn every_interface_word_is_drawable() {
    // The Play button read 再□ and the layers panel レイヤーと□□ with the old font.
    assert!(is_drawable('生') && is_drawable('凡') && is_drawable('例'));
    assert_drawable("interface words", INTERFACE_WORDS);
}

#[test]
fn every_character_in_the_source_is_drawable() {
    // Catches interface words wherever they live (src/app, src/core/i18n.rs, ...).
    let chars: String = characters_of_files(&root().join("src"), "rs")
        .into_iter()
        .collect();
    assert_drawable("characters in src/", &[&chars]);
}

#[test]
fn every_text_of_the_shipped_scenarios_and_maps_is_drawable() {
    let scenarios: String = characters_of_files(&root().join("scenarios"), "ron")
        .into_iter()
        .collect();
    assert_drawable("scenarios/*.ron", &[&scenarios]);
    let maps: String = characters_of_files(&root().join("maps"), "geojson")
        .into_iter()
        .collect();
    assert_drawable("maps/*.geojson", &[&maps]);
    for name in ["1945-august-storm.ron", "territorial-history.ron"] {
        let loaded = load_scenario(
            &root().join("scenarios").join(name),
            DetailLoading::OnDemand,
        );
        let glyph_warnings: Vec<String> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.message.contains("no bundled font draws"))
            .map(|d| d.to_string())
            .collect();
        assert!(glyph_warnings.is_empty(), "{name}: {glyph_warnings:?}");
    }
}

#[test]
fn validate_warns_about_undrawable_characters_with_the_item() {
    let path = root().join("tests/fixtures/scenarios/mini.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let hieroglyph = char::from_u32(0x13000).unwrap();
    let edited = text
        .replace("ja: \"ミニ\"", &format!("ja: \"ミニ{hieroglyph}\""))
        .replace("ru: \"Фронт\"", "ru: \"Фронт \u{10000}\"");
    assert_ne!(edited, text);
    let mut diagnostics = Vec::new();
    let scenario = parse_scenario(
        &edited,
        &path,
        &root().join("tests/fixtures/maps"),
        DetailLoading::Now,
        &mut diagnostics,
    );
    assert!(scenario.is_some(), "a warning does not stop loading");
    let glyphs: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.message.contains("no bundled font draws"))
        .collect();
    assert_eq!(glyphs.len(), 2, "{diagnostics:?}");
    assert!(glyphs.iter().all(|d| d.severity == Severity::Warning));
    assert_eq!(glyphs[0].location, Location::Item("meta".into()));
    assert!(glyphs[0].message.contains("title (ja)"), "{}", glyphs[0]);
    assert!(glyphs[0].message.contains("U+13000"), "{}", glyphs[0]);
    assert_eq!(glyphs[1].location, Location::Item("line \"front\"".into()));
    assert!(glyphs[1].message.contains("name (ru)") && glyphs[1].message.contains("U+10000"));
    // The clean fixture has no such warning.
    let mut clean = Vec::new();
    parse_scenario(
        &text,
        &path,
        &root().join("tests/fixtures/maps"),
        DetailLoading::Now,
        &mut clean,
    );
    assert!(
        !clean
            .iter()
            .any(|d| d.message.contains("no bundled font draws"))
    );
}
