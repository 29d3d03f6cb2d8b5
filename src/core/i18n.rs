//! Interface words in English, Japanese and Russian: status and note labels, and place labels.

use crate::core::model::Place;
use crate::core::scenario::{AreaStatus, Lang, LineStatus, NoteKind, Text};

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

#[cfg(test)]
mod tests {
    use super::*;
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
