//! The interface's own words in English, Japanese and Russian, keyed by an enum so a missing word is a compile error.

use crate::core::model::Place;
use crate::core::scenario::{
    AreaStatus, Confidence, Lang, LineStatus, MovementStatus, NoteKind, Text,
};

/// A word or phrase of the interface (not of a scenario).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Word {
    Play,
    Pause,
    PreviousEvent,
    NextEvent,
    Speed,
    LayersAndLegend,
    Sources,
    Confidence,
    ShowCounterfactual,
    WholeRegion,
    High,
    Medium,
    Low,
    Interpolated,
    NeverHappened,
    HoursPerSecond,
    DaysPerSecond,
    YearsPerSecond,
    Legend,
    FramesPerSecond,
    FrameTime,
    FramesDrawn,
    TouchToExplore,
    TouchToStay,
    StaffPin,
    Cancel,
    Enter,
    Erase,
    WrongPin,
    EventList,
    Search,
    Measure,
    Compare,
    PreviousEventDate,
    Off,
    Kilometres,
    NauticalMiles,
    MeasureHint,
    Clear,
    AllTheatres,
}

impl Word {
    /// Every word, for coverage tests (fonts, translations).
    pub const ALL: [Word; 40] = [
        Word::Play,
        Word::Pause,
        Word::PreviousEvent,
        Word::NextEvent,
        Word::Speed,
        Word::LayersAndLegend,
        Word::Sources,
        Word::Confidence,
        Word::ShowCounterfactual,
        Word::WholeRegion,
        Word::High,
        Word::Medium,
        Word::Low,
        Word::Interpolated,
        Word::NeverHappened,
        Word::HoursPerSecond,
        Word::DaysPerSecond,
        Word::YearsPerSecond,
        Word::Legend,
        Word::FramesPerSecond,
        Word::FrameTime,
        Word::FramesDrawn,
        Word::TouchToExplore,
        Word::TouchToStay,
        Word::StaffPin,
        Word::Cancel,
        Word::Enter,
        Word::Erase,
        Word::WrongPin,
        Word::EventList,
        Word::Search,
        Word::Measure,
        Word::Compare,
        Word::PreviousEventDate,
        Word::Off,
        Word::Kilometres,
        Word::NauticalMiles,
        Word::MeasureHint,
        Word::Clear,
        Word::AllTheatres,
    ];

    pub fn get(self, lang: Lang) -> &'static str {
        let (en, ja, ru) = match self {
            Word::Play => ("Play", "再生", "Пуск"),
            Word::Pause => ("Pause", "一時停止", "Пауза"),
            Word::PreviousEvent => ("◀ Previous event", "◀ 前の出来事", "◀ Предыдущее"),
            Word::NextEvent => ("Next event ▶", "次の出来事 ▶", "Следующее ▶"),
            Word::Speed => ("Speed", "速度", "Скорость"),
            Word::LayersAndLegend => ("Layers and legend", "レイヤーと凡例", "Слои и легенда"),
            Word::Sources => ("Sources", "出典", "Источники"),
            Word::Confidence => ("Confidence", "確度", "Достоверность"),
            Word::ShowCounterfactual => (
                "Show proposals that never happened",
                "実現しなかった提案を表示",
                "Показать неосуществлённые планы",
            ),
            Word::WholeRegion => ("Whole region", "全域", "Весь регион"),
            Word::High => ("high", "高", "высокая"),
            Word::Medium => ("medium", "中", "средняя"),
            Word::Low => ("low", "低", "низкая"),
            Word::Interpolated => (
                "lighter: between documented dates",
                "淡色：記録日の間の推定",
                "светлее: между документированными датами",
            ),
            Word::NeverHappened => ("never happened", "実現せず", "не осуществлено"),
            Word::HoursPerSecond => ("h/s", "時間/秒", "ч/с"),
            Word::DaysPerSecond => ("days/s", "日/秒", "дн./с"),
            Word::YearsPerSecond => ("years/s", "年/秒", "лет/с"),
            Word::Legend => ("Legend", "凡例", "Легенда"),
            Word::FramesPerSecond => ("frames/s", "フレーム/秒", "кадров/с"),
            Word::FrameTime => ("frame time", "フレーム時間", "время кадра"),
            Word::FramesDrawn => ("frames drawn", "描画フレーム数", "кадров нарисовано"),
            Word::TouchToExplore => (
                "Touch to explore",
                "画面に触れて探索",
                "Коснитесь, чтобы исследовать",
            ),
            Word::TouchToStay => (
                "Touch the screen to stay",
                "続けるには画面に触れてください",
                "Коснитесь экрана, чтобы остаться",
            ),
            Word::StaffPin => ("Staff PIN", "職員用暗証番号", "PIN-код персонала"),
            Word::Cancel => ("Cancel", "取消", "Отмена"),
            Word::Enter => ("Enter", "決定", "Ввод"),
            Word::Erase => ("Erase", "削除", "Стереть"),
            Word::WrongPin => ("Wrong PIN", "暗証番号が違います", "Неверный PIN-код"),
            Word::EventList => ("Events", "出来事一覧", "События"),
            Word::Search => ("Search", "検索", "Поиск"),
            Word::Measure => ("Measure", "距離を測る", "Измерить"),
            Word::Compare => ("Compare with", "比較する日付", "Сравнить с"),
            Word::PreviousEventDate => ("the previous event", "前の出来事", "предыдущим событием"),
            Word::Off => ("off", "なし", "нет"),
            Word::Kilometres => ("km", "キロメートル", "км"),
            Word::NauticalMiles => ("nmi", "海里", "мор. миль"),
            Word::MeasureHint => (
                "Click two or more points on the map (Escape clears)",
                "地図上の2点以上をクリック（Escで消去）",
                "Щёлкните по карте в двух и более точках (Esc — сброс)",
            ),
            Word::Clear => ("Clear", "消去", "Сбросить"),
            Word::AllTheatres => ("Everywhere", "すべての地域", "Все районы"),
        };
        match lang {
            Lang::En => en,
            Lang::Ja => ja,
            Lang::Ru => ru,
        }
    }
}

/// The idle warning: "Returning to the start in 10…".
pub fn returning_in(lang: Lang, seconds: u32) -> String {
    match lang {
        Lang::En => format!("Returning to the start in {seconds}…"),
        Lang::Ja => format!("あと{seconds}秒で最初に戻ります…"),
        Lang::Ru => format!("Возврат к началу через {seconds}…"),
    }
}

/// The live-reload panel's heading: the files on disk have errors, the map keeps the last
/// version that loaded.
pub fn files_have_errors(lang: Lang, errors: usize) -> String {
    match lang {
        Lang::En => {
            format!("The files have {errors} error(s); the map shows the last version that loaded.")
        }
        Lang::Ja => format!(
            "ファイルに{errors}件のエラーがあります。地図は最後に読み込めた版を表示しています。"
        ),
        Lang::Ru => {
            format!("В файлах ошибок: {errors}; на карте последняя версия, которая загрузилась.")
        }
    }
}

/// A language's name in that language, for language buttons (names, not flags).
pub fn language_name(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "English",
        Lang::Ja => "日本語",
        Lang::Ru => "Русский",
    }
}

pub fn confidence_name(confidence: Confidence, lang: Lang) -> &'static str {
    match confidence {
        Confidence::High => Word::High.get(lang),
        Confidence::Medium => Word::Medium.get(lang),
        Confidence::Low => Word::Low.get(lang),
    }
}

/// Whether a movement happened, for the feature card.
pub fn movement_status_name(status: MovementStatus, lang: Lang) -> &'static str {
    let (en, ja, ru) = match status {
        MovementStatus::Executed => ("carried out", "実行", "осуществлено"),
        MovementStatus::Planned => ("planned", "計画", "запланировано"),
        MovementStatus::Cancelled => ("cancelled", "中止", "отменено"),
    };
    match lang {
        Lang::En => en,
        Lang::Ja => ja,
        Lang::Ru => ru,
    }
}

fn pick(lang: Lang, (en, ja, ru): (&'static str, &'static str, &'static str)) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Ja => ja,
        Lang::Ru => ru,
    }
}

/// The legend's words for a line status.
pub fn line_status_name(status: LineStatus, lang: Lang) -> &'static str {
    pick(
        lang,
        match status {
            LineStatus::Front => ("front line", "前線", "линия фронта"),
            LineStatus::Demarcation => (
                "agreed demarcation line",
                "合意された境界線",
                "согласованная демаркационная линия",
            ),
            LineStatus::Proposed => (
                "proposed, not agreed",
                "提案（合意なし）",
                "предложено, не согласовано",
            ),
            LineStatus::Planned => ("planned", "計画", "запланировано"),
            LineStatus::Cancelled => ("cancelled", "中止", "отменено"),
            LineStatus::Rejected => ("rejected", "拒否", "отклонено"),
            LineStatus::Treaty => ("treaty border", "条約による国境", "договорная граница"),
            LineStatus::Ceasefire => ("ceasefire line", "停戦線", "линия прекращения огня"),
            LineStatus::Claim => ("claimed boundary", "主張する境界", "заявленная граница"),
            LineStatus::LineOfControl => (
                "de facto line of control",
                "実効支配線",
                "линия фактического контроля",
            ),
            LineStatus::Conditional => (
                "agreed, conditional, not carried out",
                "合意済み・条件付き・未実施",
                "согласовано с условием, не выполнено",
            ),
            LineStatus::Ended => ("no longer in force", "失効", "утратила силу"),
        },
    )
}

/// The legend's words for an area status.
pub fn area_status_name(status: AreaStatus, lang: Lang) -> &'static str {
    pick(
        lang,
        match status {
            AreaStatus::Controlled => ("controlled", "支配", "под контролем"),
            AreaStatus::Contested => ("fighting under way", "戦闘中", "идут бои"),
            AreaStatus::Proposed => (
                "proposed, never carried out",
                "提案（実現せず）",
                "предложено, не осуществлено",
            ),
            AreaStatus::Disputed => (
                "disputed: claimed by more than one side",
                "係争地（複数国が領有を主張）",
                "спорная территория (притязания нескольких сторон)",
            ),
            AreaStatus::Administered => (
                "leased or administered",
                "租借地・施政下",
                "аренда или управление",
            ),
            AreaStatus::Undivided => (
                "undivided, held jointly by agreement",
                "境界を定めず両国民が雑居",
                "не разграничено, совместное владение по договору",
            ),
            AreaStatus::Renounced => (
                "renounced by the former sovereign; administered by the side shown",
                "旧領有国が放棄、表示された国が施政",
                "прежний суверен отказался; под управлением указанной стороны",
            ),
            AreaStatus::Ended => ("no longer shown", "終了", "прекращено"),
        },
    )
}

/// The heading a note is shown under: only a disagreement says that sources disagree.
pub fn note_kind_label(kind: NoteKind, lang: Lang) -> &'static str {
    pick(
        lang,
        match kind {
            NoteKind::Disagreement => (
                "Sources disagree",
                "資料により異なる",
                "Источники расходятся",
            ),
            NoteKind::Clock => ("Clocks", "時刻について", "О времени"),
            NoteKind::Counterfactual => ("Never happened", "実現しなかった計画", "Не осуществлено"),
            NoteKind::Remark => ("Note", "注", "Примечание"),
        },
    )
}

/// How a place is labelled in `lang`: the main line, and an optional second line.
///
/// A place with a co-equal name (one of the disputed islands or a settlement on them) shows
/// both names on one line as equals: in Japanese and Russian the reader's own tradition's
/// name first (`name` holds it in each language), in English in alphabetical order, and
/// never either as "today's name". Any other place shows the name of the period, with
/// today's name below it ("now ...", "現...", "ныне ...") when it differs and the period
/// name does not already show it.
pub fn place_label(place: &Place, lang: Lang) -> (String, Option<String>) {
    let name = place.name.get(lang).trim().to_owned();
    if let Some(co_equal) = &place.co_equal {
        return (co_equal_label(&name, co_equal, lang), None);
    }
    let modern = place
        .modern
        .as_ref()
        .map(|m| m.get(lang).trim().to_owned())
        .filter(|m| !m.is_empty() && !already_named(&name, m));
    let second = modern.map(|m| match lang {
        Lang::En => format!("(now {m})"),
        Lang::Ja => format!("（現{m}）"),
        Lang::Ru => format!("(ныне {m})"),
    });
    (name, second)
}

fn co_equal_label(name: &str, co_equal: &Text, lang: Lang) -> String {
    let other = co_equal.get(lang).trim();
    if other.is_empty() || other.to_lowercase() == name.to_lowercase() {
        return name.to_owned();
    }
    match lang {
        Lang::Ja => format!("{name}／{other}"),
        Lang::Ru => format!("{name} / {other}"),
        Lang::En => {
            let (first, second) = if name.to_lowercase() <= other.to_lowercase() {
                (name, other)
            } else {
                (other, name)
            };
            format!("{first} / {second}")
        }
    }
}

/// True when the period name already shows today's name ("Sakhalian (Heihe)" and "Heihe").
fn already_named(name: &str, modern: &str) -> bool {
    name == modern
        || name.contains(&format!("({modern})"))
        || name.contains(&format!("（{modern}）"))
        || name.starts_with(&format!("{modern} ("))
}

/// The line statuses the legend explains, in order.
pub const LEGEND_LINE_STATUSES: [LineStatus; 9] = [
    LineStatus::Front,
    LineStatus::Proposed,
    LineStatus::Planned,
    LineStatus::Rejected,
    LineStatus::Cancelled,
    LineStatus::Demarcation,
    LineStatus::LineOfControl,
    LineStatus::Conditional,
    LineStatus::Treaty,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_has_a_distinct_text_in_every_language() {
        for lang in Lang::ALL {
            let mut seen = std::collections::HashSet::new();
            for word in Word::ALL {
                let text = word.get(lang);
                assert!(!text.trim().is_empty(), "{word:?} in {lang:?}");
                assert!(seen.insert(text), "{word:?} repeats {text:?} in {lang:?}");
            }
        }
    }

    #[test]
    fn japanese_and_russian_words_are_translated() {
        for word in Word::ALL {
            let en = word.get(Lang::En);
            assert_ne!(word.get(Lang::Ja), en, "{word:?}");
            assert_ne!(word.get(Lang::Ru), en, "{word:?}");
        }
    }

    use crate::core::scenario::PlaceKind;

    fn place(name: Text, modern: Option<Text>, co_equal: Option<Text>) -> Place {
        Place {
            id: "p".into(),
            name,
            modern,
            co_equal,
            at: (0.0, 0.0),
            kind: PlaceKind::City,
            rank: 1,
            layer: None,
        }
    }

    #[test]
    fn disputed_places_show_both_names_as_equals() {
        let iturup = place(
            Text::new("Etorofu", "択捉島", "Итуруп"),
            Some(Text::new("Iturup", "イトゥルプ島", "Итуруп")),
            Some(Text::new("Iturup", "イトゥルプ島", "Эторофу")),
        );
        assert_eq!(
            place_label(&iturup, Lang::Ja),
            ("択捉島／イトゥルプ島".into(), None)
        );
        assert_eq!(
            place_label(&iturup, Lang::Ru),
            ("Итуруп / Эторофу".into(), None)
        );
        assert_eq!(
            place_label(&iturup, Lang::En),
            ("Etorofu / Iturup".into(), None)
        );
        let kunashir = place(
            Text::new("Kunashiri", "国後島", "Кунашир"),
            None,
            Some(Text::new("Kunashir", "クナシル島", "Кунасири")),
        );
        // Alphabetical in English: neither government's name comes first by rule.
        assert_eq!(place_label(&kunashir, Lang::En).0, "Kunashir / Kunashiri");
        let shikotan = place(
            Text::new("Shikotan", "色丹島", "Шикотан"),
            None,
            Some(Text::new("Shikotan", "シコタン島", "Сикотан")),
        );
        assert_eq!(place_label(&shikotan, Lang::En).0, "Shikotan");
    }

    #[test]
    fn undisputed_places_keep_today_s_name_below() {
        let toyohara = place(
            Text::new("Toyohara", "豊原", "Тоёхара"),
            Some(Text::new(
                "Yuzhno-Sakhalinsk",
                "ユジノサハリンスク",
                "Южно-Сахалинск",
            )),
            None,
        );
        assert_eq!(
            place_label(&toyohara, Lang::En),
            ("Toyohara".into(), Some("(now Yuzhno-Sakhalinsk)".into()))
        );
        assert_eq!(
            place_label(&toyohara, Lang::Ja).1.as_deref(),
            Some("（現ユジノサハリンスク）")
        );
        assert_eq!(
            place_label(&toyohara, Lang::Ru).1.as_deref(),
            Some("(ныне Южно-Сахалинск)")
        );
        let heihe = place(
            Text::new("Sakhalian (Heihe)", "黒河", "Сахалян"),
            Some(Text::new("Heihe", "黒河", "Хэйхэ")),
            None,
        );
        assert_eq!(place_label(&heihe, Lang::En).1, None);
        assert_eq!(place_label(&heihe, Lang::Ja).1, None);
    }

    #[test]
    fn only_disagreements_are_labelled_as_such() {
        for lang in Lang::ALL {
            let disagree = note_kind_label(NoteKind::Disagreement, lang);
            for kind in [NoteKind::Clock, NoteKind::Counterfactual, NoteKind::Remark] {
                assert_ne!(
                    note_kind_label(kind, lang),
                    disagree,
                    "{kind:?} in {lang:?}"
                );
            }
        }
    }

    #[test]
    fn every_status_has_distinct_words_in_each_language() {
        let lines = [
            LineStatus::Front,
            LineStatus::Demarcation,
            LineStatus::Proposed,
            LineStatus::Planned,
            LineStatus::Cancelled,
            LineStatus::Rejected,
            LineStatus::Treaty,
            LineStatus::Ceasefire,
            LineStatus::Claim,
            LineStatus::LineOfControl,
            LineStatus::Conditional,
            LineStatus::Ended,
        ];
        for lang in Lang::ALL {
            let words: Vec<&str> = lines.iter().map(|s| line_status_name(*s, lang)).collect();
            for (i, w) in words.iter().enumerate() {
                assert!(!w.is_empty());
                assert!(!words[i + 1..].contains(w), "{w} used twice in {lang:?}");
            }
        }
        assert_eq!(
            line_status_name(LineStatus::LineOfControl, Lang::Ja),
            "実効支配線"
        );
        assert_ne!(
            area_status_name(AreaStatus::Undivided, Lang::En),
            area_status_name(AreaStatus::Disputed, Lang::En)
        );
    }
}
