//! `xfdesk supervise …` and `xfdesk reception …`: supervision letters
//! (督查督办) and the leaders' reception rota (领导接访日).

use super::cases::{code_parser, code_word, parse_ledger, print};
use super::report::parse_date;
use crate::domain::supervision::{ReceptionDay, Supervision, SupervisionKind};
use crate::domain::{LedgerNo, Level};
use crate::i18n::cases::{case_words, CaseWords};
use crate::i18n::Lang;
use crate::report::{json, table::render};
use crate::service::cases::supervise::{LetterDraft, LetterOnly};
use crate::service::{DeskApi, ServiceError};
use clap::Subcommand;
use time::Date;

type Result<T> = std::result::Result<T, ServiceError>;

code_parser!(parse_letter, SupervisionKind);
code_parser!(parse_level, Level);

#[derive(Debug, Subcommand)]
pub enum SuperviseCommand {
    /// Issue a reminder or a directive to a unit about a matter (supervisors)
    Issue {
        #[arg(value_parser = parse_ledger)]
        matter: LedgerNo,
        #[arg(long, value_parser = parse_letter)]
        kind: SupervisionKind,
        /// 挂牌 level of a directive
        #[arg(long, value_parser = parse_level)]
        level: Option<Level>,
        #[arg(long)]
        unit: String,
        #[arg(long, value_parser = parse_date)]
        reply_due: Date,
    },
    /// Record the unit's reply
    Reply {
        id: u64,
        #[arg(long, value_parser = parse_date)]
        on: Option<Date>,
        #[arg(long)]
        note: String,
    },
    /// Unanswered letters (--overdue: past their reply date; --all: every one)
    List {
        #[arg(long)]
        unit: Option<String>,
        #[arg(long, conflicts_with = "all")]
        overdue: bool,
        #[arg(long)]
        all: bool,
        #[arg(long, value_parser = parse_date)]
        as_of: Option<Date>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReceptionCommand {
    /// Put a leader's session on the rota, or change it (supervisors)
    Add {
        #[arg(value_parser = parse_date)]
        date: Date,
        #[arg(long)]
        leader: String,
        #[arg(long)]
        place: String,
        /// Unit codes present, comma-separated
        #[arg(long, value_delimiter = ',')]
        units: Vec<String>,
    },
    Remove {
        #[arg(value_parser = parse_date)]
        date: Date,
        #[arg(long)]
        leader: String,
    },
    List {
        #[arg(long, value_parser = parse_date)]
        from: Option<Date>,
        #[arg(long, value_parser = parse_date)]
        to: Option<Date>,
        #[arg(long)]
        json: bool,
    },
}

/// A letter as `--json` shows it: its number, then its interchange fields.
fn letter_json(s: &Supervision) -> serde_json::Value {
    serde_json::json!({
        "id": s.id,
        "matter": s.matter.to_string(),
        "kind": s.kind.code(),
        "level": s.level.map(|l| l.code()),
        "unit": s.unit,
        "issued": s.issued.to_string(),
        "reply_due": s.reply_due.to_string(),
        "replied": s.replied.map(|d| d.to_string()),
        "reply_note": s.reply_note,
        "by": s.by,
    })
}

fn letter_table(letters: &[Supervision], w: &CaseWords, lang: Lang) -> String {
    let rows: Vec<Vec<String>> = letters
        .iter()
        .map(|s| {
            vec![
                s.id.to_string(),
                s.matter.to_string(),
                code_word(s.kind.zh(), s.kind.en(), lang),
                s.level
                    .map(|l| code_word(l.zh(), l.en(), lang))
                    .unwrap_or_default(),
                s.unit.clone(),
                s.issued.to_string(),
                s.reply_due.to_string(),
                s.replied.map(|d| d.to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    let header = [
        "#",
        w.matter,
        w.kind,
        w.level,
        w.unit,
        w.issued,
        w.reply_due,
        w.replied,
    ];
    render(&header, &rows)
}

pub fn supervise(desk: &dyn DeskApi, command: SuperviseCommand, lang: Lang) -> Result<()> {
    let w = case_words(lang);
    let today = desk.today();
    let letters = match command {
        SuperviseCommand::Issue {
            matter,
            kind,
            level,
            unit,
            reply_due,
        } => vec![desk.issue_supervision(LetterDraft {
            matter,
            kind,
            level,
            unit,
            reply_due,
        })?],
        SuperviseCommand::Reply { id, on, note } => {
            vec![desk.reply_supervision(id, on.unwrap_or(today), note)?]
        }
        SuperviseCommand::List {
            unit,
            overdue,
            all,
            as_of,
            json: j,
        } => {
            let only = match (overdue, all) {
                (true, _) => LetterOnly::Overdue,
                (_, true) => LetterOnly::Every,
                _ => LetterOnly::Unanswered,
            };
            let letters = desk.supervisions(unit, only, as_of.unwrap_or(today))?;
            if j {
                let rows: Vec<serde_json::Value> = letters.iter().map(letter_json).collect();
                print!("{}", json(&rows));
                return Ok(());
            }
            if letters.is_empty() {
                println!("{}", w.no_letters);
                return Ok(());
            }
            letters
        }
    };
    print(&letter_table(&letters, w, lang));
    Ok(())
}

pub fn reception(desk: &dyn DeskApi, command: ReceptionCommand, lang: Lang) -> Result<()> {
    let w = case_words(lang);
    let days = match command {
        ReceptionCommand::Add {
            date,
            leader,
            place,
            units,
        } => vec![desk.set_reception_day(ReceptionDay {
            date,
            leader,
            place,
            units,
        })?],
        ReceptionCommand::Remove { date, leader } => {
            desk.remove_reception_day(date, leader)?;
            println!("{}", w.saved);
            return Ok(());
        }
        ReceptionCommand::List { from, to, json: j } => {
            let days = desk.reception_days(from.unwrap_or(Date::MIN), to.unwrap_or(Date::MAX))?;
            if j {
                let rows: Vec<crate::interchange::ReceptionDayLine> = days
                    .into_iter()
                    .map(|d| crate::interchange::ReceptionDayLine {
                        date: d.date.to_string(),
                        leader: d.leader,
                        place: d.place,
                        units: d.units,
                    })
                    .collect();
                print!("{}", json(&rows));
                return Ok(());
            }
            if days.is_empty() {
                println!("{}", w.no_sessions);
                return Ok(());
            }
            days
        }
    };
    let rows: Vec<Vec<String>> = days
        .iter()
        .map(|d| {
            vec![
                d.date.to_string(),
                d.leader.clone(),
                d.place.clone(),
                d.units.join(","),
            ]
        })
        .collect();
    print(&render(&[w.date, w.leader, w.place, w.units], &rows));
    Ok(())
}
