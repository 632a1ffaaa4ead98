//! The words of the audit trail (F7), staff management (F8) and a card's
//! revealed numbers, Chinese (the default) and English.

use super::Lang;

pub struct AdminWords {
    pub screen_audit: &'static str,
    pub screen_staff: &'static str,
    pub other_doc: &'static str,
    /// Beside numbers shown whole on a card.
    pub revealed: &'static str,
    pub filter_title: &'static str,
    pub f_petitioner: &'static str,
    pub f_matter: &'static str,
    /// `{typed}`: a matter filter that is not a ledger number.
    pub bad_ledger: &'static str,
    /// The title of one audit entry shown whole.
    pub entry_title: &'static str,
    /// The keys under an audit entry shown whole.
    pub entry_keys: &'static str,
    pub f_from: &'static str,
    pub f_to: &'static str,
    pub filter_keys: &'static str,
    /// `{field}`, `{typed}`: a date that does not parse.
    pub bad_date: &'static str,
    pub dates_reversed: &'static str,
    /// The audit screen's filter when none is set.
    pub no_filter: &'static str,
    /// `{shown}`, `{total}`: the audit screen shows the newest entries only.
    pub newest_of: &'static str,
    pub no_unit: &'static str,
    pub current_role: &'static str,
    pub new_role: &'static str,
    pub disable_means: &'static str,
    pub enable_means: &'static str,
}

pub const ZH: AdminWords = AdminWords {
    screen_audit: "审计记录",
    screen_staff: "人员管理",
    other_doc: "其他证件",
    revealed: "完整号码（已记入审计，离开本页即隐藏）",
    filter_title: "筛选审计记录",
    f_petitioner: "信访人身份证号",
    f_matter: "事项编号",
    bad_ledger: "事项编号“{typed}”格式不对，应如 2026-000077",
    entry_title: "审计记录详情",
    entry_keys: "Enter/Esc 关闭",
    f_from: "起始日期",
    f_to: "截止日期",
    filter_keys: "Tab 换栏  Enter 查询  Esc 取消",
    bad_date: "{field}“{typed}”不是日期，格式为 YYYY-MM-DD",
    dates_reversed: "起始日期晚于截止日期",
    no_filter: "无（全部记录）",
    newest_of: "最新 {shown} 条，共 {total} 条",
    no_unit: "（无）",
    current_role: "现角色",
    new_role: "新角色",
    disable_means: "停用后，该登录名不能再打开数据库。",
    enable_means: "重新启用后，该登录名可以再次打开数据库。",
};

pub const EN: AdminWords = AdminWords {
    screen_audit: "Audit trail",
    screen_staff: "Staff",
    other_doc: "Other document",
    revealed: "whole numbers (audited; hidden when you leave the card)",
    filter_title: "Filter the audit trail",
    f_petitioner: "Petitioner ID",
    f_matter: "Matter no.",
    bad_ledger: "Matter no.: \"{typed}\" is not a ledger number (like 2026-000077)",
    entry_title: "Audit entry",
    entry_keys: "Enter/Esc close",
    f_from: "From",
    f_to: "To",
    filter_keys: "Tab next field  Enter search  Esc cancel",
    bad_date: "{field}: \"{typed}\" is not a date (YYYY-MM-DD)",
    dates_reversed: "the from date is after the to date",
    no_filter: "none (every entry)",
    newest_of: "newest {shown} of {total}",
    no_unit: "(none)",
    current_role: "Current role",
    new_role: "New role",
    disable_means: "A disabled login can no longer open the database.",
    enable_means: "Once re-enabled, the login can open the database again.",
};

pub fn admin_words(lang: Lang) -> &'static AdminWords {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}
