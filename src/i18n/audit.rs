//! The audit trail in the reader's language. Entries are stored as the
//! service wrote them, in one fixed English phrasing with codes
//! (`accept → in_progress, kind appeal`), so that the record never changes
//! with the language of whoever wrote or reads it; the desk and `xfdesk
//! audit` word them here. A phrase not in the table (an older release's, or
//! a code the table does not know) is shown as stored.

use super::Lang;
use crate::domain::{
    Channel, DeliveryMethod, Level, MatterKind, MatterState, Opinion, Role, Satisfaction, Step,
};

/// Whole entries: the stored phrase with `{}` for each part it carries, and
/// the Chinese with the same parts in the same order. The more particular
/// of two phrases sharing a beginning comes first.
const PHRASES: &[(&str, &str)] = &[
    ("viewed full history", "查看完整信访历史"),
    ("looked up {}", "查询“{}”"),
    (
        "lookup rate exceeded by {}: {} searches in {} s",
        "{}查询过频：{}次/{}秒",
    ),
    ("revealed ID number and phones", "显示完整身份证号和电话"),
    ("revealed phones (to call back)", "显示完整电话（回电）"),
    ("backed up the whole database to {}", "整库备份到 {}"),
    (
        "statistical month starts on day {} (was {})",
        "统计月起始日改为{}日（原{}日）",
    ),
    ("corrected details: {}", "更正信访人信息：{}"),
    (
        "registered contact {} ({}, {}) for petitioner {}, new matter",
        "登记信访记录 {}（{}，{}），信访人 {}，新事项",
    ),
    (
        "registered contact {} ({}, {}) for petitioner {}",
        "登记信访记录 {}（{}，{}），信访人 {}",
    ),
    (
        "office setting {}: {} (was {}); skip-level derived again on {} matters",
        "办公设置 {}：{}（原 {}）；重新判定越级 {} 件",
    ),
    (
        "compacted the database: {} → {} ({} keys)",
        "压缩数据库：{} → {}（{}个键）",
    ),
    ("export started to {}", "开始导出到 {}"),
    ("exported {} lines to {}", "导出 {} 行到 {}"),
    (
        "export to {} stopped after {} lines: {}",
        "导出到 {} 在第 {} 行后中止：{}",
    ),
    (
        "created the database with this admin",
        "以此管理员建立数据库",
    ),
    (
        "imported {} reference records, {} petitioners, {} matters, {} contacts, {} events{} from {}",
        "导入基础数据 {} 条、信访人 {} 名、事项 {} 件、信访记录 {} 次、办理记录 {} 条{}，文件 {}",
    ),
    ("imported: {}", "导入：{}"),
    (
        "holiday list replaced: {} holidays, {} workdays; {} open matters re-dated",
        "更新节假日安排：放假 {} 天、调休上班 {} 天；{} 件未结事项重算期限",
    ),
    (
        "restored the database from {} ({} lines; backup of {} taken at {} by {})",
        "从 {} 恢复数据库（{} 行；{} 的备份，{} 由 {} 制作）",
    ),
];

/// The parts of a list (an action's particulars, a staff change), each
/// worded alone.
const PARTS: &[(&str, &str)] = &[
    ("added: {}", "新增：{}"),
    ("name {} (was {})", "姓名 {}（原 {}）"),
    ("role {} (was {})", "角色 {}（原 {}）"),
    ("unit {} (was {})", "单位 {}（原 {}）"),
    ("kind {}", "分类：{}"),
    ("unit {}", "单位 {}"),
    ("handler {}", "承办人 {}"),
    ("to {}", "转至 {}"),
    ("reason {}", "理由：{}"),
    ("{} days", "{}天"),
    ("{} notices", "文书 {} 份"),
    ("{} key-case lines", "重点信访事项记录 {} 条"),
    ("{} by {}", "{}（{}）"),
    ("disabled", "已停用"),
    ("re-enabled", "已启用"),
    ("none", "无"),
    ("phones", "电话"),
    ("town", "镇街"),
    ("village", "村居"),
    ("address", "住址"),
];

/// What an entry's `record` names: `petitioner 171` → 信访人 171.
const RECORDS: &[(&str, &str, &str)] = &[
    ("petitioner", "信访人", "petitioner"),
    ("matter", "事项", "matter"),
    ("staff", "人员", "staff"),
    ("lookup", "查询", "lookup"),
    ("import", "导入", "import"),
    ("export", "导出", "export"),
    ("settings", "设置", "settings"),
    ("holidays", "节假日", "holidays"),
    ("database", "数据库", "database"),
    ("backup", "备份", "backup"),
    ("restore", "恢复", "restore"),
];

impl Lang {
    /// An audit entry's `record`, its kind worded: `matter 2026-000077` →
    /// `事项 2026-000077`.
    pub fn audit_record(self, record: &str) -> String {
        let (kind, rest) = record.split_once(' ').unwrap_or((record, ""));
        match RECORDS.iter().find(|(code, ..)| *code == kind) {
            Some((_, zh, en)) => {
                let word = if self == Lang::Zh { zh } else { en };
                if rest.is_empty() {
                    word.to_string()
                } else {
                    format!("{word} {rest}")
                }
            }
            None => record.to_string(),
        }
    }

    /// An audit entry's `what`, worded for this language.
    pub fn audit_what(self, what: &str) -> String {
        if let Some(s) = self.step_line(what) {
            return s;
        }
        for (stored, zh) in PHRASES.iter().chain(super::cases::AUDIT_PHRASES) {
            if let Some(parts) = holes(stored, what) {
                let out = if self == Lang::Zh { zh } else { stored };
                let parts: Vec<String> = parts.iter().map(|p| self.part_list(p)).collect();
                return fill(out, &parts);
            }
        }
        self.part_list(what)
    }

    /// `accept → in_progress, kind appeal, unit wjj`: the step, the state it
    /// led to, and what it carried.
    fn step_line(self, what: &str) -> Option<String> {
        let (step, rest) = what.split_once(" → ")?;
        let step = Step::from_code(step)?;
        let (state, parts) = rest.split_once(", ").unwrap_or((rest, ""));
        let state = MatterState::from_code(state)?;
        let mut s = match self {
            Lang::Zh => format!("{}，转为{}", self.step(step), self.state(state)),
            Lang::En => format!("{} → {}", self.step(step), self.state(state)),
        };
        if !parts.is_empty() {
            s.push_str(self.list_sep());
            s.push_str(&self.part_list(parts));
        }
        Some(s)
    }

    fn list_sep(self) -> &'static str {
        match self {
            Lang::Zh => "，",
            Lang::En => ", ",
        }
    }

    /// A comma-separated list, each part worded alone.
    fn part_list(self, list: &str) -> String {
        let parts: Vec<String> = list.split(", ").map(|p| self.part(p)).collect();
        parts.join(self.list_sep())
    }

    fn part(self, part: &str) -> String {
        for (stored, zh) in PARTS {
            if let Some(holes) = holes(stored, part) {
                let out = if self == Lang::Zh { zh } else { stored };
                let words: Vec<String> = holes.iter().map(|h| self.term(h)).collect();
                return fill(out, &words);
            }
        }
        self.term(part)
    }

    /// A code as a word of this language; anything else as it is.
    fn term(self, s: &str) -> String {
        macro_rules! first_code {
            ($($ty:ty),*) => {
                None$(.or_else(|| <$ty>::from_code(s).map(|c| if self == Lang::Zh { c.zh() } else { c.en() })))*
            };
        }
        let word: Option<&str> = first_code!(
            Step,
            MatterState,
            Role,
            Satisfaction,
            Opinion,
            MatterKind,
            DeliveryMethod,
            Channel,
            Level
        );
        // A key case's codes, worded too (`long_standing` is a code).
        use crate::domain::case::{CaseLogKind, CaseSource, CaseStatus};
        let case_word = || {
            let zh = self == Lang::Zh;
            CaseSource::from_code(s)
                .map(|c| if zh { c.zh() } else { c.en() })
                .or_else(|| CaseLogKind::from_code(s).map(|c| if zh { c.zh() } else { c.en() }))
                .or_else(|| CaseStatus::from_code(s).map(|c| if zh { c.zh() } else { c.en() }))
        };
        word.or_else(case_word)
            .map_or_else(|| s.to_string(), str::to_string)
    }
}

/// The parts of `text` standing where `pattern` has `{}`, if it has that
/// shape. Literal text between parts is found at its first occurrence.
fn holes<'t>(pattern: &str, text: &'t str) -> Option<Vec<&'t str>> {
    let lits: Vec<&str> = pattern.split("{}").collect();
    let mut rest = text.strip_prefix(lits[0])?;
    if lits.len() == 1 {
        return rest.is_empty().then(Vec::new);
    }
    let mut parts = Vec::new();
    for (i, lit) in lits.iter().enumerate().skip(1) {
        if i == lits.len() - 1 {
            parts.push(rest.strip_suffix(lit)?);
        } else {
            let at = rest.find(lit)?;
            parts.push(&rest[..at]);
            rest = &rest[at + lit.len()..];
        }
    }
    Some(parts)
}

/// `pattern` with its `{}` replaced by `parts` in order.
fn fill(pattern: &str, parts: &[String]) -> String {
    let mut out = String::new();
    let mut parts = parts.iter();
    let mut pieces = pattern.split("{}");
    if let Some(first) = pieces.next() {
        out.push_str(first);
    }
    for piece in pieces {
        if let Some(p) = parts.next() {
            out.push_str(p);
        }
        out.push_str(piece);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_and_their_particulars_are_worded() {
        let what = "accept → in_progress, kind appeal, unit wjj, 60 days";
        assert_eq!(
            Lang::Zh.audit_what(what),
            "受理，转为办理中，分类：申诉求决类，单位 wjj，60天"
        );
        assert_eq!(
            Lang::En.audit_what(what),
            "accept → in progress, kind appeal, unit wjj, 60 days"
        );
        assert_eq!(
            Lang::Zh.audit_what("deliver → replied, reply by in_person"),
            "送达，转为已答复，答复（直接送达）"
        );
    }

    #[test]
    fn whole_phrases_keep_what_they_carry() {
        assert_eq!(Lang::Zh.audit_what("looked up 王*"), "查询“王*”");
        assert_eq!(
            Lang::Zh.audit_what("imported: added: 张丽, receptionist, unit xfj"),
            "导入：新增：张丽，接待员，单位 xfj"
        );
        assert_eq!(
            Lang::Zh.audit_what("imported: role admin (was handler), disabled"),
            "导入：角色 管理员（原 承办人），已停用"
        );
        assert_eq!(
            Lang::Zh.audit_what(
                "imported 2 reference records, 1 petitioners, 1 matters, 1 contacts, 0 events, 3 notices from a.jsonl"
            ),
            "导入基础数据 2 条、信访人 1 名、事项 1 件、信访记录 1 次、办理记录 0 条，文书 3 份，文件 a.jsonl"
        );
        assert_eq!(Lang::Zh.audit_record("petitioner 171"), "信访人 171");
        assert_eq!(Lang::Zh.audit_record("lookup"), "查询");
    }

    #[test]
    fn a_phrase_it_does_not_know_is_shown_as_stored() {
        assert_eq!(Lang::Zh.audit_what("something new"), "something new");
        assert_eq!(Lang::Zh.audit_record("ledger 7"), "ledger 7");
    }
}
