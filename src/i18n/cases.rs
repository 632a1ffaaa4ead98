//! The words of key cases, supervision, reception days and the key-person
//! list, in Chinese and English.

use super::Lang;
use crate::service::deed as d;

/// A refusal's deed of this part, in Chinese.
pub(super) fn zh_deed(what: &str) -> Option<&'static str> {
    Some(match what {
        d::KEEP_CASES => "立案、变更包案领导或销号",
        d::WORK_CASE => "记录此积案的包案工作",
        d::SEE_CASES => "查看这些积案",
        d::SUPERVISE => "发出督查督办函",
        d::ANSWER_SUPERVISION => "答复此督办函",
        d::RECEPTION_ROTA => "安排领导接访日",
        d::FLAG_KEY_PERSON => "标记重点人员",
        _ => return None,
    })
}

/// The audit trail's phrases of key cases, supervision, the rota and the
/// key-person list (see `audit`): stored English, then the Chinese.
pub(super) const AUDIT_PHRASES: &[(&str, &str)] = &[
    (
        "opened key case ({}), leader {}, unit {}, owner {}, due {}",
        "立为积案（{}），包案领导 {}，责任单位 {}，责任人 {}，化解时限 {}",
    ),
    ("key case leader {} → {}", "积案包案领导 {} → {}"),
    ("key case log {}", "积案包案记录：{}"),
    ("key case {} → {}", "积案状态 {} → {}"),
    (
        "issued {} {} to unit {}, reply due {}",
        "发出{} {}，责任单位 {}，回复期限 {}",
    ),
    (
        "recorded the reply to {} {} of {}",
        "记录{} {} 的回复，回复日期 {}",
    ),
    ("added reception day {} at {}", "安排领导接访日 {}，地点 {}"),
    (
        "changed reception day {} at {}",
        "变更领导接访日 {}，地点 {}",
    ),
    ("removed reception day {}", "取消领导接访日 {}"),
    (
        "flagged key person; key-person list: responsible {}, status {}",
        "标记重点人员；稳控责任人 {}，状态 {}",
    ),
    (
        "key-person list: responsible {}, status {}",
        "上访老户名单：稳控责任人 {}，状态 {}",
    ),
];

/// Headings and messages of the case commands.
pub struct CaseWords {
    pub matter: &'static str,
    pub source: &'static str,
    pub leader: &'static str,
    pub measures: &'static str,
    pub due: &'static str,
    pub unit: &'static str,
    pub owner: &'static str,
    pub opened: &'static str,
    pub status: &'static str,
    pub overdue: &'static str,
    pub log: &'static str,
    pub no_cases: &'static str,
    pub kind: &'static str,
    pub level: &'static str,
    pub issued: &'static str,
    pub reply_due: &'static str,
    pub replied: &'static str,
    pub no_letters: &'static str,
    pub date: &'static str,
    pub place: &'static str,
    pub units: &'static str,
    pub no_sessions: &'static str,
    pub reasons: &'static str,
    pub contacts: &'static str,
    pub last_contact: &'static str,
    pub name: &'static str,
    pub marks: &'static str,
    pub responsible: &'static str,
    pub long_standing: &'static str,
    pub key_person: &'static str,
    pub saved: &'static str,
    pub yes: &'static str,
    pub key_list_months: &'static str,
    pub report_title: &'static str,
    pub by: &'static str,
    pub who: &'static str,
    pub open_now: &'static str,
    pub opened_in: &'static str,
    pub resolved_in: &'static str,
    pub cleared_in: &'static str,
    pub overdue_now: &'static str,
    pub resolution: &'static str,
    pub resolution_note: &'static str,
    pub notes: &'static str,
    pub sessions_title: &'static str,
    pub month: &'static str,
    pub planned: &'static str,
    pub held: &'static str,
    pub by_leader: &'static str,
    pub by_unit: &'static str,
    /// The desk's case list: those still in hand, and every one.
    pub in_hand: &'static str,
    pub all_cases: &'static str,
    /// The mark on a card of a person with an open case.
    pub mark: &'static str,
}

pub fn case_words(lang: Lang) -> &'static CaseWords {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

static ZH: CaseWords = CaseWords {
    matter: "事项编号",
    source: "来源",
    leader: "包案领导",
    measures: "化解措施",
    due: "化解时限",
    unit: "责任单位",
    owner: "责任人",
    opened: "立案日期",
    status: "状态",
    overdue: "超期",
    log: "包案记录",
    no_cases: "没有积案",
    kind: "类型",
    level: "挂牌层级",
    issued: "发出日期",
    reply_due: "回复期限",
    replied: "回复日期",
    no_letters: "没有督办函",
    date: "日期",
    place: "地点",
    units: "参加单位",
    no_sessions: "没有接访安排",
    reasons: "理由",
    contacts: "信访次数",
    last_contact: "最近信访",
    name: "姓名",
    marks: "标记",
    responsible: "稳控责任人",
    long_standing: "上访老户",
    key_person: "重点人员",
    saved: "已保存",
    yes: "是",
    key_list_months: "上访老户名单：连续这么多个月没有信访即移出名单",
    report_title: "积案化解情况",
    by: "分组",
    who: "对象",
    open_now: "期末在办",
    opened_in: "新立案",
    resolved_in: "化解",
    cleared_in: "销号",
    overdue_now: "期末超期",
    resolution: "化解率",
    resolution_note: "化解率 = 期内化解的积案 ÷（期内化解的 + 期末仍在办的）",
    notes: "说明",
    sessions_title: "领导接访日",
    month: "月份",
    planned: "安排次数",
    held: "实际接访",
    by_leader: "领导",
    by_unit: "单位",
    in_hand: "在办",
    all_cases: "全部",
    mark: "积案",
};

static EN: CaseWords = CaseWords {
    matter: "Matter",
    source: "Source",
    leader: "Leader",
    measures: "Measures",
    due: "Deadline",
    unit: "Unit",
    owner: "Responsible",
    opened: "Opened",
    status: "Status",
    overdue: "Overdue",
    log: "Log",
    no_cases: "No key cases",
    kind: "Kind",
    level: "Level",
    issued: "Issued",
    reply_due: "Reply due",
    replied: "Replied",
    no_letters: "No supervision letters",
    date: "Date",
    place: "Place",
    units: "Units present",
    no_sessions: "No reception sessions",
    reasons: "Reasons",
    contacts: "Contacts",
    last_contact: "Last contact",
    name: "Name",
    marks: "Marks",
    responsible: "Person responsible",
    long_standing: "long-standing",
    key_person: "key person",
    saved: "Saved",
    yes: "yes",
    key_list_months: "key-person list: months without a contact after which a person leaves it",
    report_title: "Key cases",
    by: "By",
    who: "Who",
    open_now: "Open at end",
    opened_in: "Opened",
    resolved_in: "Resolved",
    cleared_in: "Cleared",
    overdue_now: "Overdue at end",
    resolution: "Resolution rate",
    resolution_note:
        "Resolution rate = cases resolved within the period ÷ (those + cases still open at its end)",
    notes: "Notes",
    sessions_title: "Reception sessions",
    month: "Month",
    planned: "On the rota",
    held: "Held",
    by_leader: "leader",
    by_unit: "unit",
    in_hand: "in hand",
    all_cases: "all",
    mark: "key case",
};

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn case_audit_entries_read_in_chinese() {
        let cases = [
            (
                "opened key case (repeat), leader zhaomin, unit jtj, owner wangwei, due 2026-05-31",
                "立为积案（重复信访），包案领导 zhaomin",
            ),
            ("key case open → resolved", "积案状态 在办 → 化解"),
            ("key case log stabilise", "积案包案记录：包稳定"),
            ("key case leader zhaomin → sunhao", "积案包案领导"),
            ("recorded the reply to directive 1 of 2026-03-20", "的回复"),
            (
                "added reception day 2026-03-16 at 接待中心",
                "安排领导接访日",
            ),
        ];
        for (stored, want) in cases {
            let zh = Lang::Zh.audit_what(stored);
            assert!(zh.contains(want), "{stored}: {zh}");
            // In English as stored, a code in words.
            let en = stored.replace("(repeat)", "(repeat contacts)");
            assert_eq!(Lang::En.audit_what(stored), en);
        }
        assert_eq!(
            Lang::En.audit_what(
                "opened key case (long_standing), leader a, unit b, owner c, due 2026-05-31"
            ),
            "opened key case (long-standing petitioner), leader a, unit b, owner c, due 2026-05-31"
        );
    }
}
