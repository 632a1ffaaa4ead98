//! Every word xfdesk shows a person, in Chinese (the default) and English.

mod report;
pub use report::{words, Words};

use crate::domain::{Channel, Level, MatterState};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// The strings of one language.
pub struct Text {
    pub name: &'static str,
    pub id_number: &'static str,
    pub phones: &'static str,
    pub town: &'static str,
    pub contacts: &'static str,
    pub marks: &'static str,
    pub long_standing: &'static str,
    pub key_person: &'static str,
    pub ledger: &'static str,
    pub state: &'static str,
    pub category: &'static str,
    pub summary: &'static str,
    pub registered: &'static str,
    pub due: &'static str,
    pub days_overdue: &'static str,
    pub first_receiver: &'static str,
    pub no_match: &'static str,
    pub no_overdue: &'static str,
    pub imported: &'static str,
    pub exported: &'static str,
    pub initialised: &'static str,
    pub check_ok: &'static str,
    pub check_failed: &'static str,
    pub generated: &'static str,
    pub demo_created: &'static str,
    pub demo_try: &'static str,
    pub not_yet: &'static str,
    pub holidays_set: &'static str,
    pub migrated: &'static str,
    pub migrate_none: &'static str,
    pub open_matters_redated: &'static str,
    pub app_title: &'static str,
    pub screen_home: &'static str,
    pub screen_lookup: &'static str,
    pub screen_card: &'static str,
    pub screen_matter: &'static str,
    pub screen_help: &'static str,
    pub too_small: &'static str,
    pub query_prompt: &'static str,
    pub query_hint: &'static str,
    pub today_contacts: &'static str,
    pub my_matters: &'static str,
    pub my_unit: &'static str,
    pub overdue: &'static str,
    pub due_soon: &'static str,
    pub ready_to_close: &'static str,
    pub gender_birth: &'static str,
    pub village: &'static str,
    pub address: &'static str,
    pub matters: &'static str,
    pub timeline: &'static str,
    pub unit: &'static str,
    pub events: &'static str,
    pub key: &'static str,
    pub action: &'static str,
    pub repeat: &'static str,
    pub skip_level: &'static str,
    pub collective: &'static str,
    pub abnormal: &'static str,
    pub persons: &'static str,
    pub time: &'static str,
    pub channel: &'static str,
    pub level: &'static str,
    pub form_discarded: &'static str,
    pub closed_count: &'static str,
    pub draft_discarded: &'static str,
    pub draft_restored: &'static str,
    pub done: &'static str,
    pub no_actions: &'static str,
    pub form_keys: &'static str,
    pub form_has_errors: &'static str,
    pub saved_ledger: &'static str,
    pub screen_register: &'static str,
    pub f_channel: &'static str,
    pub f_at: &'static str,
    pub f_level: &'static str,
    pub f_headcount: &'static str,
    pub f_person: &'static str,
    pub f_id_number: &'static str,
    pub f_phone: &'static str,
    pub f_town: &'static str,
    pub f_matter: &'static str,
    pub f_category: &'static str,
    pub f_jurisdiction: &'static str,
    pub f_summary: &'static str,
    pub f_letter_no: &'static str,
    pub f_representatives: &'static str,
    pub f_abnormal: &'static str,
    pub new_matter: &'static str,
    pub repeat_of: &'static str,
    pub new_person: &'static str,
    pub on_file: &'static str,
    pub none: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub warnings: &'static str,
    pub candidates: &'static str,
    pub confirm_discard: &'static str,
    pub confirm_close_ready: &'static str,
    pub confirm_enter_esc: &'static str,
    pub draft_offer: &'static str,
    pub draft_offer_keys: &'static str,
    pub actions_title: &'static str,
    pub confirm_action: &'static str,
    pub a_unit: &'static str,
    pub a_reason: &'static str,
    pub a_to: &'static str,
    pub a_days: &'static str,
    pub a_satisfaction: &'static str,
    pub a_note: &'static str,
    pub filter: &'static str,
    pub all: &'static str,
    pub all_open: &'static str,
    pub w_long_standing: &'static str,
    pub w_key_person: &'static str,
    pub w_skip_level: &'static str,
    pub w_collective: &'static str,
    pub w_duplicate: &'static str,
    pub w_phone: &'static str,
    pub stage_before: &'static str,
    pub stage_after_reply: &'static str,
    pub stage_after_review: &'static str,
    pub exported_to: &'static str,
    pub computing: &'static str,
    pub report_keys_scorecard: &'static str,
    pub report_keys_stats: &'static str,
    pub no_data: &'static str,
    pub trend: &'static str,
    pub by: &'static str,
    pub record: &'static str,
    pub what: &'static str,
    pub no_audit_entries: &'static str,
    /// Between a label and its value.
    pub colon: &'static str,
}

pub const ZH: Text = Text {
    name: "姓名",
    id_number: "身份证号",
    phones: "电话",
    town: "镇街",
    contacts: "信访次数",
    marks: "标记",
    long_standing: "上访老户",
    key_person: "重点人员",
    ledger: "编号",
    state: "状态",
    category: "类别",
    summary: "事由",
    registered: "登记日期",
    due: "期限",
    days_overdue: "超期天数",
    first_receiver: "首接人",
    no_match: "没有找到匹配的信访人",
    no_overdue: "没有超期事项",
    imported: "已导入并保存",
    exported: "已导出",
    initialised: "已创建数据库，管理员",
    check_ok: "检查通过",
    check_failed: "检查发现问题",
    generated: "已生成",
    demo_created: "演示数据库已建在",
    demo_try: "试试",
    not_yet: "此功能尚在开发中",
    holidays_set: "节假日已设定",
    migrated: "数据库已升级",
    migrate_none: "数据库已是最新，无需升级",
    open_matters_redated: "件在办事项已重算期限",
    app_title: "信访接待",
    screen_home: "首页",
    screen_lookup: "查询",
    screen_card: "信访人",
    screen_matter: "信访事项",
    screen_help: "帮助",
    too_small: "窗口太小：至少需要 80×24",
    query_prompt: "查询：",
    query_hint: "输入姓名、拼音、身份证号或电话",
    today_contacts: "本窗口今日登记",
    my_matters: "我的首接事项",
    my_unit: "本单位事项",
    overdue: "超期",
    due_soon: "三日内到期",
    ready_to_close: "待办结",
    gender_birth: "性别/出生",
    village: "村/社区",
    address: "住址",
    matters: "信访事项",
    timeline: "信访记录",
    unit: "责任单位",
    events: "办理经过",
    key: "按键",
    action: "功能",
    repeat: "重复",
    skip_level: "越级",
    collective: "集体",
    abnormal: "异常",
    persons: "人",
    time: "时间",
    channel: "方式",
    level: "层级",
    form_discarded: "已放弃本次登记",
    closed_count: "已办结：",
    draft_discarded: "草稿已丢弃",
    draft_restored: "已恢复上次未完成的登记",
    done: "已办理：",
    no_actions: "您在此状态下无可办理的操作",
    form_keys: "Tab 换栏  ←→ 选择  Ctrl-S 保存  Esc 返回",
    form_has_errors: "请更正标出的栏目后再保存",
    saved_ledger: "已登记并保存，编号 ",
    screen_register: "登记",
    f_channel: "方式",
    f_at: "时间",
    f_level: "层级",
    f_headcount: "人数",
    f_person: "信访人",
    f_id_number: "身份证号",
    f_phone: "电话",
    f_town: "镇街",
    f_matter: "事项",
    f_category: "类别",
    f_jurisdiction: "管辖层级",
    f_summary: "事由",
    f_letter_no: "信件编号",
    f_representatives: "代表身份证号",
    f_abnormal: "异常访",
    new_matter: "新事项",
    repeat_of: "重复访：",
    new_person: "新信访人（未在档）",
    on_file: "在档",
    none: "—",
    yes: "是",
    no: "否",
    warnings: "提示",
    candidates: "在档信访人（↑↓ 选择，Enter 确定）",
    confirm_discard: "放弃这次登记？已填写的内容将丢失。Enter 放弃 / Esc 继续填写",
    confirm_close_ready: "批量办结以下待办结事项：",
    confirm_enter_esc: "Enter 确认 / Esc 取消",
    draft_offer: "有一份未完成的登记草稿，保存于 ",
    draft_offer_keys: "Enter 继续填写 / Esc 稍后（F2）/ Delete 丢弃",
    actions_title: "可办理的操作",
    confirm_action: "确认办理？Enter 确认 / Esc 返回修改",
    a_unit: "单位",
    a_reason: "理由",
    a_to: "对象",
    a_days: "天数",
    a_satisfaction: "满意度",
    a_note: "备注",
    filter: "筛选",
    all: "全部",
    all_open: "全部在办事项",
    w_long_standing: "上访老户：{contacts} 次信访，跨 {years} 年",
    w_key_person: "重点人员：{reason}",
    w_skip_level: "越级访：{stage}允许到{allowed}，本次为{level}",
    w_collective: "集体访（{n} 人）未登记代表",
    w_duplicate: "可能重复：该信访人已有同类在办事项 {ledger} {summary}",
    w_phone: "电话 {phone} 不是手机号，已按原样保存",
    stage_before: "答复前",
    stage_after_reply: "答复后（复查阶段）",
    stage_after_review: "复查决定后（复核阶段）",
    exported_to: "已导出：",
    computing: "计算中…",
    report_keys_scorecard:
        "←→ 换期  m/q/y 月/季/年  Tab 选指标  Enter 明细  r 三无/四无  z 零访村  e 导出",
    report_keys_stats: "←→ 换期  m/q/y 月/季/年  e 导出Excel",
    no_data: "（无）",
    trend: "月度趋势",
    by: "操作人",
    record: "记录",
    what: "内容",
    no_audit_entries: "没有符合条件的审计记录",
    colon: "：",
};

pub const EN: Text = Text {
    name: "Name",
    id_number: "ID number",
    phones: "Phones",
    town: "Town",
    contacts: "Contacts",
    marks: "Marks",
    long_standing: "long-standing",
    key_person: "key person",
    ledger: "Ledger",
    state: "State",
    category: "Category",
    summary: "Summary",
    registered: "Registered",
    due: "Due",
    days_overdue: "Days overdue",
    first_receiver: "First receiver",
    no_match: "no petitioner matches",
    no_overdue: "no overdue matters",
    imported: "imported and saved",
    exported: "exported",
    initialised: "created the database; admin",
    check_ok: "check passed",
    check_failed: "check found problems",
    generated: "generated",
    demo_created: "demo database created at",
    demo_try: "try",
    not_yet: "not available yet",
    holidays_set: "holidays set",
    migrated: "database upgraded",
    migrate_none: "database is up to date; nothing to do",
    open_matters_redated: "open matters re-dated",
    app_title: "Petition desk",
    screen_home: "Home",
    screen_lookup: "Lookup",
    screen_card: "Petitioner",
    screen_matter: "Matter",
    screen_help: "Help",
    too_small: "Window too small: 80×24 needed",
    query_prompt: "Find: ",
    query_hint: "type a name, pinyin, ID number or phone",
    today_contacts: "Registered here today",
    my_matters: "My matters (first receiver)",
    my_unit: "My unit's matters",
    overdue: "Overdue",
    due_soon: "Due within 3 days",
    ready_to_close: "Ready to close",
    gender_birth: "Gender/born",
    village: "Village",
    address: "Address",
    matters: "Matters",
    timeline: "Contacts",
    unit: "Unit",
    events: "History",
    key: "Key",
    action: "Action",
    repeat: "repeat",
    skip_level: "skip-level",
    collective: "collective",
    abnormal: "abnormal",
    persons: " persons",
    time: "Time",
    channel: "Channel",
    level: "Level",
    form_discarded: "registration discarded",
    closed_count: "closed: ",
    draft_discarded: "draft discarded",
    draft_restored: "the unfinished registration is back",
    done: "done: ",
    no_actions: "nothing you may do on this matter now",
    form_keys: "Tab next field  ←→ choose  Ctrl-S save  Esc back",
    form_has_errors: "correct the marked fields, then save",
    saved_ledger: "registered and saved as ",
    screen_register: "Registration",
    f_channel: "Channel",
    f_at: "Time",
    f_level: "Level",
    f_headcount: "Persons",
    f_person: "Petitioner",
    f_id_number: "ID number",
    f_phone: "Phone",
    f_town: "Town",
    f_matter: "Matter",
    f_category: "Category",
    f_jurisdiction: "Jurisdiction",
    f_summary: "Summary",
    f_letter_no: "Letter no.",
    f_representatives: "Representatives",
    f_abnormal: "Abnormal",
    new_matter: "new matter",
    repeat_of: "repeat of ",
    new_person: "new person (not on file)",
    on_file: "on file",
    none: "—",
    yes: "yes",
    no: "no",
    warnings: "Warnings",
    candidates: "On file (↑↓ choose, Enter take)",
    confirm_discard:
        "Discard this registration? What was typed is lost. Enter discard / Esc keep typing",
    confirm_close_ready: "Close every matter ready to close: ",
    confirm_enter_esc: "Enter confirm / Esc cancel",
    draft_offer: "An unfinished registration was saved at ",
    draft_offer_keys: "Enter continue / Esc later (F2) / Delete discard",
    actions_title: "Actions you may take",
    confirm_action: "Take this action? Enter confirm / Esc edit",
    a_unit: "Unit",
    a_reason: "Reason",
    a_to: "To",
    a_days: "Days",
    a_satisfaction: "Satisfaction",
    a_note: "Note",
    filter: "filter",
    all: "all",
    all_open: "All open matters",
    w_long_standing: "long-standing: {contacts} contacts over {years} years",
    w_key_person: "key person: {reason}",
    w_skip_level: "skip-level: {stage} the allowed level is {allowed}, this visit is {level}",
    w_collective: "collective visit ({n} persons) without representatives",
    w_duplicate: "possible duplicate: open matter {ledger} of the same category: {summary}",
    w_phone: "{phone} is not a mobile number; kept as typed",
    stage_before: "before the reply",
    stage_after_reply: "after the reply (review stage)",
    stage_after_review: "after the review decision (re-review stage)",
    exported_to: "exported: ",
    computing: "computing…",
    report_keys_scorecard: "←→ period  m/q/y month/quarter/year  Tab criterion  Enter contacts  r 3/4-no  z villages  e export",
    report_keys_stats: "←→ period  m/q/y month/quarter/year  e export",
    no_data: "(none)",
    trend: "Monthly trend",
    by: "By",
    record: "Record",
    what: "What",
    no_audit_entries: "no audit entries match",
    colon: ": ",
};

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
            Lang::En => s.code(),
        }
    }

    pub fn channel(self, c: Channel) -> &'static str {
        match self {
            Lang::Zh => c.zh(),
            Lang::En => c.code(),
        }
    }

    pub fn satisfaction(self, s: crate::domain::Satisfaction) -> &'static str {
        match self {
            Lang::Zh => s.zh(),
            Lang::En => s.code(),
        }
    }

    /// A workflow action's name.
    pub fn step(self, a: crate::domain::Action) -> &'static str {
        match self {
            Lang::Zh => a.zh(),
            Lang::En => a.code(),
        }
    }

    pub fn level(self, l: Level) -> &'static str {
        match self {
            Lang::Zh => l.zh(),
            Lang::En => l.code(),
        }
    }
}

impl Lang {
    /// A service refusal as staff read it on the desk screens. The command
    /// line and logs keep the English text of the error itself.
    pub fn error(self, e: &crate::service::ServiceError) -> String {
        use crate::domain::workflow::WorkflowError as W;
        use crate::service::ServiceError as S;
        if self == Lang::En {
            return e.to_string();
        }
        match e {
            S::Forbidden { role, what, .. } => {
                let what = crate::domain::Action::from_code(what).map_or(zh_deed(what), |a| a.zh());
                format!("{}无权{}", role.zh(), what)
            }
            S::Workflow { ledger, error } => {
                let why = match error {
                    W::NotAllowed { state, action } => {
                        format!("事项处于“{}”状态，不能{}", state.zh(), action.zh())
                    }
                    W::Missing { action, field } => {
                        format!("{}需要填写{}", action.zh(), zh_field(field))
                    }
                    W::ExtendTooLong { days, max } => format!("延期{days}天超过上限{max}天"),
                    W::AlreadyExtended => "该事项已延期过一次".to_string(),
                    W::NoReplyYet => "尚未答复，不能评价".to_string(),
                    W::OutOfOrder => "时间早于事项的登记或上一步办理".to_string(),
                };
                format!("{ledger}：{why}")
            }
            other => other.to_string(),
        }
    }
}

impl Lang {
    /// A form field's problem as staff read it beside the field.
    pub fn field_error(self, e: &crate::service::register::FieldError) -> String {
        use crate::domain::idnum::IdError;
        use crate::service::register::Problem as P;
        if self == Lang::En {
            return e.message();
        }
        match &e.problem {
            P::Required(_) => match e.field {
                "name" => "请填写姓名".into(),
                "summary" => "请填写事由".into(),
                "letter_no" => "来信须填写信件编号".into(),
                "town" => "事项须有属地镇街".into(),
                _ => "此项必填".into(),
            },
            P::TooLong { max } => format!("超过{max}字"),
            P::NotOnFile(what) => format!("查无此项：{what}"),
            P::InFuture => "时间晚于现在".into(),
            P::BeforeRegistration(l) => format!("早于事项{l}的登记时间"),
            P::Headcount { max } => format!("人数须为1至{max}"),
            P::NotCollective { min } => format!("集体访（{min}人以上）才登记代表"),
            P::TooManyRepresentatives { max } => format!("代表最多{max}人"),
            P::IdNumber(id) => match id {
                IdError::Length(n) => format!("应为18位（旧证15位），现为{n}位"),
                IdError::BadChar { at, found } => format!("第{at}位“{found}”不是数字"),
                IdError::CheckChar { found, expected } => {
                    format!("校验码为{found}，应为{expected}")
                }
                IdError::ImpossibleBirth(d) => format!("出生日期{d}不存在"),
                IdError::FutureBirth(d) => format!("出生日期{d}晚于今天"),
            },
            P::AlreadyOnFile { name } => format!("已在档：{name}，请从候选中选择"),
            P::Phone { typed, .. } => format!("“{typed}”不是电话号码"),
            P::VillageOutsideTown { village, town } => format!("{village}不属于{town}"),
            P::TimeFormat => "格式：YYYY-MM-DD HH:MM".into(),
        }
    }
}

/// A refusal's deed (`service::deed`) in Chinese; an unknown one as given.
fn zh_deed(what: &str) -> &str {
    use crate::service::deed as d;
    match what {
        d::REGISTER => "登记",
        d::REVEAL => "查看完整的身份证号和电话",
        d::IMPORT => "导入数据",
        d::EXPORT => "导出数据",
        d::SET_HOLIDAYS => "设定节假日",
        d::SET_STAT_MONTH => "设定统计月",
        d::MIGRATE => "升级数据库",
        d::VIEW_REPORTS => "查看报表",
        d::READ_AUDIT => "查阅审计记录",
        other => other,
    }
}

fn zh_field(field: &str) -> &'static str {
    match field {
        "unit" => "单位",
        "reason" => "理由",
        "to" => "对象",
        "days" => "天数",
        "satisfaction" => "满意度",
        _ => "必填项",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workflow::WorkflowError;
    use crate::domain::{Action, LedgerNo, MatterState, Role};
    use crate::service::ServiceError;

    #[test]
    fn refusals_read_in_chinese_on_the_desk_and_stay_english_in_english() {
        let ledger = LedgerNo { year: 2026, seq: 7 };
        let cases = [
            (
                ServiceError::Workflow {
                    ledger,
                    error: WorkflowError::NotAllowed {
                        state: MatterState::Replied,
                        action: Action::Accept,
                    },
                },
                "2026-000007：事项处于“已答复”状态，不能受理",
            ),
            (
                ServiceError::Forbidden {
                    login: "zhangli".into(),
                    role: Role::Receptionist,
                    what: "extend",
                },
                "接待员无权延期",
            ),
        ];
        for (e, zh) in cases {
            assert_eq!(Lang::Zh.error(&e), zh);
            assert_eq!(Lang::En.error(&e), e.to_string());
        }
    }

    #[test]
    fn every_refusal_reads_in_chinese() {
        for what in crate::service::deed::ALL {
            let e = ServiceError::Forbidden {
                login: "zhaomin".into(),
                role: Role::Leader,
                what,
            };
            let zh = Lang::Zh.error(&e);
            assert!(
                zh.starts_with("领导无权") && !zh.contains(what),
                "{what}: {zh}"
            );
        }
    }
}
