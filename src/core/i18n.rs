//! The interface's own words in English, Japanese and Russian, keyed by an enum so a missing word is a compile error.

use crate::core::scenario::{AreaStatus, Confidence, Lang, LineStatus, MovementStatus};

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
    SourcesDisagree,
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
        Word::SourcesDisagree,
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
            Word::SourcesDisagree => (
                "Sources disagree",
                "史料により異なる",
                "Источники расходятся",
            ),
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
            Word::Erase => ("⌫", "⌫ 削除", "⌫ Стереть"),
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

/// The legend's name for a line status.
pub fn line_status_name(status: LineStatus, lang: Lang) -> &'static str {
    let (en, ja, ru) = match status {
        LineStatus::Front => ("front line", "前線", "линия фронта"),
        LineStatus::Demarcation => ("demarcation", "境界線", "демаркационная линия"),
        LineStatus::Proposed => ("proposed", "提案", "предложено"),
        LineStatus::Planned => ("planned", "計画", "запланировано"),
        LineStatus::Cancelled => ("cancelled", "中止", "отменено"),
        LineStatus::Rejected => ("rejected", "拒否", "отклонено"),
        LineStatus::Treaty => ("treaty border", "条約国境", "договорная граница"),
        LineStatus::Ceasefire => ("ceasefire line", "停戦線", "линия прекращения огня"),
        LineStatus::Claim => ("claim", "主張線", "притязание"),
        LineStatus::Ended => ("", "", ""),
    };
    match lang {
        Lang::En => en,
        Lang::Ja => ja,
        Lang::Ru => ru,
    }
}

/// An area's status, for the feature card.
pub fn area_status_name(status: AreaStatus, lang: Lang) -> &'static str {
    let (en, ja, ru) = match status {
        AreaStatus::Controlled => ("controlled", "支配", "под контролем"),
        AreaStatus::Contested => ("contested", "係争中（戦闘中）", "идут бои"),
        AreaStatus::Proposed => ("proposed", "提案", "предложено"),
        AreaStatus::Disputed => ("disputed", "領有権を争う", "спорная территория"),
        AreaStatus::Administered => ("administered", "施政下", "под управлением"),
        AreaStatus::Ended => ("no longer shown", "表示終了", "больше не показывается"),
    };
    match lang {
        Lang::En => en,
        Lang::Ja => ja,
        Lang::Ru => ru,
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

/// The line statuses the legend explains, in order.
pub const LEGEND_LINE_STATUSES: [LineStatus; 7] = [
    LineStatus::Front,
    LineStatus::Proposed,
    LineStatus::Planned,
    LineStatus::Rejected,
    LineStatus::Cancelled,
    LineStatus::Demarcation,
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
}
