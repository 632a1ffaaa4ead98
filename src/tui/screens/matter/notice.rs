//! Written notices on the matter screen: `p` lists the kinds that fit the
//! matter now and Enter issues one; after a step that has a notice of its
//! own (and, as a walk-in's matter opens, the receipt) the notice is offered
//! at once: Enter issues it, Esc skips it. An issued notice goes to the
//! office's print command, or, without one, to a new DOCX file where the
//! desk started; the status line says its number and where it went.

use super::state::{Popup, State};
use crate::domain::{LedgerNo, NoticeKind};
use crate::i18n::{notice_words, Lang};
use crate::service::DeskApi;
use crate::tui::action::Action;
use crate::tui::ctx::Ctx;
use crate::tui::effect::{Effect, Msg};
use crate::tui::widgets::table::move_cursor;

/// `p`: the kinds this person may issue for the matter now.
pub fn open_menu(s: &State, m: &Ctx) -> Effect<State> {
    let Some(ledger) = s.matter.as_ref().map(|x| x.ledger) else {
        return Effect::None;
    };
    let none = notice_words(m.lang).none_fitting;
    Effect::call(move |desk, s: &mut State, m| {
        let kinds = desk.notice_kinds(ledger)?;
        if kinds.is_empty() {
            m.status = Some(none.into());
        } else {
            s.popup = Some(Popup::Notices { kinds, selected: 0 });
        }
        Ok(Effect::None)
    })
}

/// Keys with the kinds listed or a notice offered.
pub fn popup_key(s: &mut State, m: &Ctx, popup: Popup, msg: Msg) -> Effect<State> {
    let ledger = s.matter.as_ref().map(|x| x.ledger);
    match (popup, msg, ledger) {
        (Popup::Notices { kinds, selected }, Msg::Action(Action::Open), Some(l)) => {
            kinds.get(selected).map_or(Effect::None, |k| issue(l, *k, m.lang))
        }
        (Popup::Notices { kinds, mut selected }, Msg::Action(a @ (Action::Up | Action::Down)), _) => {
            move_cursor(&mut selected, kinds.len(), a);
            s.popup = Some(Popup::Notices { kinds, selected });
            Effect::None
        }
        (Popup::Offer(kind), Msg::Action(Action::Open | Action::Save), Some(l)) => issue(l, kind, m.lang),
        (_, Msg::Action(Action::Back), _) => Effect::None,
        // An offer is skipped by any other key, which then does what it does.
        (Popup::Offer(_), Msg::Action(_), _) => Effect::Pass,
        (popup, _, _) => {
            s.popup = Some(popup);
            Effect::None
        }
    }
}

/// The notice a step just taken tells the petitioner of, offered at once
/// when this person may issue it.
pub fn offer_after(s: &mut State, desk: &dyn DeskApi, step: crate::domain::Step) -> crate::service::Result<()> {
    let (Some(kind), Some(ledger)) = (
        crate::domain::notice::for_step(step),
        s.matter.as_ref().map(|x| x.ledger),
    ) else {
        return Ok(());
    };
    if desk.notice_kinds(ledger)?.contains(&kind) {
        s.popup = Some(Popup::Offer(kind));
    }
    Ok(())
}

/// Issues `kind` for `ledger`, then prints it or writes it beside the desk,
/// and shows the matter's notices again.
fn issue(ledger: LedgerNo, kind: NoticeKind, lang: Lang) -> Effect<State> {
    Effect::call(move |desk, s: &mut State, m| {
        let t = notice_words(lang);
        let printable = match desk.issue_notice(ledger, kind) {
            Ok(p) => p,
            Err(e) => {
                m.status = Some(lang.error(&e));
                return Ok(Effect::None);
            }
        };
        let said = format!("{} {} {}", t.issued, lang.notice_kind(kind), printable.notice.doc_no);
        let where_to = match crate::report::notice::docx(&printable) {
            Ok(bytes) => send_out(desk, &bytes, &printable.notice, &m.report.export_dir, lang),
            Err(e) => e,
        };
        m.status = Some(format!("{said}；{where_to}"));
        s.notices = desk.notices_of(ledger)?;
        Ok(Effect::None)
    })
}

/// To the print command when the office has one, else into a new file in
/// `dir` (never over another); what happened, to be said.
fn send_out(
    desk: &dyn DeskApi,
    bytes: &[u8],
    n: &crate::domain::notice::Notice,
    dir: &std::path::Path,
    lang: Lang,
) -> String {
    let t = notice_words(lang);
    let command = match desk.notice_settings() {
        Ok(s) => s.print_command,
        Err(e) => return lang.error(&e),
    };
    if !command.trim().is_empty() {
        return match crate::printer::print(&command, bytes, "docx", lang) {
            Ok(()) => format!("{}: {command}", t.printed),
            Err(e) => format!("{}（{}）", lang.error(&e), t.reprint_hint),
        };
    }
    let path = dir.join(format!("{}-{}-{}-{}.docx", n.ledger, n.kind.code(), n.year, n.seq));
    match crate::secure_file::write_new(&path, bytes) {
        Ok(()) => format!("{} {}", t.written_to, path.display()),
        Err(e) => e.to_string(),
    }
}
