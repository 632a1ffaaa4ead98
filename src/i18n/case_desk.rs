//! The words of working a key case on the matter screen: its menu, its
//! forms and what the matter's head shows of it, in Chinese and English.

use super::Lang;
use crate::domain::case::{CaseLogKind, CaseSource};

pub struct CaseDeskWords {
    pub menu_title: &'static str,
    /// The menu's items: open, change the leader, log, status, clear.
    pub open: &'static str,
    pub leader_change: &'static str,
    pub log: &'static str,
    pub status_change: &'static str,
    pub clear: &'static str,
    /// Form labels.
    pub source: &'static str,
    pub assigned_by: &'static str,
    pub assigned_no: &'static str,
    pub leader: &'static str,
    pub measures: &'static str,
    pub due: &'static str,
    pub unit: &'static str,
    pub owner: &'static str,
    pub log_kind: &'static str,
    pub note: &'static str,
    pub new_status: &'static str,
    pub reason: &'static str,
    /// Beside the leader who received the matter's latest visit.
    pub receiving: &'static str,
    /// The form's keys: Enter saves as Ctrl-S does.
    pub keys: &'static str,
    /// "请填写：" before the missing fields' names.
    pub missing: &'static str,
    pub list_sep: &'static str,
    pub bad_date: &'static str,
    pub due_past: &'static str,
    pub not_staff: &'static str,
    pub no_leaders: &'static str,
    pub nothing_to_do: &'static str,
    /// What the status line says once saved.
    pub opened: &'static str,
    pub leader_changed: &'static str,
    pub logged: &'static str,
    pub status_now: &'static str,
    pub cleared: &'static str,
    /// The matter's head: the case's measures, who answers, its entries.
    pub head_measures: &'static str,
    pub head_responsible: &'static str,
    pub more: &'static str,
    /// On a visit received at a reception day.
    pub received_by: &'static str,
}

pub fn case_desk_words(lang: Lang) -> &'static CaseDeskWords {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

impl Lang {
    pub fn case_source(self, s: CaseSource) -> &'static str {
        match self {
            Lang::Zh => s.zh(),
            Lang::En => s.en(),
        }
    }

    pub fn case_log_kind(self, k: CaseLogKind) -> &'static str {
        match self {
            Lang::Zh => k.zh(),
            Lang::En => k.en(),
        }
    }
}

static ZH: CaseDeskWords = CaseDeskWords {
    menu_title: "积案",
    open: "立为积案",
    leader_change: "变更包案领导",
    log: "包案记录",
    status_change: "变更积案状态",
    clear: "销号",
    source: "来源",
    assigned_by: "交办机关",
    assigned_no: "交办文号",
    leader: "包案领导",
    measures: "化解措施",
    due: "化解时限",
    unit: "责任单位",
    owner: "责任人",
    log_kind: "类型",
    note: "记录内容",
    new_status: "新状态",
    reason: "理由",
    receiving: "（接访领导）",
    keys: "Tab 换栏  ←→ 选择  Enter 保存  Esc 返回",
    missing: "请填写：",
    list_sep: "、",
    bad_date: "化解时限须为日期，如 2026-05-31",
    due_past: "化解时限不能早于今天",
    not_staff: "责任人须为人员名单中的登录名",
    no_leaders: "没有在用的领导（角色为领导的登录名）",
    nothing_to_do: "您对此积案无可办理的操作",
    opened: "已立为积案",
    leader_changed: "已变更包案领导",
    logged: "已记录",
    status_now: "积案状态已改为",
    cleared: "已销号",
    head_measures: "措施",
    head_responsible: "责任",
    more: "…另有{n}条",
    received_by: "接访领导",
};

static EN: CaseDeskWords = CaseDeskWords {
    menu_title: "Key case",
    open: "open a key case",
    leader_change: "change the leader",
    log: "add a log entry",
    status_change: "change its status",
    clear: "clear the case",
    source: "Source",
    assigned_by: "Assigned by",
    assigned_no: "Their number",
    leader: "Leader",
    measures: "Measures",
    due: "Deadline",
    unit: "Unit",
    owner: "Responsible",
    log_kind: "Kind",
    note: "Note",
    new_status: "New status",
    reason: "Reason",
    receiving: " (received the visit)",
    keys: "Tab next field  ←→ choose  Enter save  Esc back",
    missing: "missing: ",
    list_sep: ", ",
    bad_date: "the deadline must be a date such as 2026-05-31",
    due_past: "the deadline may not be before today",
    not_staff: "the responsible person must be a staff login",
    no_leaders: "no active leader (a login with the role leader)",
    nothing_to_do: "nothing you may do on this case now",
    opened: "key case opened",
    leader_changed: "leader changed",
    logged: "recorded",
    status_now: "the case is now",
    cleared: "case cleared",
    head_measures: "Measures",
    head_responsible: "Responsible",
    more: "…{n} more",
    received_by: "received by",
};
