//! Every word xfdesk shows a person, in Chinese (the default) and English.

use crate::domain::{Channel, Level, MatterState};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
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

    pub fn level(self, l: Level) -> &'static str {
        match self {
            Lang::Zh => l.zh(),
            Lang::En => l.code(),
        }
    }
}
