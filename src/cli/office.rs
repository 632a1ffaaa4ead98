//! `xfdesk office`: the office's settings for its numbers, shown to anyone
//! who may open the database, changed by admins (audited).

use crate::domain::office::KEYS;
use crate::i18n::Lang;
use crate::service::DeskApi;
use crate::service::ServiceError;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum OfficeCommand {
    /// Every setting with its value
    Show,
    /// Change one (admin): skip_level_allowance 0–4, collective_min_headcount (≥ 2),
    /// zero_visit_levels (e.g. county,city,province,national); for notices
    /// office_name, print_command (e.g. "lp -d desk1"), notice_templates (a
    /// directory) and notice_number.KIND (e.g. 清信受〔{year}〕{n}号)
    /// zero_visit_levels (e.g. county,city,province,national), key_list_months (1–120)
    Set { key: String, value: String },
}

/// What each setting means, in the desk's language.
fn meaning(key: &str, lang: Lang) -> &'static str {
    let t = crate::i18n::office_words(lang);
    match key {
        "skip_level_allowance" => t.skip_level_allowance,
        "collective_min_headcount" => t.collective_min_headcount,
        "key_list_months" => crate::i18n::cases::case_words(lang).key_list_months,
        _ => t.zero_visit_levels,
    }
}

pub fn run(
    desk: &dyn DeskApi,
    what: Option<OfficeCommand>,
    lang: Lang,
) -> Result<String, ServiceError> {
    match what.unwrap_or(OfficeCommand::Show) {
        OfficeCommand::Show => {
            let rules = desk.office_rules()?;
            let mut out = String::new();
            for key in KEYS {
                let value = rules.get(key).unwrap_or_default();
                out.push_str(&format!("{key} = {value}    # {}\n", meaning(key, lang)));
            }
            let notices = desk.notice_settings()?;
            for key in crate::domain::notice::settings::keys() {
                let value = notices.get(&key).unwrap_or_default();
                let means = crate::i18n::notice_setting_meaning(&key, lang);
                out.push_str(&format!("{key} = {value}    # {means}\n"));
            }
            Ok(out)
        }
        OfficeCommand::Set { key, value } => {
            let c = desk.set_office_setting(key, value)?;
            let t = crate::i18n::office_words(lang);
            Ok(format!(
                "{}: {} = {} ({} {}); {} {}\n",
                t.setting_changed,
                c.key,
                c.new,
                t.was,
                c.old,
                c.matters_rederived,
                t.matters_rederived
            ))
        }
    }
}
