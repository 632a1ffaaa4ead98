//! The words of the registration form that came with returning petitioners,
//! corrections and collective visits, Chinese (the default) and English.

use super::Lang;

pub struct RegisterWords {
    pub f_phone2: &'static str,
    pub f_address: &'static str,
    pub f_correct: &'static str,
    pub f_matter_town: &'static str,
    /// The matter's town when it follows the petitioner's.
    pub same_as_person: &'static str,
    /// Beside a phone slot of a person on file: the number kept if left empty.
    pub keeps: &'static str,
    /// How many representatives are marked (`{n}`).
    pub picked: &'static str,
    pub representatives_title: &'static str,
    /// A form in progress was kept instead of starting one for the returner.
    pub form_in_progress: &'static str,
}

pub const ZH: RegisterWords = RegisterWords {
    f_phone2: "电话二",
    f_address: "住址",
    f_correct: "更正信息",
    f_matter_town: "事项属地",
    same_as_person: "同信访人",
    keeps: "留空保留",
    picked: "已选代表 {n} 人",
    representatives_title: "代表（输入姓名查找，↑↓ 移动，空格 标记）",
    form_in_progress: "已有未完成的登记，先完成或按 Esc 放弃",
};

pub const EN: RegisterWords = RegisterWords {
    f_phone2: "Phone 2",
    f_address: "Address",
    f_correct: "Correct info",
    f_matter_town: "Matter town",
    same_as_person: "the petitioner's",
    keeps: "empty keeps",
    picked: "delegates marked: {n}",
    representatives_title: "Delegates (type a name, ↑↓ move, space mark)",
    form_in_progress: "a registration is in progress: finish it or Esc to drop it",
};

pub fn register_words(lang: Lang) -> &'static RegisterWords {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}
