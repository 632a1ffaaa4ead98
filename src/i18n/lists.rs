//! The words of the work lists and the lookup: who, how late, how many
//! found. Chinese (the default) and English.

use super::Lang;

pub struct ListWords {
    /// Heading of the petitioner's name in a list row.
    pub who: &'static str,
    /// Heading of the first receiver's name, short enough for a list.
    pub receiver: &'static str,
    /// Heading of how late a matter is.
    pub late: &'static str,
    /// `{n}` calendar days past the due date.
    pub days_late: &'static str,
    pub due_today: &'static str,
    /// `{n}` calendar days to the due date.
    pub days_left: &'static str,
    /// `{n}` people shown of `{m}`; `{key}` loads more.
    pub shown_of: &'static str,
    /// `{n}` shown, at least `{m}` match (counting stops there).
    pub shown_of_many: &'static str,
    /// The command line's `{n}` shown, at least `{m}` match.
    pub first_of_at_least: &'static str,
    pub not_found: &'static str,
    /// Title of the matters a ledger or letter number found.
    pub matters_found: &'static str,
    pub letter_no: &'static str,
    pub registered: &'static str,
    pub query_hint: &'static str,
}

pub const ZH: ListWords = ListWords {
    who: "信访人",
    receiver: "首接人",
    late: "时限",
    days_late: "逾期{n}天",
    due_today: "今日到期",
    days_left: "剩{n}天",
    shown_of: "显示 {n} 人，共 {m} 人，请继续输入（{key} 显示更多）",
    shown_of_many: "显示 {n} 人，至少 {m} 人符合，请继续输入（{key} 显示更多）",
    first_of_at_least: "仅显示前 {n} 条，至少 {m} 条符合",
    not_found: "未找到",
    matters_found: "按编号找到的事项",
    letter_no: "信件编号",
    registered: "登记日期",
    query_hint: "姓名、拼音、身份证号、电话、台账号或信件编号",
};

pub const EN: ListWords = ListWords {
    who: "Name",
    receiver: "Owner",
    late: "Due",
    days_late: "{n}d late",
    due_today: "due today",
    days_left: "{n}d left",
    shown_of: "{n} of {m} shown; type more ({key} for more)",
    shown_of_many: "{n} of at least {m} shown; type more ({key} for more)",
    first_of_at_least: "only the first {n} of at least {m} are shown",
    not_found: "not found",
    matters_found: "Matters found by number",
    letter_no: "Letter no.",
    registered: "Registered",
    query_hint: "name, pinyin, ID number, phone, ledger or letter number",
};

pub fn list_words(lang: Lang) -> &'static ListWords {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

/// How late a matter is on `today`: days past its due date, due today, or
/// days left; nothing without a due date.
pub fn lateness(lang: Lang, due: Option<time::Date>, today: time::Date) -> String {
    let w = list_words(lang);
    let Some(due) = due else {
        return String::new();
    };
    let days = (due - today).whole_days();
    match days {
        0 => w.due_today.to_string(),
        d if d < 0 => w.days_late.replace("{n}", &(-d).to_string()),
        d => w.days_left.replace("{n}", &d.to_string()),
    }
}

/// The first petitioner's name, and `+n` for the others.
pub fn who(name: &str, more: usize) -> String {
    if more == 0 {
        name.to_string()
    } else {
        format!("{name}+{more}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn lateness_says_days_late_today_or_days_left() {
        let today = date!(2026 - 03 - 10);
        let cases = [
            (Some(date!(2026 - 03 - 07)), "逾期3天", "3d late"),
            (Some(today), "今日到期", "due today"),
            (Some(date!(2026 - 03 - 12)), "剩2天", "2d left"),
            (None, "", ""),
        ];
        for (due, zh, en) in cases {
            assert_eq!(lateness(Lang::Zh, due, today), zh);
            assert_eq!(lateness(Lang::En, due, today), en);
        }
    }
}
