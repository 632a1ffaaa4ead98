//! Everything a key can do: the vocabulary of keymap files, help and tests.

use serde::{Deserialize, Serialize};

macro_rules! actions {
    ($($variant:ident = $name:literal: $zh:literal / $en:literal),+ $(,)?) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Action { $($variant),+ }
        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$variant),+];
            /// The name used in keymap files.
            pub fn name(self) -> &'static str { match self { $(Action::$variant => $name),+ } }
            pub fn from_name(s: &str) -> Option<Action> {
                match s { $($name => Some(Action::$variant),)+ _ => None }
            }
            /// What the action does, for help and the key-hint bar.
            pub fn describe(self, lang: crate::i18n::Lang) -> &'static str {
                match (self, lang) {
                    $((Action::$variant, crate::i18n::Lang::Zh) => $zh,
                      (Action::$variant, crate::i18n::Lang::En) => $en,)+
                }
            }
        }
    };
}

actions! {
    Help = "help": "帮助" / "help",
    Register = "register": "登记" / "register",
    Lookup = "lookup": "查询" / "look up",
    Matters = "matters": "事项" / "matters",
    Scorecards = "scorecards": "三无考核" / "scorecards",
    Statistics = "statistics": "统计" / "statistics",
    Audit = "audit": "审计记录" / "audit trail",
    Staff = "staff": "人员管理" / "staff",
    Brief = "brief": "信访摘报" / "monthly brief",
    Cases = "cases": "积案" / "key cases",
    Units = "units": "单位办理情况" / "unit performance",
    Home = "home": "首页" / "home",
    ListToday = "list_today": "今日登记" / "today's contacts",
    ListMine = "list_mine": "我的首接事项" / "my matters",
    ListOverdue = "list_overdue": "超期事项" / "overdue matters",
    ListDueSoon = "list_due_soon": "三日内到期" / "due within 3 days",
    ListReady = "list_ready": "待办结" / "ready to close",
    ListUndelivered = "list_undelivered": "待送达文书" / "notices not delivered",
    NextList = "next_list": "下一列表" / "next list",
    Act = "act": "办理" / "act on the matter",
    Notice = "notice": "出具文书" / "issue a notice",
    CloseReady = "close_ready": "批量办结" / "close all ready",
    FilterTown = "filter_town": "按镇街筛选" / "filter by town",
    FilterCategory = "filter_category": "按类别筛选" / "filter by category",
    FilterState = "filter_state": "按状态筛选" / "filter by state",
    Discard = "discard": "丢弃" / "discard",
    PrevPeriod = "prev_period": "上一期" / "previous period",
    NextPeriod = "next_period": "下一期" / "next period",
    PeriodMonth = "period_month": "按月" / "by month",
    PeriodQuarter = "period_quarter": "按季度" / "by quarter",
    PeriodYear = "period_year": "按年" / "by year",
    ToggleRules = "toggle_rules": "三无/四无" / "three-no / four-no",
    ZeroVisit = "zero_visit": "零访村" / "villages with no contact",
    Export = "export": "导出Excel" / "export to Excel",
    Reveal = "reveal": "显示完整号码" / "reveal whole numbers",
    AuditFilter = "audit_filter": "筛选" / "filter",
    StaffAdd = "staff_add": "添加人员" / "add staff",
    StaffDisable = "staff_disable": "停用登录名" / "disable login",
    StaffEnable = "staff_enable": "启用登录名" / "re-enable login",
    StaffRole = "staff_role": "更改角色" / "change role",
    PrevList = "prev_list": "上一列表" / "previous list",
    Quit = "quit": "退出" / "quit",
    Back = "back": "返回" / "back",
    Open = "open": "打开" / "open",
    NextField = "next_field": "下一栏" / "next field",
    PrevField = "prev_field": "上一栏" / "previous field",
    Save = "save": "保存" / "save",
    Up = "up": "上移" / "up",
    Down = "down": "下移" / "down",
    PageUp = "page_up": "上页" / "page up",
    PageDown = "page_down": "下页" / "page down",
    Older = "older": "较早记录" / "older",
    Newer = "newer": "较新记录" / "newer",
    First = "first": "首项" / "first",
    Last = "last": "末项" / "last",
    CaseReport = "case_report": "积案报表" / "key cases report",
    Supervision = "supervision": "督查督办" / "supervision letters",
    ReceptionRota = "reception_rota": "领导接访日" / "reception rota",
    KeyPersons = "key_persons": "上访老户" / "key persons",
    IssueLetter = "issue_letter": "发督办函" / "issue a letter",
    ReplyLetter = "reply_letter": "记录回复" / "record the reply",
    RotaAdd = "rota_add": "添加接访" / "add a session",
    RotaEdit = "rota_edit": "修改接访" / "edit the session",
    RotaRemove = "rota_remove": "删除接访" / "remove the session",
    FlagKeyPerson = "flag_key_person": "标记重点人员" / "flag a key person",
    Case = "case": "积案办理" / "work the key case",
}

impl Action {
    /// Whether a person of `role` may do what the action does, by the one
    /// table of permissions (`domain::permit`): help and the hint bar offer
    /// a receptionist no reports, audit trail or staff.
    pub fn permitted(self, role: crate::domain::Role) -> bool {
        use crate::domain::permit::{acts, may, Duty};
        use Action as A;
        match self {
            A::Register => may(role, Duty::Register),
            A::Scorecards | A::Statistics | A::Brief | A::Units | A::CaseReport => {
                may(role, Duty::Reports)
            }
            A::Audit | A::AuditFilter => may(role, Duty::ReadAudit),
            A::Staff | A::StaffAdd | A::StaffDisable | A::StaffEnable | A::StaffRole => {
                may(role, Duty::Administer)
            }
            A::Reveal => may(role, Duty::RevealPhone) || may(role, Duty::SeeUnmasked),
            A::Act | A::CloseReady => acts(role),
            // Receptionists give receipts, handlers and supervisors the rest.
            A::Notice => role != crate::domain::Role::Leader,
            // Receptionists see a person's case as a mark on the card.
            A::Cases => role != crate::domain::Role::Receptionist,
            // Letters: supervisors issue, their unit's handlers answer,
            // leaders look; the rota is everyone's to read.
            A::Supervision => role != crate::domain::Role::Receptionist,
            A::IssueLetter | A::RotaAdd | A::RotaEdit | A::RotaRemove => may(role, Duty::KeepCases),
            A::ReplyLetter => may(role, Duty::KeepCases) || role == crate::domain::Role::Handler,
            A::KeyPersons => {
                may(role, Duty::KeepCases)
                    || may(role, Duty::FlagKeyPerson)
                    || role == crate::domain::Role::Leader
            }
            A::FlagKeyPerson => may(role, Duty::FlagKeyPerson),
            // Supervisors open and keep cases, leaders work their own.
            A::Case => may(role, Duty::KeepCases) || role == crate::domain::Role::Leader,
            _ => true,
        }
    }
}
