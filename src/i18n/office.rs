//! The words of `xfdesk office`, Chinese (the default) and English.

use super::Lang;

pub struct OfficeWords {
    pub skip_level_allowance: &'static str,
    pub collective_min_headcount: &'static str,
    pub zero_visit_levels: &'static str,
    pub setting_changed: &'static str,
    pub was: &'static str,
    pub matters_rederived: &'static str,
}

pub const ZH: OfficeWords = OfficeWords {
    skip_level_allowance:
        "越级：走访可至有权处理机关之上几级而不算越级（条例：本级或者上一级，为 1）",
    collective_min_headcount: "集体访：人数达到此数即为集体访",
    zero_visit_levels: "零访村：在这些层级的走访使村居不再计为零访",
    setting_changed: "办公室设置已更改",
    was: "原为",
    matters_rederived: "件事项的越级标记已重新认定",
};

pub const EN: OfficeWords = OfficeWords {
    skip_level_allowance: "skip-level: levels above the body with authority a visit may reach (the regulation: that body or the one above it, 1)",
    collective_min_headcount: "collective: a contact of at least this many people",
    zero_visit_levels: "零访 villages: a visit at these levels ends a village's zero-visit standing",
    setting_changed: "office setting changed",
    was: "was",
    matters_rederived: "matters had their skip-level flags derived again",
};

pub fn office_words(lang: Lang) -> &'static OfficeWords {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}
