//! `xfdesk notice`: issue a written notice for a matter and write it (text
//! or DOCX, never over an existing file) or print it; list a matter's
//! notices, reprint one by its number, list those not yet delivered, or
//! check a directory of templates.

use crate::domain::notice::Printable;
use crate::domain::{DeliveryMethod, LedgerNo, NoticeKind};
use crate::i18n::{notice_words, Lang};
use crate::service::{DeskApi, ServiceError};
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum NoticeFormat {
    #[default]
    Text,
    Docx,
}

#[derive(Debug, clap::Args)]
pub struct NoticeArgs {
    /// The matter's ledger number (2026-000123)
    pub ledger: Option<String>,
    /// receipt, accept, reject, forward, redirect, extend, reply, review,
    /// rereview, reminder or directive
    pub kind: Option<String>,
    /// Write the notice here (mode 0600; an existing file is refused)
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t)]
    pub format: NoticeFormat,
    /// Send it to the office's print command (xfdesk office set print_command …)
    #[arg(long)]
    pub print: bool,
    /// List the matter's notices with their numbers and delivery
    #[arg(long)]
    pub list: bool,
    /// Print or write again the notice with this document number, as issued
    #[arg(long, value_name = "NUMBER")]
    pub reprint: Option<String>,
    /// Record that the notice with this document number reached the
    /// petitioner (with --method, and --on when not today)
    #[arg(long, value_name = "NUMBER", requires = "method")]
    pub deliver: Option<String>,
    /// How it was delivered: in_person, post, sms or online
    #[arg(long)]
    pub method: Option<String>,
    /// The day it was delivered (YYYY-MM-DD) [default: today]
    #[arg(long, value_name = "DATE", requires = "deliver")]
    pub on: Option<String>,
    /// List every notice issued and not yet delivered
    #[arg(long)]
    pub undelivered: bool,
    /// Check a directory of the office's templates (<kind>.txt) and say what is wrong
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

fn invalid(s: impl Into<String>) -> ServiceError {
    ServiceError::Invalid(s.into())
}

/// Checks a templates directory without opening the database.
pub fn check_templates(dir: &Path, lang: Lang) -> Result<String, ServiceError> {
    crate::service::notice::load_templates(Some(dir))?;
    Ok(format!(
        "{}: {}\n",
        notice_words(lang).templates_ok,
        dir.display()
    ))
}

/// The command: a templates check needs no database; everything else
/// opens a desk. What it prints goes to standard output.
pub fn command(
    a: NoticeArgs,
    open: impl FnOnce() -> Result<Box<dyn DeskApi>, ServiceError>,
    lang: Lang,
) -> Result<std::process::ExitCode, ServiceError> {
    use std::io::Write;
    let out = match &a.templates {
        Some(dir) => check_templates(dir, lang)?,
        None => run(&*open()?, a, lang)?,
    };
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|source| ServiceError::Io {
            path: "standard output".into(),
            source,
        })?;
    Ok(std::process::ExitCode::SUCCESS)
}

pub fn run(desk: &dyn DeskApi, a: NoticeArgs, lang: Lang) -> Result<String, ServiceError> {
    let t = notice_words(lang);
    if a.undelivered {
        return undelivered(desk, lang);
    }
    let ledger = a
        .ledger
        .as_deref()
        .ok_or_else(|| invalid(t.usage))
        .and_then(|l| {
            LedgerNo::parse(l.trim())
                .ok_or_else(|| invalid(format!("{l:?} is not a ledger number (e.g. 2026-000123)")))
        })?;
    if a.list {
        return list(desk, ledger, lang);
    }
    if let Some(doc_no) = &a.deliver {
        return deliver(desk, ledger, doc_no, &a, lang);
    }
    // Where it goes is checked before anything is issued.
    if a.format == NoticeFormat::Docx && a.out.is_none() && !a.print {
        return Err(invalid(t.docx_needs_out));
    }
    if let Some(out) = &a.out {
        let dir = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        if !dir.is_dir() {
            return Err(ServiceError::Io {
                path: dir.to_path_buf(),
                source: std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "no such directory; nothing was issued",
                ),
            });
        }
        if out.symlink_metadata().is_ok() {
            return Err(ServiceError::Io {
                path: out.clone(),
                source: std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    "already exists; nothing was issued (choose another name)",
                ),
            });
        }
    }
    let print_command = if a.print {
        Some(desk.notice_settings()?.print_command)
            .filter(|c| !c.trim().is_empty())
            .ok_or_else(|| invalid(t.no_print_command))?
            .into()
    } else {
        None
    };
    let (p, said) = match (&a.reprint, &a.kind) {
        (Some(doc_no), _) => (desk.reprint(ledger, doc_no.clone())?, t.reprinted),
        (None, Some(kind)) => {
            let kind = NoticeKind::from_code(kind.trim()).ok_or_else(|| {
                invalid(format!(
                    "{kind:?} is not a kind of notice ({})",
                    NoticeKind::codes()
                ))
            })?;
            (desk.issue_notice(ledger, kind)?, t.issued)
        }
        (None, None) => return Err(invalid(t.usage)),
    };
    output(&p, &a, print_command.as_deref(), said, lang)
}

/// Writes, prints or returns the notice, and says what was done.
fn output(
    p: &Printable,
    a: &NoticeArgs,
    print_command: Option<&str>,
    said: &str,
    lang: Lang,
) -> Result<String, ServiceError> {
    let t = notice_words(lang);
    let bytes = match a.format {
        NoticeFormat::Text => crate::report::notice::text(p).into_bytes(),
        NoticeFormat::Docx => crate::report::notice::docx(p).map_err(invalid)?,
    };
    let mut out = format!("{said} {} {}\n", p.notice.kind.zh(), p.notice.doc_no);
    if let Some(path) = &a.out {
        crate::secure_file::write_new(path, &bytes)?;
        out.push_str(&format!("{} {}\n", t.written_to, path.display()));
    }
    if let Some(cmd) = print_command {
        let ext = match a.format {
            NoticeFormat::Text => "txt",
            NoticeFormat::Docx => "docx",
        };
        // The notice is on record by now: say so, and how to print it again.
        crate::printer::print(cmd, &bytes, ext, lang).map_err(|e| {
            invalid(format!(
                "{e}; {} {} {}: xfdesk notice {} --reprint {} --print",
                said,
                p.notice.kind.zh(),
                p.notice.doc_no,
                p.notice.ledger,
                p.notice.doc_no
            ))
        })?;
        out.push_str(&format!("{}: {cmd}\n", t.printed));
    }
    if a.out.is_none() && print_command.is_none() {
        // The notice alone on standard output; what was done on stderr.
        eprint!("{out}");
        return Ok(String::from_utf8_lossy(&bytes).into_owned());
    }
    Ok(out)
}

fn when(desk: &dyn DeskApi, ts: crate::domain::Ts) -> String {
    let dt = ts.to_datetime(desk.tz());
    format!("{} {:02}:{:02}", dt.date(), dt.hour(), dt.minute())
}

fn list(desk: &dyn DeskApi, ledger: LedgerNo, lang: Lang) -> Result<String, ServiceError> {
    let t = notice_words(lang);
    let notices = desk.notices_of(ledger)?;
    if notices.is_empty() {
        return Ok(format!("{}\n", t.none));
    }
    let mut out = t.header.join("\t") + "\n";
    for n in notices {
        let delivery = match &n.delivery {
            Some(d) => format!("{} {}", d.method.zh(), when(desk, d.at)),
            None => t.not_delivered.to_string(),
        };
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{delivery}\n",
            n.doc_no,
            n.kind.zh(),
            when(desk, n.issued_at),
            n.by
        ));
    }
    Ok(out)
}

fn deliver(
    desk: &dyn DeskApi,
    ledger: LedgerNo,
    doc_no: &str,
    a: &NoticeArgs,
    lang: Lang,
) -> Result<String, ServiceError> {
    let method = a.method.as_deref().unwrap_or_default().trim();
    let method = DeliveryMethod::from_code(method).ok_or_else(|| {
        invalid(format!(
            "--method {method:?} is not a way of delivery ({})",
            DeliveryMethod::codes()
        ))
    })?;
    let on = match &a.on {
        None => None,
        Some(d) => Some(
            time::Date::parse(
                d.trim(),
                time::macros::format_description!("[year]-[month]-[day]"),
            )
            .map_err(|_| invalid(format!("--on {d:?} is not a date (YYYY-MM-DD)")))?,
        ),
    };
    let n = desk.deliver_notice(ledger, doc_no.to_string(), method, on)?;
    let when = n
        .delivery
        .as_ref()
        .map(|d| when(desk, d.at))
        .unwrap_or_default();
    Ok(format!(
        "{} {} {}: {} {when}\n",
        notice_words(lang).delivered,
        n.kind.zh(),
        n.doc_no,
        method.zh()
    ))
}

fn undelivered(desk: &dyn DeskApi, lang: Lang) -> Result<String, ServiceError> {
    let t = notice_words(lang);
    let rows = desk.undelivered_notices()?;
    if rows.is_empty() {
        return Ok(format!("{}\n", t.none_undelivered));
    }
    let mut out = t.undelivered_header.join("\t") + "\n";
    for u in rows {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\n",
            u.ledger,
            u.doc_no,
            u.kind.zh(),
            when(desk, u.issued_at),
            u.by
        ));
    }
    Ok(out)
}
