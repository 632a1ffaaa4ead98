//! `xfdesk audit` (the audit trail, filtered, as a table or JSON) and
//! `xfdesk staff …` (the staff list and its changes).

use crate::domain::text::escape_controls;
use crate::domain::{AuditEntry, Role, Staff};
use crate::i18n::Lang;
use crate::report::table;
use crate::service::audit::AuditFilter;
use crate::service::{DeskApi, ServiceError};
use clap::{Args, Subcommand};
use std::io::Write;
use time::macros::format_description;
use time::{Date, UtcOffset};

type Result<T> = std::result::Result<T, ServiceError>;

/// Which entries to show; every condition given must hold.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Entries by this staff login
    #[arg(long)]
    pub login: Option<String>,
    /// Entries about the petitioner with this ID number and about their matters
    #[arg(long, value_name = "IDNUMBER")]
    pub petitioner: Option<String>,
    /// From this day (YYYY-MM-DD, the desk's time zone), inclusive
    #[arg(long, value_name = "DATE", value_parser = super::report::parse_date)]
    pub from: Option<Date>,
    /// Up to this day (YYYY-MM-DD), inclusive
    #[arg(long, value_name = "DATE", value_parser = super::report::parse_date)]
    pub to: Option<Date>,
    /// One JSON array, oldest entry first
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Every staff member, disabled logins too
    List {
        #[arg(long)]
        json: bool,
    },
    /// Add a staff member; LOGIN is their Unix user name
    Add {
        login: String,
        /// Display name
        #[arg(long)]
        name: String,
        /// receptionist, handler, supervisor, leader or admin
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// Their unit's code
        #[arg(long, value_name = "CODE")]
        unit: Option<String>,
    },
    /// Disable a login: it can no longer open the database
    Disable { login: String },
    /// Let a disabled login open the database again
    Enable { login: String },
    /// Give a login another role
    Role {
        login: String,
        #[arg(value_parser = parse_role)]
        role: Role,
    },
}

fn parse_role(s: &str) -> std::result::Result<Role, String> {
    Role::from_code(s).ok_or_else(|| format!("not a role (one of {})", Role::codes()))
}

/// Usage checks that need no database: a period that ends before it starts.
pub fn check_audit_usage(args: &AuditArgs) {
    if let (Some(from), Some(to)) = (args.from, args.to) {
        if from > to {
            super::report::usage(
                clap::error::ErrorKind::ValueValidation,
                format!("--from {from} is after --to {to}"),
            );
        }
    }
}

/// One entry as `--json` prints it: the time in the desk's zone.
#[derive(serde::Serialize)]
struct EntryJson<'a> {
    at: String,
    by: &'a str,
    record: String,
    what: String,
}

pub fn audit(desk: &dyn DeskApi, args: AuditArgs, lang: Lang) -> Result<()> {
    let filter = AuditFilter {
        login: args.login,
        petitioner: args.petitioner,
        matter: None,
        from: args.from,
        to: args.to,
    };
    let page = desk.audit_query(filter, usize::MAX)?;
    super::tell_cut(&page, lang.text().newest_entries);
    let entries = page.rows;
    let tz = desk.tz();
    let text = if args.json {
        let rows: Vec<EntryJson> = entries
            .iter()
            .map(|e| EntryJson {
                at: e.at.rfc3339(tz),
                by: &e.by,
                // Entries of older releases were stored unescaped.
                record: escape_controls(&e.record),
                what: escape_controls(&e.what),
            })
            .collect();
        let mut s = serde_json::to_string(&rows).expect("audit entries serialise");
        s.push('\n');
        s
    } else if entries.is_empty() {
        format!("{}\n", lang.text().no_audit_entries)
    } else {
        audit_table(&entries, tz, lang)
    };
    print(&text)
}

fn audit_table(entries: &[AuditEntry], tz: UtcOffset, lang: Lang) -> String {
    let t = lang.text();
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            vec![
                local_time(e, tz),
                e.by.clone(),
                escape_controls(&lang.audit_record(&e.record)),
                escape_controls(&lang.audit_what(&e.what)),
            ]
        })
        .collect();
    table::render(&[t.time, t.by, t.record, t.what], &rows)
}

/// `2026-03-02 09:15:00` in the desk's time zone.
fn local_time(e: &AuditEntry, tz: UtcOffset) -> String {
    e.at.to_datetime(tz)
        .format(format_description!(
            "[year]-[month]-[day] [hour]:[minute]:[second]"
        ))
        .unwrap_or_else(|_| e.at.rfc3339(tz))
}

/// Writes `text` to standard output; a closed pipe is an error the caller
/// reports (or ignores, for `| head`).
fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|_| out.flush())
        .map_err(|e| ServiceError::Io {
            path: "standard output".into(),
            source: e,
        })
}

pub fn staff(desk: &dyn DeskApi, command: StaffCommand, lang: Lang) -> Result<()> {
    let t = lang.text();
    let (said, changed) = match command {
        StaffCommand::List { json } => {
            let staff = desk.staff_list()?;
            let text = if json {
                let mut s = serde_json::to_string(&staff).expect("staff serialise");
                s.push('\n');
                s
            } else {
                staff_table(&staff, lang)
            };
            return print(&text);
        }
        StaffCommand::Add {
            login,
            name,
            role,
            unit,
        } => (t.staff_added, desk.staff_add(login, name, role, unit)?),
        StaffCommand::Disable { login } => (t.staff_disabled, desk.staff_disable(login)?),
        StaffCommand::Enable { login } => (t.staff_enabled, desk.staff_enable(login)?),
        StaffCommand::Role { login, role } => (t.staff_role_set, desk.staff_role(login, role)?),
    };
    print(&format!("{said}: {}\n", staff_line(&changed, lang)))
}

/// `zhangli 张丽 接待员 xfj`: one staff member in a line.
fn staff_line(s: &Staff, lang: Lang) -> String {
    let mut line = format!("{} {} {}", s.login, s.name, lang.role(s.role));
    if let Some(u) = &s.unit {
        line.push_str(&format!(" {u}"));
    }
    if s.disabled {
        line.push_str(&format!(" ({})", lang.text().login_disabled));
    }
    line
}

fn staff_table(staff: &[Staff], lang: Lang) -> String {
    let t = lang.text();
    let rows: Vec<Vec<String>> = staff
        .iter()
        .map(|s| {
            vec![
                s.login.clone(),
                s.name.clone(),
                lang.role(s.role).to_string(),
                s.unit.clone().unwrap_or_default(),
                if s.disabled {
                    t.login_disabled
                } else {
                    t.login_active
                }
                .to_string(),
            ]
        })
        .collect();
    table::render(&[t.login, t.name, t.role, t.a_unit, t.status], &rows)
}
