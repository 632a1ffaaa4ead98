//! The key case's forms on the matter screen: opening a case with its
//! source and the four 定, handing it to another leader, a log entry of the
//! three 包, a change of status, and 销号 with a reason. Which of them a
//! person is offered follows the permissions table and the case's leader.

use crate::domain::case::{Case, CaseDraft, CaseLogKind, CaseSource, CaseStatus, TRANSITIONS};
use crate::domain::permit::{may, may_work_case, Duty};
use crate::domain::{Role, Staff, Unit};
use crate::i18n::case_desk::case_desk_words;
use crate::i18n::Lang;
use crate::tui::widgets::input::TextInput;
use time::Date;

/// What may be done to a matter's key case, one menu item each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseDeed {
    Open,
    Leader,
    Log,
    Status,
    Clear,
}

impl CaseDeed {
    pub fn label(self, lang: Lang) -> &'static str {
        let w = case_desk_words(lang);
        match self {
            CaseDeed::Open => w.open,
            CaseDeed::Leader => w.leader_change,
            CaseDeed::Log => w.log,
            CaseDeed::Status => w.status_change,
            CaseDeed::Clear => w.clear,
        }
    }
}

/// The statuses a case may move to now short of 销号.
pub fn next_statuses(status: CaseStatus) -> Vec<CaseStatus> {
    TRANSITIONS
        .iter()
        .filter(|(from, to)| *from == status && *to != CaseStatus::Cleared)
        .map(|(_, to)| *to)
        .collect()
}

/// What `login` (of `role`) may do to the matter's case now: supervisors
/// open, hand over and clear; the case's leader and supervisors log and
/// move its status. A cleared case takes nothing more.
pub fn case_deeds(case: Option<&Case>, login: &str, role: Role) -> Vec<CaseDeed> {
    let keeper = may(role, Duty::KeepCases);
    let Some(c) = case else {
        return if keeper { vec![CaseDeed::Open] } else { Vec::new() };
    };
    if c.status == CaseStatus::Cleared {
        return Vec::new();
    }
    let me = Staff {
        login: login.to_string(),
        name: String::new(),
        role,
        unit: None,
        disabled: false,
    };
    let works = may_work_case(&me, c);
    let clears = TRANSITIONS.contains(&(c.status, CaseStatus::Cleared));
    [
        (CaseDeed::Leader, keeper),
        (CaseDeed::Log, works),
        (CaseDeed::Status, works && !next_statuses(c.status).is_empty()),
        (CaseDeed::Clear, keeper && clears),
    ]
    .into_iter()
    .filter_map(|(d, ok)| ok.then_some(d))
    .collect()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseField {
    Source,
    AssignedBy,
    AssignedNo,
    Leader,
    Measures,
    Due,
    Unit,
    Owner,
    LogKind,
    Note,
    Status,
    Reason,
}

/// One of the case's forms, with what it offers to choose from.
pub struct CaseForm {
    pub deed: CaseDeed,
    pub focus: usize,
    pub source: CaseSource,
    /// Active leaders, login and name; the chosen one by index.
    pub leaders: Vec<(String, String)>,
    pub leader: usize,
    /// The leader who received the matter's latest visit, proposed first.
    pub receiving: Option<String>,
    pub units: Vec<Unit>,
    pub unit: usize,
    pub kind: CaseLogKind,
    pub statuses: Vec<CaseStatus>,
    pub status: usize,
    pub assigned_by: TextInput,
    pub assigned_no: TextInput,
    pub measures: TextInput,
    pub due: TextInput,
    pub owner: TextInput,
    pub note: TextInput,
    pub reason: TextInput,
    /// What is missing or wrong, named on the form.
    pub error: Option<String>,
}

/// What an opening form starts with besides the choices.
#[derive(Default)]
pub struct Proposed {
    pub leader: Option<String>,
    pub unit: Option<String>,
    pub owner: Option<String>,
    pub due: Option<Date>,
}

impl CaseForm {
    pub fn new(deed: CaseDeed) -> CaseForm {
        CaseForm {
            deed,
            focus: 0,
            source: CaseSource::Screened,
            leaders: Vec::new(),
            leader: 0,
            receiving: None,
            units: Vec::new(),
            unit: 0,
            kind: CaseLogKind::Investigate,
            statuses: Vec::new(),
            status: 0,
            assigned_by: TextInput::default(),
            assigned_no: TextInput::default(),
            measures: TextInput::default(),
            due: TextInput::default(),
            owner: TextInput::default(),
            note: TextInput::default(),
            reason: TextInput::default(),
            error: None,
        }
    }

    /// The opening form: the receiving leader (when a reception day's)
    /// first and chosen, the rest proposed; the focus on the first field
    /// still to fill.
    pub fn open(
        mut leaders: Vec<(String, String)>,
        units: Vec<Unit>,
        receiving: Option<String>,
        p: Proposed,
    ) -> CaseForm {
        if let Some(r) = &receiving {
            if let Some(i) = leaders.iter().position(|(l, _)| l == r) {
                let first = leaders.remove(i);
                leaders.insert(0, first);
            }
        }
        let mut f = CaseForm::new(CaseDeed::Open);
        f.leader = p
            .leader
            .and_then(|l| leaders.iter().position(|(x, _)| *x == l))
            .unwrap_or(0);
        f.unit = p
            .unit
            .and_then(|u| units.iter().position(|x| x.code == u))
            .unwrap_or(0);
        (f.leaders, f.units, f.receiving) = (leaders, units, receiving);
        f.owner = TextInput::with(p.owner.as_deref().unwrap_or(""));
        f.due = TextInput::with(&p.due.map(|d| d.to_string()).unwrap_or_default());
        let fields = f.fields();
        f.focus = fields
            .iter()
            .position(|x| f.input(*x).is_some_and(|i| i.text().is_empty()))
            .unwrap_or(0);
        f
    }

    /// Handing the case over: the leaders, the current one chosen.
    pub fn leader(leaders: Vec<(String, String)>, current: &str) -> CaseForm {
        let mut f = CaseForm::new(CaseDeed::Leader);
        f.leader = leaders.iter().position(|(l, _)| l == current).unwrap_or(0);
        f.leaders = leaders;
        f
    }

    /// A change of status among those the case may take now.
    pub fn status(from: CaseStatus) -> CaseForm {
        let mut f = CaseForm::new(CaseDeed::Status);
        f.statuses = next_statuses(from);
        f
    }

    /// The form's fields in order: an assigned case also names who
    /// assigned it and their number.
    pub fn fields(&self) -> Vec<CaseField> {
        use CaseField as F;
        match self.deed {
            CaseDeed::Open if self.source == CaseSource::Assigned => vec![
                F::Source,
                F::AssignedBy,
                F::AssignedNo,
                F::Leader,
                F::Measures,
                F::Due,
                F::Unit,
                F::Owner,
            ],
            CaseDeed::Open => vec![F::Source, F::Leader, F::Measures, F::Due, F::Unit, F::Owner],
            CaseDeed::Leader => vec![F::Leader],
            CaseDeed::Log => vec![F::LogKind, F::Note],
            CaseDeed::Status => vec![F::Status, F::Reason],
            CaseDeed::Clear => vec![F::Reason],
        }
    }

    pub fn focused(&self) -> Option<CaseField> {
        self.fields().get(self.focus).copied()
    }

    pub fn input(&self, f: CaseField) -> Option<&TextInput> {
        use CaseField as F;
        Some(match f {
            F::AssignedBy => &self.assigned_by,
            F::AssignedNo => &self.assigned_no,
            F::Measures => &self.measures,
            F::Due => &self.due,
            F::Owner => &self.owner,
            F::Note => &self.note,
            F::Reason => &self.reason,
            _ => return None,
        })
    }

    pub fn input_mut(&mut self) -> Option<&mut TextInput> {
        use CaseField as F;
        Some(match self.focused()? {
            F::AssignedBy => &mut self.assigned_by,
            F::AssignedNo => &mut self.assigned_no,
            F::Measures => &mut self.measures,
            F::Due => &mut self.due,
            F::Owner => &mut self.owner,
            F::Note => &mut self.note,
            F::Reason => &mut self.reason,
            _ => return None,
        })
    }

    pub fn step(&mut self, by: isize) {
        let n = self.fields().len() as isize;
        self.focus = (self.focus as isize + by).rem_euclid(n.max(1)) as usize;
    }

    /// ← and → on a choice: the source, leader, unit, kind or status.
    pub fn side(&mut self, by: isize) {
        let turn = |at: &mut usize, n: usize| {
            if n > 0 {
                *at = (*at as isize + by).rem_euclid(n as isize) as usize;
            }
        };
        match self.focused() {
            Some(CaseField::Source) => {
                let all = CaseSource::ALL;
                let mut i = all.iter().position(|s| *s == self.source).unwrap_or(0);
                turn(&mut i, all.len());
                self.source = all[i];
            }
            Some(CaseField::Leader) => turn(&mut self.leader, self.leaders.len()),
            Some(CaseField::Unit) => turn(&mut self.unit, self.units.len()),
            Some(CaseField::LogKind) => {
                let all = CaseLogKind::ALL;
                let mut i = all.iter().position(|k| *k == self.kind).unwrap_or(0);
                turn(&mut i, all.len());
                self.kind = all[i];
            }
            Some(CaseField::Status) => turn(&mut self.status, self.statuses.len()),
            _ => {}
        }
    }

    /// The chosen leader's login.
    pub fn chosen_leader(&self) -> Option<&str> {
        self.leaders.get(self.leader).map(|(l, _)| l.as_str())
    }

    pub fn chosen_status(&self) -> Option<CaseStatus> {
        self.statuses.get(self.status).copied()
    }

    /// The case the opening form describes; a deadline that is not a date
    /// is refused.
    pub fn draft(&self) -> Result<CaseDraft, CaseField> {
        let text = |t: &TextInput| Some(t.text().trim().to_string()).filter(|s| !s.is_empty());
        let due = match text(&self.due) {
            None => None,
            Some(d) => Some(
                Date::parse(&d, time::macros::format_description!("[year]-[month]-[day]"))
                    .map_err(|_| CaseField::Due)?,
            ),
        };
        Ok(CaseDraft {
            source: Some(self.source),
            assigned_by: text(&self.assigned_by),
            assigned_no: text(&self.assigned_no),
            leader: self.chosen_leader().map(str::to_string),
            measures: text(&self.measures),
            due,
            unit: self.units.get(self.unit).map(|u| u.code.clone()),
            owner: text(&self.owner),
        })
    }

    /// What keeps the form from being saved, in the reader's words: the
    /// required fields left empty (all of them named), a deadline that is
    /// not a date or is past, a log entry or 销号 with no text.
    pub fn problem(&self, lang: Lang, today: Date) -> Option<String> {
        let w = case_desk_words(lang);
        let name = |f: CaseField| label(f, lang);
        let missing = |fields: Vec<CaseField>| {
            let names: Vec<&str> = fields.into_iter().map(name).collect();
            Some(format!("{}{}", w.missing, names.join(w.list_sep)))
        };
        let blank = |t: &TextInput| t.text().trim().is_empty();
        match self.deed {
            CaseDeed::Open => {
                let draft = match self.draft() {
                    Ok(d) => d,
                    Err(_) => return Some(w.bad_date.into()),
                };
                let fields = self.fields();
                let mut gaps: Vec<CaseField> =
                    draft.missing().iter().filter_map(|m| field_of(m)).collect();
                gaps.sort_by_key(|g| fields.iter().position(|f| f == g));
                if !gaps.is_empty() {
                    return missing(gaps);
                }
                draft.due.filter(|d| *d < today).map(|_| w.due_past.into())
            }
            CaseDeed::Leader if self.leaders.is_empty() => Some(w.no_leaders.into()),
            CaseDeed::Log if blank(&self.note) => missing(vec![CaseField::Note]),
            CaseDeed::Clear if blank(&self.reason) => missing(vec![CaseField::Reason]),
            _ => None,
        }
    }
}

/// The form field of one of `CaseDraft::missing`'s names.
fn field_of(missing: &str) -> Option<CaseField> {
    use CaseField as F;
    Some(match missing {
        "leader" => F::Leader,
        "measures" => F::Measures,
        "due" => F::Due,
        "unit" => F::Unit,
        "owner" => F::Owner,
        "assigned_by" => F::AssignedBy,
        "assigned_no" => F::AssignedNo,
        _ => return None,
    })
}

/// A field's label in the reader's language.
pub fn label(f: CaseField, lang: Lang) -> &'static str {
    use CaseField as F;
    let w = case_desk_words(lang);
    match f {
        F::Source => w.source,
        F::AssignedBy => w.assigned_by,
        F::AssignedNo => w.assigned_no,
        F::Leader => w.leader,
        F::Measures => w.measures,
        F::Due => w.due,
        F::Unit => w.unit,
        F::Owner => w.owner,
        F::LogKind => w.log_kind,
        F::Note => w.note,
        F::Status => w.new_status,
        F::Reason => w.reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::CaseDraft;
    use time::macros::date;

    fn case(leader: &str, status: CaseStatus) -> Case {
        let draft = CaseDraft {
            leader: Some(leader.into()),
            measures: Some("核查".into()),
            due: Some(date!(2026 - 05 - 31)),
            unit: Some("jtj".into()),
            owner: Some("wangwei".into()),
            ..Default::default()
        };
        let mut c = draft
            .open(crate::domain::LedgerNo { year: 2026, seq: 1 }, date!(2026 - 04 - 01))
            .unwrap();
        c.status = status;
        c
    }

    #[test]
    fn each_role_is_offered_what_the_permissions_table_and_the_leader_allow() {
        use CaseDeed as D;
        use CaseStatus as S;
        let open = case("zhaomin", S::Open);
        let resolved = case("zhaomin", S::Resolved);
        let cleared = case("zhaomin", S::Cleared);
        let rows: &[(Option<&Case>, &str, Role, &[CaseDeed])] = &[
            (None, "lijun", Role::Supervisor, &[D::Open]),
            (None, "root", Role::Admin, &[D::Open]),
            (None, "zhaomin", Role::Leader, &[]),
            (None, "wangwei", Role::Handler, &[]),
            (Some(&open), "lijun", Role::Supervisor, &[D::Leader, D::Log, D::Status]),
            (Some(&resolved), "lijun", Role::Supervisor, &[D::Leader, D::Log, D::Status, D::Clear]),
            (Some(&open), "zhaomin", Role::Leader, &[D::Log, D::Status]),
            (Some(&resolved), "zhaomin", Role::Leader, &[D::Log, D::Status]),
            (Some(&open), "sunhao", Role::Leader, &[]),
            (Some(&open), "wangwei", Role::Handler, &[]),
            (Some(&open), "zhangli", Role::Receptionist, &[]),
            (Some(&cleared), "lijun", Role::Supervisor, &[]),
        ];
        for (c, login, role, want) in rows {
            assert_eq!(case_deeds(*c, login, *role), *want, "{login} {role:?}");
        }
    }

    #[test]
    fn a_status_moves_only_by_the_table_and_never_to_cleared_here() {
        use CaseStatus as S;
        assert_eq!(next_statuses(S::Open), vec![S::Resolved, S::Settled, S::Stabilised]);
        assert_eq!(next_statuses(S::Stabilised), vec![S::Resolved, S::Settled, S::Open]);
        assert_eq!(next_statuses(S::Resolved), vec![S::Open]);
        assert!(next_statuses(S::Cleared).is_empty());
    }

    #[test]
    fn the_opening_form_names_every_missing_ding_in_its_order() {
        let mut f = CaseForm::open(Vec::new(), Vec::new(), None, Proposed::default());
        let today = date!(2026 - 04 - 02);
        assert_eq!(
            f.problem(Lang::Zh, today).as_deref(),
            Some("请填写：包案领导、化解措施、化解时限、责任单位、责任人")
        );
        f.leaders = vec![("zhaomin".into(), "赵敏".into())];
        f.measures.insert("核查");
        f.due.insert("2026-04-01");
        f.owner.insert("wangwei");
        f.units = vec![Unit {
            code: "jtj".into(),
            name: "区教体局".into(),
        }];
        assert_eq!(f.problem(Lang::En, today).as_deref(), Some("the deadline may not be before today"));
        f.due = TextInput::with("2026-04-02");
        assert_eq!(f.problem(Lang::Zh, today), None, "on the day is in time");
    }

    #[test]
    fn the_receiving_leader_comes_first_and_the_focus_on_the_first_empty_field() {
        let leaders = vec![
            ("sunhao".to_string(), "孙浩".to_string()),
            ("zhaomin".to_string(), "赵敏".to_string()),
        ];
        let p = Proposed {
            leader: Some("zhaomin".into()),
            owner: Some("wangwei".into()),
            ..Default::default()
        };
        let f = CaseForm::open(leaders, Vec::new(), Some("zhaomin".into()), p);
        assert_eq!(f.leaders[0].0, "zhaomin");
        assert_eq!(f.chosen_leader(), Some("zhaomin"));
        assert_eq!(f.focused(), Some(CaseField::Measures));
    }
}
