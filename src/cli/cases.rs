//! `xfdesk case …`, `xfdesk supervise …`, `xfdesk reception …`: key cases,
//! supervision letters and the reception rota from the command line.

use super::report::parse_date;
use crate::domain::case::{Case, CaseDraft, CaseLogKind, CaseSource, CaseStatus};
use crate::domain::keylist::WatchStatus;
use crate::domain::{LedgerNo, PetitionerId};
use crate::i18n::cases::{case_words, CaseWords};
use crate::i18n::Lang;
use crate::report::{json, table::render};
use crate::service::cases::lists::{CaseOnly, CaseWho};
use crate::service::{DeskApi, ServiceError};
use clap::{Args, Subcommand};
use time::Date;

type Result<T> = std::result::Result<T, ServiceError>;

pub(super) fn parse_ledger(s: &str) -> std::result::Result<LedgerNo, String> {
    LedgerNo::parse(s).ok_or_else(|| "not a ledger number of the form 2026-000123".into())
}

/// A clap parser of an interchange code.
macro_rules! code_parser {
    ($name:ident, $ty:ty) => {
        fn $name(s: &str) -> std::result::Result<$ty, String> {
            <$ty>::from_code(s).ok_or_else(|| format!("one of {}", <$ty>::codes()))
        }
    };
}
pub(super) use code_parser;
code_parser!(parse_source, CaseSource);
code_parser!(parse_status, CaseStatus);
code_parser!(parse_kind, CaseLogKind);
code_parser!(parse_watch, WatchStatus);

/// The four 定 and where the case came from.
#[derive(Debug, Args)]
pub struct DraftArgs {
    /// 包案领导: a staff login with the role leader
    #[arg(long)]
    leader: Option<String>,
    /// 化解措施
    #[arg(long)]
    measures: Option<String>,
    /// 化解时限 (YYYY-MM-DD)
    #[arg(long, value_parser = parse_date)]
    due: Option<Date>,
    /// 责任单位 (unit code)
    #[arg(long)]
    unit: Option<String>,
    /// 责任人 (staff login)
    #[arg(long)]
    owner: Option<String>,
    /// assigned, screened, repeat or long_standing [default: screened]
    #[arg(long, value_parser = parse_source)]
    source: Option<CaseSource>,
    /// The higher body that assigned it (上级交办)
    #[arg(long)]
    assigned_by: Option<String>,
    /// Its number for the case
    #[arg(long)]
    assigned_no: Option<String>,
}

impl DraftArgs {
    fn draft(self) -> CaseDraft {
        CaseDraft {
            source: self.source,
            assigned_by: self.assigned_by,
            assigned_no: self.assigned_no,
            leader: self.leader,
            measures: self.measures,
            due: self.due,
            unit: self.unit,
            owner: self.owner,
        }
    }
}

/// Whose cases, and which.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// The cases I am in charge of (leaders)
    #[arg(long, conflicts_with_all = ["my_unit", "leader", "unit"])]
    mine: bool,
    /// My unit's cases (handlers)
    #[arg(long, conflicts_with_all = ["leader", "unit"])]
    my_unit: bool,
    #[arg(long, conflicts_with = "unit")]
    leader: Option<String>,
    #[arg(long)]
    unit: Option<String>,
    /// Only open cases past their deadline
    #[arg(long, conflicts_with_all = ["status", "all"])]
    overdue: bool,
    #[arg(long, value_parser = parse_status, conflicts_with = "all")]
    status: Option<CaseStatus>,
    /// Cleared cases too
    #[arg(long)]
    all: bool,
    #[arg(long, value_parser = parse_date)]
    as_of: Option<Date>,
    #[arg(long, default_value_t = 1000)]
    limit: usize,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Subcommand)]
pub enum CaseCommand {
    /// Open a key case on a matter (supervisors); --from-session takes the
    /// leader from the reception rota of the matter's latest visit
    Open {
        #[arg(value_parser = parse_ledger)]
        matter: LedgerNo,
        #[command(flatten)]
        draft: DraftArgs,
        #[arg(long)]
        from_session: bool,
    },
    /// Hand a case to another leader (supervisors)
    Leader {
        #[arg(value_parser = parse_ledger)]
        matter: LedgerNo,
        login: String,
    },
    /// Add a log entry: investigate, handle or stabilise
    Log {
        #[arg(value_parser = parse_ledger)]
        matter: LedgerNo,
        #[arg(long, value_parser = parse_kind)]
        kind: CaseLogKind,
        #[arg(long)]
        note: String,
    },
    /// Change the status: resolved, settled, stabilised, open
    Status {
        #[arg(value_parser = parse_ledger)]
        matter: LedgerNo,
        #[arg(value_parser = parse_status)]
        status: CaseStatus,
        #[arg(long)]
        reason: Option<String>,
    },
    /// 销号 (supervisors, with a reason)
    Clear {
        #[arg(value_parser = parse_ledger)]
        matter: LedgerNo,
        #[arg(long)]
        reason: String,
    },
    /// Cases sorted by deadline
    List(ListArgs),
    Show {
        #[arg(value_parser = parse_ledger)]
        matter: LedgerNo,
        #[arg(long)]
        json: bool,
    },
    /// Matters that look like key cases
    Candidates {
        #[arg(long, value_parser = parse_date)]
        as_of: Option<Date>,
        #[arg(long)]
        json: bool,
    },
    /// The 上访老户 / key-person list
    Keylist {
        #[arg(long, value_parser = parse_date)]
        as_of: Option<Date>,
        #[arg(long)]
        json: bool,
    },
    /// Name the person responsible for someone on the list; --key-person
    /// flags them a key person with that reason (supervisors)
    Watch {
        /// Their ID number, or `#` and their number on file
        person: String,
        #[arg(long)]
        responsible: String,
        #[arg(long, value_parser = parse_watch)]
        status: WatchStatus,
        #[arg(long)]
        key_person: Option<String>,
    },
}

/// A case as `--json` shows it: codes, dates and ledger numbers as text.
#[derive(serde::Serialize)]
struct CaseJson {
    matter: String,
    source: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    assigned_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    assigned_no: Option<String>,
    leader: String,
    measures: String,
    due: String,
    unit: String,
    owner: String,
    opened: String,
    status: &'static str,
    overdue: bool,
    log: Vec<crate::interchange::CaseLogLine>,
}

fn case_json(c: &Case, today: Date, tz: time::UtcOffset) -> CaseJson {
    CaseJson {
        matter: c.matter.to_string(),
        source: c.source.code(),
        assigned_by: c.assigned_by.clone(),
        assigned_no: c.assigned_no.clone(),
        leader: c.leader.clone(),
        measures: c.measures.clone(),
        due: c.due.to_string(),
        unit: c.unit.clone(),
        owner: c.owner.clone(),
        opened: c.opened.to_string(),
        status: c.status.code(),
        overdue: c.is_overdue(today),
        log: c
            .log
            .iter()
            .map(|l| crate::interchange::CaseLogLine {
                matter: c.matter.to_string(),
                at: l.at.rfc3339(tz),
                kind: l.kind.code().into(),
                by: l.by.clone(),
                note: l.note.clone(),
            })
            .collect(),
    }
}

fn cases_json(cases: &[Case], today: Date, tz: time::UtcOffset) -> String {
    let all: Vec<CaseJson> = cases.iter().map(|c| case_json(c, today, tz)).collect();
    json(&all)
}

pub(super) fn print(s: &str) {
    print!("{s}");
}

fn case_table(cases: &[Case], today: Date, w: &CaseWords, lang: Lang) -> String {
    let header = [
        w.matter, w.leader, w.unit, w.owner, w.due, w.status, w.overdue,
    ];
    let rows: Vec<Vec<String>> = cases
        .iter()
        .map(|c| {
            vec![
                c.matter.to_string(),
                c.leader.clone(),
                c.unit.clone(),
                c.owner.clone(),
                c.due.to_string(),
                status_word(c.status, lang).to_string(),
                if c.is_overdue(today) { w.yes } else { "" }.to_string(),
            ]
        })
        .collect();
    render(&header, &rows)
}

fn status_word(s: CaseStatus, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => s.zh(),
        Lang::En => s.en(),
    }
}

fn who(a: &ListArgs) -> CaseWho {
    match (&a.leader, &a.unit) {
        _ if a.mine => CaseWho::Mine,
        _ if a.my_unit => CaseWho::MyUnit,
        (Some(l), _) => CaseWho::Leader(l.clone()),
        (_, Some(u)) => CaseWho::Unit(u.clone()),
        _ => CaseWho::All,
    }
}

fn only(a: &ListArgs) -> CaseOnly {
    match a.status {
        _ if a.overdue => CaseOnly::Overdue,
        Some(s) => CaseOnly::Status(s),
        None if a.all => CaseOnly::Every,
        None => CaseOnly::Active,
    }
}

fn person(desk: &dyn DeskApi, typed: &str) -> Result<PetitionerId> {
    if let Some(n) = typed.strip_prefix('#') {
        return n
            .parse()
            .map_err(|_| ServiceError::Invalid(format!("{typed:?} is not # and a number")));
    }
    desk.petitioner_with_id_number(typed.to_string())?
        .ok_or_else(|| ServiceError::NotFound(format!("a petitioner with ID number {typed}")))
}

pub fn case(desk: &dyn DeskApi, command: CaseCommand, lang: Lang) -> Result<()> {
    let w = case_words(lang);
    let today = desk.today();
    let one = |c: Case| print(&case_table(&[c], today, w, lang));
    match command {
        CaseCommand::Open {
            matter,
            draft,
            from_session: true,
        } => {
            let leader = draft.leader.clone();
            one(desk.open_case_from_session(matter, leader, draft.draft())?)
        }
        CaseCommand::Open { matter, draft, .. } => one(desk.open_case(matter, draft.draft())?),
        CaseCommand::Leader { matter, login } => one(desk.assign_case_leader(matter, login)?),
        CaseCommand::Log { matter, kind, note } => one(desk.add_case_log(matter, kind, note)?),
        CaseCommand::Status {
            matter,
            status,
            reason,
        } => one(desk.set_case_status(matter, status, reason)?),
        CaseCommand::Clear { matter, reason } => one(desk.clear_case(matter, reason)?),
        CaseCommand::List(a) => {
            let as_of = a.as_of.unwrap_or(today);
            let page = desk.cases(who(&a), only(&a), as_of, a.limit)?;
            super::tell_cut(&page, lang.text().first_rows);
            match a.json {
                true => print!("{}", cases_json(&page.rows, as_of, desk.tz())),
                false if page.rows.is_empty() => println!("{}", w.no_cases),
                false => print(&case_table(&page.rows, as_of, w, lang)),
            }
        }
        CaseCommand::Show { matter, json: j } => {
            let c = desk
                .case(matter)?
                .ok_or_else(|| ServiceError::NotFound(format!("case of matter {matter}")))?;
            match j {
                true => print!("{}", json(&case_json(&c, today, desk.tz()))),
                false => print(&show_case(&c, w, lang, desk.tz())),
            }
        }
        other => lists(desk, other, lang)?,
    }
    Ok(())
}

/// One case in full: the four 定, then the log and the changes.
fn show_case(c: &Case, w: &CaseWords, lang: Lang, tz: time::UtcOffset) -> String {
    let mut rows = vec![
        vec![w.matter.to_string(), c.matter.to_string()],
        vec![
            w.source.to_string(),
            code_word(c.source.zh(), c.source.en(), lang),
        ],
        vec![w.leader.to_string(), c.leader.clone()],
        vec![w.measures.to_string(), c.measures.clone()],
        vec![w.due.to_string(), c.due.to_string()],
        vec![w.unit.to_string(), c.unit.clone()],
        vec![w.owner.to_string(), c.owner.clone()],
        vec![w.opened.to_string(), c.opened.to_string()],
        vec![
            w.status.to_string(),
            status_word(c.status, lang).to_string(),
        ],
    ];
    for l in &c.log {
        let kind = code_word(l.kind.zh(), l.kind.en(), lang);
        rows.push(vec![
            w.log.to_string(),
            format!("{} {kind} {} {}", l.at.rfc3339(tz), l.by, l.note),
        ]);
    }
    render(&["", ""], &rows)
}

pub(super) fn code_word(zh: &str, en: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => zh.to_string(),
        Lang::En => en.to_string(),
    }
}

/// The matters suggested as key cases.
fn candidates(desk: &dyn DeskApi, as_of: Option<Date>, j: bool, lang: Lang) -> Result<()> {
    let (w, today) = (case_words(lang), desk.today());
    let page = desk.case_candidates(as_of.unwrap_or(today), 1000)?;
    super::tell_cut(&page, lang.text().first_rows);
    if j {
        let rows: Vec<serde_json::Value> = page
            .rows
            .iter()
            .map(|c| {
                serde_json::json!({
                    "matter": c.matter.to_string(),
                    "contacts": c.contacts,
                    "last_contact": c.last_contact.map(|d| d.to_string()),
                    "reasons": c.reasons.iter().map(|r| r.code()).collect::<Vec<_>>(),
                    "source": c.source().code(),
                })
            })
            .collect();
        print!("{}", json(&rows));
        return Ok(());
    }
    let rows: Vec<Vec<String>> = page
        .rows
        .iter()
        .map(|c| {
            let why: Vec<String> = c
                .reasons
                .iter()
                .map(|r| code_word(r.zh(), r.en(), lang))
                .collect();
            let last = c.last_contact.map(|d| d.to_string()).unwrap_or_default();
            vec![
                c.matter.to_string(),
                c.contacts.to_string(),
                last,
                why.join("、"),
            ]
        })
        .collect();
    print(&render(
        &[w.matter, w.contacts, w.last_contact, w.reasons],
        &rows,
    ));
    Ok(())
}

/// The 上访老户 / key-person list.
fn keylist(desk: &dyn DeskApi, as_of: Option<Date>, j: bool, lang: Lang) -> Result<()> {
    let (w, today) = (case_words(lang), desk.today());
    let list = desk.key_person_list(as_of.unwrap_or(today))?;
    if j {
        let rows: Vec<serde_json::Value> = list
            .iter()
            .map(|l| {
                serde_json::json!({
                    "name": l.name,
                    "long_standing": l.long_standing,
                    "key_person": l.key_person,
                    "responsible": l.responsible,
                    "status": l.status.map(|s| s.code()),
                    "last_contact": l.last_contact.map(|d| d.to_string()),
                })
            })
            .collect();
        print!("{}", json(&rows));
        return Ok(());
    }
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|l| {
            let mut marks = Vec::new();
            marks.extend(l.long_standing.then_some(w.long_standing));
            marks.extend(l.key_person.is_some().then_some(w.key_person));
            vec![
                l.name.clone(),
                marks.join(" "),
                l.responsible.clone().unwrap_or_default(),
                l.status
                    .map(|s| code_word(s.zh(), s.en(), lang))
                    .unwrap_or_default(),
                l.last_contact.map(|d| d.to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    let header = [w.name, w.marks, w.responsible, w.status, w.last_contact];
    print(&render(&header, &rows));
    Ok(())
}

/// The candidates, the key-person list and keeping watch.
fn lists(desk: &dyn DeskApi, command: CaseCommand, lang: Lang) -> Result<()> {
    let w = case_words(lang);
    match command {
        CaseCommand::Candidates { as_of, json: j } => candidates(desk, as_of, j, lang)?,
        CaseCommand::Keylist { as_of, json: j } => keylist(desk, as_of, j, lang)?,
        CaseCommand::Watch {
            person: p,
            responsible,
            status,
            key_person,
        } => {
            let id = person(desk, &p)?;
            desk.keep_watch(id, key_person, responsible, status)?;
            println!("{}", w.saved);
        }
        _ => unreachable!("the other case commands are answered by `case`"),
    }
    Ok(())
}
