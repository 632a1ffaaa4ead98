//! The words of the desk's screens of supervision letters (督查督办), the
//! leaders' reception rota (领导接访日) and the key-person list (上访老户),
//! and of the forms on them, in Chinese and English.

use super::Lang;
use crate::domain::keylist::WatchStatus;
use crate::domain::supervision::SupervisionKind;
use crate::domain::Level;

pub struct CaseViewWords {
    pub number: &'static str,
    pub unanswered: &'static str,
    /// After a date past its deadline: short, the column is narrow.
    pub late: &'static str,
    /// After today's date on the rota.
    pub today: &'static str,
    pub no_level: &'static str,
    pub reply_note: &'static str,
    pub letter_issued: &'static str,
    pub reply_recorded: &'static str,
    pub session_saved: &'static str,
    pub session_removed: &'static str,
    pub flagged: &'static str,
    pub why: &'static str,
    pub status: &'static str,
    pub reason: &'static str,
    /// The list's leaving rule: `{n}` is the office's months.
    pub leaves_after: &'static str,
    /// The rota's title: `{year}`, `{month}`.
    pub rota_month: &'static str,
    pub bad_date: &'static str,
    pub bad_ledger: &'static str,
    pub no_leaders: &'static str,
    /// How the units-present field is worked.
    pub pick_keys: &'static str,
    pub form_keys: &'static str,
    pub remove_question: &'static str,
    pub responsible_is: &'static str,
    pub receiving: &'static str,
    pub issued_by: &'static str,
    /// The letters' short headings over a month and day.
    pub issued: &'static str,
    pub replied: &'static str,
    /// The key-person list's short heading for the person responsible.
    pub responsible: &'static str,
}

pub fn case_view_words(lang: Lang) -> &'static CaseViewWords {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

/// A letter's kind, and a directive's level (督办函 挂牌县区).
pub fn letter_kind(lang: Lang, kind: SupervisionKind, level: Option<Level>) -> String {
    let name = match lang {
        Lang::Zh => kind.zh(),
        Lang::En => kind.en(),
    };
    match (lang, level) {
        (_, None) => name.to_string(),
        (Lang::Zh, Some(l)) => format!("{name} 挂牌{}", l.zh()),
        (Lang::En, Some(l)) => format!("{name} {}", l.en()),
    }
}

pub fn letter_kind_name(lang: Lang, kind: SupervisionKind) -> &'static str {
    match lang {
        Lang::Zh => kind.zh(),
        Lang::En => kind.en(),
    }
}

/// How a person on the list stands (稳定、关注、有风险).
pub fn watch_status(lang: Lang, s: WatchStatus) -> &'static str {
    match lang {
        Lang::Zh => s.zh(),
        Lang::En => s.en(),
    }
}

static ZH: CaseViewWords = CaseViewWords {
    number: "编号",
    unanswered: "未回复",
    late: "超期",
    today: "今天",
    no_level: "不挂牌",
    reply_note: "回复情况",
    letter_issued: "已发出督办函",
    reply_recorded: "已记录回复",
    session_saved: "已保存接访安排",
    session_removed: "已删除接访安排",
    flagged: "已标记",
    why: "列入原因",
    status: "稳控状态",
    reason: "标记理由",
    leaves_after: "连续{n}个月无信访移出",
    rota_month: "{year}年{month}月",
    bad_date: "日期应写作 2026-07-01",
    bad_ledger: "事项编号应写作 2026-000123",
    no_leaders: "没有在用的领导登录名",
    pick_keys: "←→ 移动  空格 选中/取消",
    form_keys: "Tab 换栏  ←→ 选择  Ctrl-S 保存  Esc 返回",
    remove_question: "删除这次接访安排？Enter 确认 / Esc 取消",
    responsible_is: "稳控责任人",
    receiving: "接访领导",
    issued_by: "发出人",
    issued: "发出",
    replied: "回复",
    responsible: "稳控责任人",
};

static EN: CaseViewWords = CaseViewWords {
    number: "No.",
    unanswered: "unanswered",
    late: "late",
    today: "today",
    no_level: "none",
    reply_note: "Reply",
    letter_issued: "Letter issued",
    reply_recorded: "Reply recorded",
    session_saved: "Session saved",
    session_removed: "Session removed",
    flagged: "Flagged",
    why: "Why listed",
    status: "Status",
    reason: "Reason",
    leaves_after: "leaves after {n} months without a contact",
    rota_month: "{month}/{year}",
    bad_date: "a date is written 2026-07-01",
    bad_ledger: "a matter number is written 2026-000123",
    no_leaders: "no active leader logins",
    pick_keys: "←→ move  Space choose/drop",
    form_keys: "Tab next field  ←→ choose  Ctrl-S save  Esc back",
    remove_question: "Remove this session? Enter yes / Esc no",
    responsible_is: "responsible",
    receiving: "Leader",
    issued_by: "issued by",
    issued: "Issued",
    replied: "Replied",
    responsible: "Responsible",
};
