//! `xfdesk demo`: a throwaway database loaded with the demo office.

use super::{desk_screens, io_err, lookup, stdout_err, Ctx, Result};
use crate::i18n::Lang;
use crate::service::{current_unix_user, Desk};
use crate::store::OpenOptions;
use std::io::Write;
use std::process::ExitCode;

/// The demo's data, built into the binary so `xfdesk demo` works anywhere.
pub const DEMO_JSONL: &str = include_str!("../../../fixtures/demo.jsonl");
/// The demo's key cases, supervision letters and reception rota, written by
/// hand on the generated office's matters (refs of `DEMO_JSONL`).
pub const DEMO_CASES_JSONL: &str = include_str!("../../../fixtures/demo-cases.jsonl");

pub(super) fn demo_command(ctx: &Ctx) -> Result<ExitCode> {
    let desk = demo(&ctx.opts, ctx.lang)?;
    if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        let log = desk.store().path().with_file_name("xfdesk.log");
        desk_screens(&desk, ctx.lang, &ctx.keys, ctx.theme, &log)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Creates a throwaway database with the demo data and says where it is; when
/// not on a terminal, shows a sample lookup instead of the screens.
fn demo(opts: &OpenOptions, lang: Lang) -> Result<Desk> {
    let t = lang.text();
    let dir = std::env::temp_dir().join(format!("xfdesk-demo-{}", std::process::id()));
    let db = dir.join("db");
    std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
    let user = current_unix_user();
    let desk = Desk::init(&db, opts, &user)?;
    // The State Council's schedules this release ships, as an office loads them.
    desk.set_holidays(crate::service::holidays::shipped())?;
    let s = desk.import_sources(vec![
        (
            "fixtures/demo.jsonl".into(),
            Box::new(DEMO_JSONL.as_bytes()),
        ),
        (
            "fixtures/demo-cases.jsonl".into(),
            Box::new(DEMO_CASES_JSONL.as_bytes()),
        ),
    ])?;
    outln!(
        "{} {} ({})",
        t.demo_created,
        db.display(),
        lang.record_counts(s.petitioners, s.matters, s.contacts)
    );
    if !std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        let sample = desk.lookup("王", 5)?;
        out!(
            "{}",
            lookup::lookup_table(&sample, lang, &super::super::report::names(&desk)?)
        );
        outln!(
            "{}: XFDESK_DB={} xfdesk lookup zs | xfdesk overdue",
            t.demo_try,
            db.display()
        );
    }
    Ok(desk)
}
