//! The words of the units' table and the monthly brief (信访摘报), Chinese
//! (the default) and English.

use super::Lang;

pub struct BriefWords {
    pub brief: &'static str,
    pub units: &'static str,
    pub unit: &'static str,
    pub unit_code: &'static str,
    /// The row of matters no unit holds.
    pub no_unit: &'static str,
    pub received: &'static str,
    pub overdue_now: &'static str,
    pub summary: &'static str,
    pub item: &'static str,
    pub this_period: &'static str,
    pub previous: &'static str,
    pub change: &'static str,
    pub a_year_before: &'static str,
    pub year_change: &'static str,
    pub hotspots: &'static str,
    pub category: &'static str,
    pub town: &'static str,
    pub rise: &'static str,
    pub none_rose: &'static str,
    pub failing: &'static str,
    pub why: &'static str,
    pub all_passed: &'static str,
    /// `{n}` towns scored, `{failing}` of them failed.
    pub scored: &'static str,
    pub trend: &'static str,
    /// The workbook's sheet of charts.
    pub charts: &'static str,
    pub month: &'static str,
    pub repeat_contacts: &'static str,
    /// How the units' table counts (docs/rules.md, Unit performance).
    pub unit_definition: &'static str,
    /// A criterion's batches and persons in a failing town's reason.
    pub batches_persons: &'static str,
}

pub const ZH: BriefWords = BriefWords {
    brief: "信访摘报",
    units: "单位办理情况",
    unit: "责任单位",
    unit_code: "单位代码",
    no_unit: "（未交办）",
    received: "受理件数",
    overdue_now: "当前超期",
    summary: "总体情况",
    item: "项目",
    this_period: "本期",
    previous: "上期",
    change: "环比",
    a_year_before: "去年同期",
    year_change: "同比",
    hotspots: "热点",
    category: "类别",
    town: "镇街",
    rise: "增加",
    none_rose: "无上升",
    failing: "未达标镇街",
    why: "扣分原因",
    all_passed: "全部达标",
    scored: "参评镇街 {n} 个，未达标 {failing} 个",
    trend: "近12个月信访批次",
    charts: "图表",
    month: "月份",
    repeat_contacts: "重复访批次",
    unit_definition: "单位办理情况：每件事项计入其当前责任单位；受理件数为期间内受理的事项，当前超期为今日已过期限的未结事项；未受理或不予受理、转送、导入法律程序的事项计入“（未交办）”，各行相加等于同期统计。",
    batches_persons: "{label} {batches}批{persons}人",
};

pub const EN: BriefWords = BriefWords {
    brief: "Monthly brief",
    units: "Units",
    unit: "Unit",
    unit_code: "Unit code",
    no_unit: "(no unit)",
    received: "Received",
    overdue_now: "Overdue now",
    summary: "Summary",
    item: "Item",
    this_period: "This period",
    previous: "Previous",
    change: "Change",
    a_year_before: "A year before",
    year_change: "Year on year",
    hotspots: "Hotspots",
    category: "Category",
    town: "Town",
    rise: "Rise",
    none_rose: "none rose",
    failing: "Towns failing",
    why: "Why",
    all_passed: "every town passed",
    scored: "{n} towns scored, {failing} failing",
    trend: "Contacts, last 12 months",
    charts: "Charts",
    month: "Month",
    repeat_contacts: "Repeat contacts",
    unit_definition: "Units: each matter counts for the unit responsible for it now; received are matters accepted in the period, overdue now are open matters past their due date today; matters not accepted, rejected, forwarded or redirected are \"(no unit)\", so the rows add up to the statistics of the period.",
    batches_persons: "{label} {batches} batches, {persons} persons",
};

pub fn brief_words(lang: Lang) -> &'static BriefWords {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}
