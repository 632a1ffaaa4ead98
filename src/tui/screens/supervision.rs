//! Supervision letters (督查督办, Alt-s): 提醒函 and 督办函 to a unit about a
//! matter, soonest reply first; Tab steps through the unanswered, the
//! overdue (in the alarm style) and every letter. Supervisors issue a
//! letter (`i`); a handler of the letter's unit, or a supervisor, records
//! the reply (`r`). Handlers see their unit's letters, leaders look.
//! Enter opens the letter's matter.

use crate::domain::supervision::{Supervision, SupervisionKind};
use crate::domain::{LedgerNo, Level, Role, Unit};
use crate::i18n::case_views::{case_view_words, letter_kind, letter_kind_name};
use crate::i18n::cases::case_words;
use crate::service::cases::supervise::{LetterDraft, LetterOnly};
use crate::service::views::Names;
use crate::tui::action::Action;
use crate::tui::ctx::{Ctx, View};
use crate::tui::effect::{Effect, Go, Msg};
use crate::tui::screen::{browse, keep, matter_rows, popup_form, Def};
use crate::tui::widgets::fields::{parse_date, Field, Form, Outcome};
use crate::tui::widgets::fit_text;
use crate::tui::widgets::table::selectable_styled;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// The lists Tab steps through.
const ONLY: [LetterOnly; 3] = [
    LetterOnly::Unanswered,
    LetterOnly::Overdue,
    LetterOnly::Every,
];
/// The reply is asked for this many days after the letter by default.
const REPLY_DAYS: i64 = 15;

#[derive(Default)]
pub struct State {
    pub rows: Vec<Supervision>,
    pub names: Names,
    /// The units a letter may go to.
    pub units: Vec<Unit>,
    pub selected: usize,
    /// Which of `ONLY`.
    pub only: usize,
    pub form: Option<LetterForm>,
    /// The unit of the person at the desk: a handler answers its letters.
    pub my_unit: Option<String>,
    /// The document number of the notice printed for a letter (信督〔2026〕3号),
    /// by letter: a notice of its kind issued for its matter on its day.
    pub doc_nos: std::collections::HashMap<u64, String>,
}

/// A letter being issued, or the reply to letter `.0` being recorded.
pub enum LetterForm {
    Issue(Form),
    Reply(u64, Form),
}

impl LetterForm {
    fn form(&mut self) -> &mut Form {
        match self {
            LetterForm::Issue(f) | LetterForm::Reply(_, f) => f,
        }
    }
}

pub const DEF: Def<State> = Def {
    section: "supervision",
    hints: &[
        Action::Help,
        Action::Open,
        Action::NextList,
        Action::IssueLetter,
        Action::ReplyLetter,
        Action::Save,
        Action::Back,
        Action::Quit,
    ],
    title: |_, m| Action::Supervision.describe(m.lang).into(),
    takes_text: |s| s.form.is_some(),
    opened_by: |a| (a == Action::Supervision).then_some(Go::To("supervision")),
    open,
    update,
    refresh: |s, m, on_stack| {
        if on_stack && s.form.is_none() && Action::Supervision.permitted(m.role) {
            load(Effect::None)
        } else {
            Effect::None
        }
    },
    hidden: keep,
    draw,
    offers: |s, m, a| match s.form {
        Some(_) => popup_form(a),
        None => {
            let reply = s.rows.get(s.selected).is_some_and(|l| l.replied.is_none());
            browse(s, m, a)
                || matches!(a, Action::NextList | Action::PrevList | Action::IssueLetter)
                || (a == Action::ReplyLetter && reply && answers(s, m, s.rows.get(s.selected)))
        }
    },
};

/// The notices printed for the letters: for each letter, the first notice of
/// its kind for its matter issued on its day and not taken by an earlier one.
fn doc_nos(
    desk: &dyn crate::service::DeskApi,
    rows: &[Supervision],
    tz: time::UtcOffset,
) -> crate::service::Result<std::collections::HashMap<u64, String>> {
    use crate::domain::NoticeKind;
    let mut letters: Vec<&Supervision> = rows.iter().collect();
    letters.sort_by_key(|l| l.id);
    let mut notices = std::collections::HashMap::new();
    let mut out = std::collections::HashMap::new();
    for l in letters {
        if let std::collections::hash_map::Entry::Vacant(e) = notices.entry(l.matter) {
            e.insert(desk.notices_of(l.matter)?);
        }
        let kind = match l.kind {
            SupervisionKind::Reminder => NoticeKind::Reminder,
            SupervisionKind::Directive => NoticeKind::Directive,
        };
        let Some(of_matter) = notices.get_mut(&l.matter) else {
            continue;
        };
        let at = of_matter
            .iter()
            .position(|n| n.kind == kind && n.issued_at.local_date(tz) == l.issued);
        if let Some(i) = at {
            out.insert(l.id, of_matter.remove(i).doc_no);
        }
    }
    Ok(out)
}

/// Opens the list; from a matter (`Go::Letter`), with the form issuing a
/// letter about it.
fn open(_: &mut State, m: &mut Ctx, go: Go) -> Effect<State> {
    let from = match go {
        Go::Letter(l) if Action::IssueLetter.permitted(m.role) => Some(l),
        Go::Letter(_) => {
            m.refuse(crate::service::deed::SUPERVISE);
            return Effect::None;
        }
        _ if Action::Supervision.permitted(m.role) => None,
        _ => {
            m.refuse(crate::service::deed::SEE_CASES);
            return Effect::None;
        }
    };
    load_with(from, Effect::Show)
}

/// Whether the person at the desk may record the reply to `letter`.
fn answers(s: &State, m: &Ctx, letter: Option<&Supervision>) -> bool {
    let Some(l) = letter else { return false };
    match m.role {
        Role::Handler => s.my_unit.as_deref() == Some(l.unit.as_str()),
        r => crate::domain::permit::may(r, crate::domain::permit::Duty::KeepCases),
    }
}

fn load(next: Effect<State>) -> Effect<State> {
    load_with(None, next)
}

/// Reads the list, then opens the form issuing a letter about `from`.
fn load_with(from: Option<LedgerNo>, next: Effect<State>) -> Effect<State> {
    Effect::call(move |desk, s: &mut State, m| {
        s.rows = desk.supervisions(None, ONLY[s.only], m.today)?;
        s.names = desk.names()?;
        s.units = desk.units()?;
        s.my_unit = desk.user().unit.clone();
        s.doc_nos = doc_nos(desk, &s.rows, m.tz)?;
        s.selected = s.selected.min(s.rows.len().saturating_sub(1));
        if let Some(l) = from {
            s.form = Some(LetterForm::Issue(issue_form(s, m, Some(l))));
        }
        Ok(next)
    })
}

fn update(s: &mut State, m: &mut Ctx, msg: Msg) -> Effect<State> {
    if let Some(mut lf) = s.form.take() {
        return match lf.form().key(&msg) {
            Outcome::Stay => {
                s.form = Some(lf);
                Effect::None
            }
            Outcome::Cancel => Effect::None,
            Outcome::Submit => submit(s, m, lf),
        };
    }
    let Msg::Action(a) = msg else {
        return Effect::None;
    };
    match a {
        Action::NextList | Action::PrevList => {
            let by = if a == Action::NextList { 1 } else { ONLY.len() - 1 };
            s.only = (s.only + by) % ONLY.len();
            s.selected = 0;
            load(Effect::None)
        }
        Action::IssueLetter if a.permitted(m.role) => {
            s.form = Some(LetterForm::Issue(issue_form(s, m, None)));
            Effect::None
        }
        Action::ReplyLetter => {
            let letter = s.rows.get(s.selected);
            match letter {
                Some(l) if answers(s, m, letter) && l.replied.is_none() => {
                    s.form = Some(LetterForm::Reply(l.id, reply_form(l, m)));
                }
                Some(_) => m.refuse(crate::service::deed::ANSWER_SUPERVISION),
                None => {}
            }
            Effect::None
        }
        Action::IssueLetter => {
            m.refuse(crate::service::deed::SUPERVISE);
            Effect::None
        }
        _ => matter_rows(&mut s.selected, &s.rows, a, |l| l.matter),
    }
}

/// The form issuing a letter: the matter (filled in when issued from one),
/// kind, the level a directive is 挂牌 at, the unit and the reply deadline.
pub fn issue_form(s: &State, m: &Ctx, matter: Option<LedgerNo>) -> Form {
    let (w, c) = (case_view_words(m.lang), case_words(m.lang));
    let kinds = SupervisionKind::ALL
        .iter()
        .map(|k| (k.code().to_string(), letter_kind_name(m.lang, *k).to_string()))
        .collect();
    let mut levels = vec![(String::new(), w.no_level.to_string())];
    levels.extend(
        Level::ALL
            .iter()
            .map(|l| (l.code().to_string(), m.lang.level(*l).to_string())),
    );
    let units = s
        .units
        .iter()
        .map(|u| (u.code.clone(), u.name.clone()))
        .collect();
    let due = m.today + time::Duration::days(REPLY_DAYS);
    let matter = matter.map(|l| l.to_string()).unwrap_or_default();
    Form::new(
        Action::IssueLetter.describe(m.lang).into(),
        vec![
            (c.matter, Field::text(&matter)),
            (c.kind, Field::choice(kinds, None)),
            (c.level, Field::choice(levels, None)),
            (c.unit, Field::choice(units, None)),
            (c.reply_due, Field::text(&due.to_string())),
        ],
        w.form_keys,
    )
}

/// The form recording a unit's reply: its date (today) and a note.
fn reply_form(l: &Supervision, m: &Ctx) -> Form {
    let (w, c) = (case_view_words(m.lang), case_words(m.lang));
    Form::new(
        format!("{} {}", Action::ReplyLetter.describe(m.lang), l.id),
        vec![
            (c.replied, Field::text(&m.today.to_string())),
            (w.reply_note, Field::text("")),
        ],
        w.form_keys,
    )
}

/// Checks what the form holds and asks the service; a refusal stays in the
/// form, and nothing was written.
fn submit(s: &mut State, m: &Ctx, mut lf: LetterForm) -> Effect<State> {
    let lang = m.lang;
    let w = case_view_words(lang);
    let at = if matches!(lf, LetterForm::Issue(_)) { 4 } else { 0 };
    let Some(day) = parse_date(lf.form().text(at)) else {
        lf.form().error = Some(w.bad_date.into());
        s.form = Some(lf);
        return Effect::None;
    };
    let draft = match &lf {
        LetterForm::Issue(f) => match LedgerNo::parse(f.text(0)) {
            Some(matter) => Some(LetterDraft {
                matter,
                kind: f
                    .chosen(1)
                    .and_then(SupervisionKind::from_code)
                    .unwrap_or(SupervisionKind::Reminder),
                level: f.chosen(2).and_then(Level::from_code),
                unit: f.chosen(3).unwrap_or_default().to_string(),
                reply_due: day,
            }),
            None => {
                lf.form().error = Some(w.bad_ledger.into());
                s.form = Some(lf);
                return Effect::None;
            }
        },
        LetterForm::Reply(..) => None,
    };
    Effect::call(move |desk, s: &mut State, m| {
        let done = match (&lf, draft) {
            (LetterForm::Issue(_), Some(d)) => desk.issue_supervision(d).map(|_| w.letter_issued),
            (LetterForm::Reply(id, f), _) => desk
                .reply_supervision(*id, day, f.text(1).to_string())
                .map(|_| w.reply_recorded),
            _ => return Ok(Effect::None),
        };
        match done {
            Ok(said) => {
                m.status = Some(said.into());
                return Ok(load(Effect::None));
            }
            Err(e) => {
                lf.form().error = Some(lang.error(&e));
                s.form = Some(lf);
            }
        }
        Ok(Effect::None)
    })
}

/// The selected letter in full under the list: its number, the notice
/// printed for it, who issued it, and the unit's reply.
fn detail_line(s: &State, l: &Supervision, m: &Ctx) -> String {
    let (w, t) = (case_view_words(m.lang), m.lang.text());
    let mut parts = vec![format!("{} {}", w.number, l.id)];
    if let Some(doc) = s.doc_nos.get(&l.id) {
        parts.push(doc.clone());
    }
    parts.push(format!("{}{}{}", w.issued_by, t.colon, s.names.staff(&l.by)));
    if let Some(note) = &l.reply_note {
        let note = note.replace('\n', " ");
        parts.push(format!("{}{}{note}", w.reply_note, t.colon));
    }
    parts.join(" · ")
}

/// A day of the letter's own year, short: the reply deadline beside it
/// carries the year.
fn month_day(d: time::Date) -> String {
    format!("{:02}-{:02}", d.month() as u8, d.day())
}

/// A column `w` wide, or as wide as its heading.
fn at_least(heading: &str, w: u16) -> Constraint {
    Constraint::Length(w.max(heading.width() as u16))
}

fn draw(f: &mut Frame, area: Rect, s: &State, v: &View) {
    let m = v.ctx;
    let (w, c) = (case_view_words(m.lang), case_words(m.lang));
    let rows = s
        .rows
        .iter()
        .map(|l| {
            let late = l.is_overdue(m.today);
            let due = if late {
                format!("{} {}", l.reply_due, w.late)
            } else {
                l.reply_due.to_string()
            };
            let cells = vec![
                l.id.to_string(),
                letter_kind(m.lang, l.kind, l.level),
                l.matter.to_string(),
                s.names.unit(&l.unit).to_string(),
                month_day(l.issued),
                due,
                l.replied.map(month_day).unwrap_or_default(),
            ];
            (cells, late.then(|| v.theme.warn()))
        })
        .collect();
    // The kind as wide as the widest shown: 督办函 挂牌县区 leaves the unit room.
    let kind_width = s
        .rows
        .iter()
        .map(|l| letter_kind(m.lang, l.kind, l.level).width())
        .chain([c.kind.width()])
        .max()
        .unwrap_or(0) as u16;
    let columns = [
        (w.number, Constraint::Length(4)),
        (c.kind, Constraint::Length(kind_width)),
        (c.matter, Constraint::Length(11)),
        (c.unit, Constraint::Min(8)),
        (w.issued, at_least(w.issued, 5)),
        (c.reply_due, Constraint::Length(15)),
        (w.replied, at_least(w.replied, 5)),
    ];
    let only = match ONLY[s.only] {
        LetterOnly::Overdue => c.overdue,
        LetterOnly::Every => c.all_cases,
        LetterOnly::Unanswered => w.unanswered,
    };
    let title = format!(
        "{} · {only} ({})",
        Action::Supervision.describe(m.lang),
        s.rows.len()
    );
    let [table, detail] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(area);
    selectable_styled(f, rows, &columns, &title, (s.selected, table), v.theme);
    if let Some(l) = s.rows.get(s.selected) {
        let text = detail_line(s, l, m);
        f.render_widget(Line::from(fit_text(&text, usize::from(detail.width))), detail);
    }
    if let Some(LetterForm::Issue(form) | LetterForm::Reply(_, form)) = &s.form {
        form.draw(f, area, v.theme);
    }
}
