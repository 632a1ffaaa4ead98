//! The words of `xfdesk notice`, Chinese (the default) and English.

use super::Lang;

pub struct NoticeWords {
    pub issued: &'static str,
    pub reprinted: &'static str,
    pub written_to: &'static str,
    pub printed: &'static str,
    pub none: &'static str,
    pub none_undelivered: &'static str,
    pub not_delivered: &'static str,
    pub delivered: &'static str,
    pub header: [&'static str; 5],
    pub undelivered_header: [&'static str; 5],
    pub templates_ok: &'static str,
    pub no_print_command: &'static str,
    pub print_failed: &'static str,
    pub docx_needs_out: &'static str,
    pub usage: &'static str,
    /// On the desk: no notice fits the matter now (or none this person issues).
    pub none_fitting: &'static str,
    /// On the desk, after a print that failed: the notice is on record.
    pub reprint_hint: &'static str,
    /// The desk's offer of a notice (`{kind}`), and its keys.
    pub offer: &'static str,
    pub menu_title: &'static str,
    pub notices_label: &'static str,
}

pub const ZH: NoticeWords = NoticeWords {
    issued: "已出具",
    reprinted: "已重新打印",
    written_to: "已写入",
    printed: "已送打印",
    none: "该事项尚未出具文书",
    none_undelivered: "没有已出具未送达的文书",
    not_delivered: "未送达",
    delivered: "已送达",
    header: ["文号", "文书", "出具时间", "出具人", "送达"],
    undelivered_header: ["编号", "文号", "文书", "出具时间", "出具人"],
    templates_ok: "文书模板检查通过",
    no_print_command: "未设置打印命令；请管理员设置：xfdesk office set print_command 'lp -d 打印机名'",
    print_failed: "打印命令执行失败",
    docx_needs_out: "DOCX 文件须用 --out 指定写入位置，或用 --print 打印",
    none_fitting: "该事项现在没有可出具的文书",
    reprint_hint: "文书已出具在案，可在命令行重新打印：xfdesk notice 编号 --reprint 文号 --print",
    offer: "出具{kind}？ Enter 出具  Esc 跳过",
    menu_title: "出具文书",
    notices_label: "文书",
    usage: "用法：xfdesk notice 编号 文书种类 [--out 文件] [--format docx|text] [--print]；xfdesk notice 编号 --list；xfdesk notice 编号 --reprint 文号；xfdesk notice 编号 --deliver 文号 --method post [--on 日期]；xfdesk notice --undelivered；xfdesk notice --templates 目录",
};

pub const EN: NoticeWords = NoticeWords {
    issued: "issued",
    reprinted: "reprinted",
    written_to: "written to",
    printed: "sent to the printer",
    none: "no notice has been issued for this matter",
    none_undelivered: "no notice is waiting for delivery",
    not_delivered: "not delivered",
    delivered: "delivered",
    header: ["number", "notice", "issued", "by", "delivery"],
    undelivered_header: ["ledger", "number", "notice", "issued", "by"],
    templates_ok: "the notice templates are all right",
    no_print_command: "no print command is set; an admin sets one with: xfdesk office set print_command 'lp -d PRINTER'",
    print_failed: "the print command failed",
    docx_needs_out: "a DOCX needs --out FILE to be written to, or --print",
    none_fitting: "no notice fits the matter now",
    reprint_hint: "the notice is on record; reprint it with xfdesk notice LEDGER --reprint NUMBER --print",
    offer: "Issue the {kind}?  Enter issue  Esc skip",
    menu_title: "Issue a notice",
    notices_label: "Notices",
    usage: "usage: xfdesk notice LEDGER KIND [--out FILE] [--format docx|text] [--print]; xfdesk notice LEDGER --list; xfdesk notice LEDGER --reprint NUMBER; xfdesk notice LEDGER --deliver NUMBER --method post [--on DATE]; xfdesk notice --undelivered; xfdesk notice --templates DIR",
};

pub fn notice_words(lang: Lang) -> &'static NoticeWords {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

/// What each notice setting of `xfdesk office` means.
pub fn notice_setting_meaning(key: &str, lang: Lang) -> &'static str {
    match (key, lang) {
        ("office_name", Lang::Zh) => "文书抬头：本机关名称",
        ("office_name", Lang::En) => "the notices' header line: the office's name",
        ("print_command", Lang::Zh) => "打印命令，文件路径附在其后（如 lp -d desk1）",
        ("print_command", Lang::En) => {
            "the print command, run with the file's path (e.g. lp -d desk1)"
        }
        ("notice_templates", Lang::Zh) => "本机关文书模板目录（<种类>.txt）；空为内置模板",
        ("notice_templates", Lang::En) => {
            "the office's own templates directory (<kind>.txt); empty: the shipped ones"
        }
        (_, Lang::Zh) => "文号格式，须含 {year} 和 {n}",
        (_, Lang::En) => "the document-number pattern, with {year} and {n}",
    }
}
