//! The words of one language as the code asks for them: its texts, and the
//! names of states, channels, levels, kinds and the like.

use super::{Lang, Text, EN, ZH};
use crate::domain::{Channel, Level, MatterState};

impl Lang {
    pub fn text(self) -> &'static Text {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }

    pub fn state(self, s: MatterState) -> &'static str {
        match self {
            Lang::Zh => s.zh(),
            Lang::En => s.en(),
        }
    }

    pub fn channel(self, c: Channel) -> &'static str {
        match self {
            Lang::Zh => c.zh(),
            Lang::En => c.en(),
        }
    }

    pub fn satisfaction(self, s: crate::domain::Satisfaction) -> &'static str {
        match self {
            Lang::Zh => s.zh(),
            Lang::En => s.en(),
        }
    }

    /// A workflow action's name.
    pub fn step(self, a: crate::domain::Step) -> &'static str {
        match self {
            Lang::Zh => a.zh(),
            Lang::En => a.en(),
        }
    }

    pub fn delivery(self, d: crate::domain::DeliveryMethod) -> &'static str {
        match self {
            Lang::Zh => d.zh(),
            Lang::En => d.en(),
        }
    }

    /// A reply's opinion type: 支持、解释说明、不予支持.
    pub fn opinion(self, o: crate::domain::Opinion) -> &'static str {
        match self {
            Lang::Zh => o.zh(),
            Lang::En => o.en(),
        }
    }

    pub fn role(self, r: crate::domain::Role) -> &'static str {
        match self {
            Lang::Zh => r.zh(),
            Lang::En => r.en(),
        }
    }

    /// A matter's kind in a list's narrow column.
    pub fn kind_short(self, k: crate::domain::MatterKind) -> &'static str {
        use crate::domain::MatterKind as K;
        match (self, k) {
            (Lang::Zh, K::Suggestion) => "建议",
            (Lang::Zh, K::Report) => "检举",
            (Lang::Zh, K::Appeal) => "申诉",
            (Lang::En, K::Suggestion) => "sugg",
            (Lang::En, K::Report) => "rept",
            (Lang::En, K::Appeal) => "appl",
        }
    }

    /// A matter's kind (依法分类处理).
    pub fn kind(self, k: crate::domain::MatterKind) -> &'static str {
        match self {
            Lang::Zh => k.zh(),
            Lang::En => k.en(),
        }
    }

    /// Said by the desk at start and by `xfdesk check` when the year has no
    /// holiday schedule on file (docs/rules.md, The holiday list).
    pub fn no_holiday_list(self, year: i32) -> String {
        match self {
            Lang::Zh => {
                format!("未载入{year}年节假日安排，期限只顺延周末（管理员用 xfdesk holidays 载入）")
            }
            Lang::En => format!(
                "No {year} holiday list: deadlines skip weekends only (load: xfdesk holidays FILE)"
            ),
        }
    }

    /// One year of the holiday list, as `xfdesk holidays --show` prints it.
    pub fn holiday_year(
        self,
        year: i32,
        holidays: &str,
        n: usize,
        workdays: &str,
        w: usize,
    ) -> String {
        match self {
            Lang::Zh => format!("{year}年\n  放假（{n}天）：{holidays}\n  调休上班（{w}天）：{workdays}"),
            Lang::En => format!(
                "{year}\n  holidays ({n} days): {holidays}\n  weekend workdays ({w} days): {workdays}"
            ),
        }
    }

    pub fn no_holidays_on_file(self) -> &'static str {
        match self {
            Lang::Zh => "未载入节假日安排：期限只顺延周末",
            Lang::En => "no holiday list on file: deadlines shift for weekends only",
        }
    }

    pub fn level(self, l: Level) -> &'static str {
        match self {
            Lang::Zh => l.zh(),
            Lang::En => l.en(),
        }
    }

    /// How many records a database holds, as the demo says when it starts.
    pub fn record_counts(self, petitioners: usize, matters: usize, contacts: usize) -> String {
        match self {
            Lang::Zh => {
                format!("信访人 {petitioners} 名，事项 {matters} 件，信访记录 {contacts} 次")
            }
            Lang::En => {
                format!("{petitioners} petitioners, {matters} matters, {contacts} contacts")
            }
        }
    }

    /// A written notice's name (受理告知书).
    pub fn notice_kind(self, k: crate::domain::NoticeKind) -> &'static str {
        match self {
            Lang::Zh => k.zh(),
            Lang::En => k.en(),
        }
    }

    /// A key case's status (在办、化解…).
    pub fn case_status(self, s: crate::domain::case::CaseStatus) -> &'static str {
        match self {
            Lang::Zh => s.zh(),
            Lang::En => s.en(),
        }
    }
}
