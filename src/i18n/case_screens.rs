//! The words of the key cases report on screen and of a leader's home, in
//! Chinese and English.

use super::Lang;

pub struct CaseScreenWords {
    /// The report's keys, groups two spaces apart.
    pub keys: &'static str,
    pub sessions: &'static str,
    pub no_rows: &'static str,
    pub cases_of: &'static str,
    /// The report's column headings: open at the end, opened, resolved and
    /// cleared within the period, overdue at the end, resolution rate.
    pub columns: [&'static str; 6],
    /// What the headings mean, under the table.
    pub legend: &'static str,
    /// The key cases list's view of suggested matters.
    pub candidates: &'static str,
    /// A leader's home.
    pub my_cases: &'static str,
    pub open_count: &'static str,
    pub due_week: &'static str,
    pub none_due: &'static str,
    pub session_today: &'static str,
    pub no_session: &'static str,
}

pub fn case_screen_words(lang: Lang) -> &'static CaseScreenWords {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

static ZH: CaseScreenWords = CaseScreenWords {
    keys: "←→ 换期  m/q/y 月/季/年  Tab 领导/单位/接访日  Enter 积案明细  e 导出",
    sessions: "接访日",
    columns: [
        "期末在办",
        "期内立案",
        "期内化解",
        "期内销号",
        "期末超期",
        "化解率",
    ],
    legend: "期末：统计期最后一日；化解率 = 期内化解 ÷（期内化解 + 期末在办）",
    no_rows: "本期没有积案",
    cases_of: "的积案",
    candidates: "建议立案",
    my_cases: "我的包案",
    open_count: "在办积案",
    due_week: "七日内到期",
    none_due: "七日内没有到期的积案",
    session_today: "今日接访",
    no_session: "今日没有接访安排",
};

static EN: CaseScreenWords = CaseScreenWords {
    keys: "←→ period  m/q/y month/quarter/year  Tab leaders/units/sessions  Enter cases  e export",
    sessions: "sessions",
    columns: [
        "Open at end",
        "Opened",
        "Resolved",
        "Cleared",
        "Overdue",
        "Rate",
    ],
    legend: "At end: the period's last day. Rate = resolved ÷ (resolved + open at end)",
    no_rows: "No key cases in this period",
    cases_of: "cases",
    candidates: "suggested",
    my_cases: "My key cases",
    open_count: "Open",
    due_week: "Due within 7 days",
    none_due: "None due within 7 days",
    session_today: "Reception today",
    no_session: "No reception session today",
};
