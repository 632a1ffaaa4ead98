//! Who may do what (docs/rules.md#permissions): a pure table, enforced in the service layer so
//! the desk, the command line and the server refuse the same things.

use super::case::Case;
use super::model::{Matter, NoticeKind, Role, Staff, Step};
use super::supervision::Supervision;

/// Something a person at the desk may be allowed to do, beside matter actions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Duty {
    /// Register a contact (and the petitioner or matter it brings).
    Register,
    /// See ID numbers and phones unmasked, and search by any part of them.
    SeeUnmasked,
    /// See a petitioner's whole phone numbers, to call them back.
    RevealPhone,
    /// Flag a key person (重点人员).
    FlagKeyPerson,
    /// Staff, reference data, import, export, backup, holidays.
    Administer,
    /// Scorecards and statistics.
    Reports,
    /// Read the audit trail: who did what to which record, and when.
    ReadAudit,
    /// Open, assign and clear key cases (积案), issue supervision (督查督办)
    /// and keep the leaders' reception rota.
    KeepCases,
}

pub fn may(role: Role, duty: Duty) -> bool {
    use Role as R;
    match duty {
        Duty::Register => matches!(
            role,
            R::Receptionist | R::Handler | R::Supervisor | R::Admin
        ),
        Duty::RevealPhone => matches!(
            role,
            R::Receptionist | R::Handler | R::Supervisor | R::Admin
        ),
        Duty::SeeUnmasked | Duty::FlagKeyPerson => matches!(role, R::Supervisor | R::Admin),
        Duty::Administer => role == R::Admin,
        Duty::Reports => matches!(role, R::Supervisor | R::Leader | R::Admin),
        Duty::ReadAudit => matches!(role, R::Supervisor | R::Admin),
        Duty::KeepCases => matches!(role, R::Supervisor | R::Admin),
    }
}

/// Whether `staff` may add log entries to `case` and change its status
/// short of clearing it: its own leader, and those who keep the cases.
pub fn may_work_case(staff: &Staff, case: &Case) -> bool {
    may(staff.role, Duty::KeepCases) || (staff.role == Role::Leader && staff.login == case.leader)
}

/// Whether `staff` sees `case` in lists: leaders and those who keep the
/// cases see all; handlers those of their unit. Receptionists see only that
/// a person has an open case (a mark on the card).
pub fn may_see_case(staff: &Staff, case: &Case) -> bool {
    match staff.role {
        Role::Supervisor | Role::Admin | Role::Leader => true,
        Role::Handler => staff.unit.as_deref() == Some(case.unit.as_str()),
        Role::Receptionist => false,
    }
}

/// Whether `staff` may record a unit's reply to `letter`: the handlers of
/// that unit, and those who keep the cases.
pub fn may_answer(staff: &Staff, letter: &Supervision) -> bool {
    may(staff.role, Duty::KeepCases)
        || (staff.role == Role::Handler && staff.unit.as_deref() == Some(letter.unit.as_str()))
}

/// Whether `role` takes any step on matters at all: leaders look and
/// report, every other role acts on some matters (`may_act` says which).
pub fn acts(role: Role) -> bool {
    role != Role::Leader
}

/// Whether `login` is the only active admin in `staff`: taking that login's
/// admin role away, or disabling it, would leave nobody to manage the staff.
pub fn is_last_active_admin(staff: &[Staff], login: &str) -> bool {
    let active_admin = |s: &&Staff| s.role == Role::Admin && !s.disabled;
    let mut admins = staff.iter().filter(active_admin);
    matches!((admins.next(), admins.next()), (Some(only), None) if only.login == login)
}

/// Actions that route a matter or record what the petitioner says at the
/// desk: receptionists take them on any matter.
fn desk_action(a: Step) -> bool {
    use Step as A;
    matches!(
        a,
        A::Accept
            | A::Reject
            | A::Forward
            | A::Redirect
            | A::Assign
            | A::ResolveOnSpot
            | A::Evaluate
            | A::Close
            | A::ReviewRequest
            | A::RereviewRequest
            | A::Deliver
    )
}

/// Whether `staff` may take `action` on `matter`, whatever its state.
///
/// Receptionists route (accept, reject, forward, assign), resolve on the spot,
/// record requests for review and evaluations, and close. Handlers do that and
/// the handling itself (transfer, reply, review decisions) on matters of their
/// own unit. Supervisors and admins do everything, including extensions and
/// changing the first receiver. Leaders look and report; they do not act.
pub fn may_act(staff: &Staff, matter: &Matter, action: Step) -> bool {
    use Step as A;
    match staff.role {
        Role::Supervisor | Role::Admin => true,
        Role::Leader => false,
        Role::Receptionist => desk_action(action),
        Role::Handler => {
            let own_unit = staff.unit.is_some() && staff.unit == matter.unit;
            match action {
                A::Extend | A::ReassignFirstReceiver => false,
                a if desk_action(a) && matter.unit.is_none() => true,
                _ => own_unit,
            }
        }
    }
}

/// Whether `staff` may issue (or reprint) a notice of `kind` for `matter`
/// (docs/rules.md#written-notices): whoever registers gives the receipt;
/// handlers issue the others for matters of their unit (or of none yet);
/// the supervision letters (提醒函, 督办函) are supervisors' and admins'.
pub fn may_issue(staff: &Staff, matter: &Matter, kind: NoticeKind) -> bool {
    match (staff.role, kind) {
        (Role::Leader, _) => false,
        (role, NoticeKind::Receipt) => may(role, Duty::Register),
        (Role::Supervisor | Role::Admin, _) => true,
        (_, NoticeKind::Reminder | NoticeKind::Directive) => false,
        (Role::Handler, _) => {
            matter.unit.is_none() || (staff.unit.is_some() && staff.unit == matter.unit)
        }
        (Role::Receptionist, _) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{MatterState, Ts};

    fn staff(role: Role, unit: Option<&str>) -> Staff {
        Staff {
            login: "x".into(),
            name: "x".into(),
            role,
            unit: unit.map(str::to_string),
            disabled: false,
        }
    }

    #[test]
    fn who_issues_which_notice() {
        use NoticeKind as K;
        let own = matter(Some("jtj"));
        let other = matter(Some("zjj"));
        let handler = staff(Role::Handler, Some("jtj"));
        let desk = staff(Role::Receptionist, None);
        assert!(may_issue(&desk, &own, K::Receipt));
        assert!(!may_issue(&desk, &own, K::Accept));
        assert!(may_issue(&handler, &own, K::Reply));
        assert!(!may_issue(&handler, &other, K::Reply));
        assert!(!may_issue(&handler, &own, K::Directive));
        assert!(may_issue(
            &staff(Role::Supervisor, None),
            &other,
            K::Directive
        ));
        assert!(!may_issue(&staff(Role::Leader, None), &own, K::Receipt));
    }

    fn matter(unit: Option<&str>) -> Matter {
        let mut m = Matter::registered("zhangli", Ts(0));
        m.unit = unit.map(str::to_string);
        m.state = MatterState::InProgress;
        m
    }

    /// The whole matrix: role × action, on a matter of the handler's unit,
    /// of another unit, and of no unit yet.
    #[test]
    fn every_role_and_action() {
        use Step as A;
        // Columns: own unit, other unit, no unit.
        let table: &[(Role, Step, [bool; 3])] = &[
            (Role::Receptionist, A::Accept, [true, true, true]),
            (Role::Receptionist, A::Reject, [true, true, true]),
            (Role::Receptionist, A::Forward, [true, true, true]),
            (Role::Receptionist, A::Assign, [true, true, true]),
            (Role::Receptionist, A::Transfer, [false, false, false]),
            (Role::Receptionist, A::Extend, [false, false, false]),
            (Role::Receptionist, A::Reply, [false, false, false]),
            (Role::Receptionist, A::ResolveOnSpot, [true, true, true]),
            (Role::Receptionist, A::ReviewRequest, [true, true, true]),
            (Role::Receptionist, A::ReviewDecision, [false, false, false]),
            (Role::Receptionist, A::RereviewRequest, [true, true, true]),
            (
                Role::Receptionist,
                A::RereviewDecision,
                [false, false, false],
            ),
            (Role::Receptionist, A::Close, [true, true, true]),
            (Role::Receptionist, A::Evaluate, [true, true, true]),
            (
                Role::Receptionist,
                A::ReassignFirstReceiver,
                [false, false, false],
            ),
            (Role::Handler, A::Accept, [true, false, true]),
            (Role::Handler, A::Reject, [true, false, true]),
            (Role::Handler, A::Forward, [true, false, true]),
            (Role::Handler, A::Assign, [true, false, true]),
            (Role::Handler, A::Transfer, [true, false, false]),
            (Role::Handler, A::Extend, [false, false, false]),
            (Role::Handler, A::Reply, [true, false, false]),
            (Role::Handler, A::ResolveOnSpot, [true, false, true]),
            (Role::Handler, A::ReviewRequest, [true, false, true]),
            (Role::Handler, A::ReviewDecision, [true, false, false]),
            (Role::Handler, A::RereviewRequest, [true, false, true]),
            (Role::Handler, A::RereviewDecision, [true, false, false]),
            (Role::Handler, A::Close, [true, false, true]),
            (Role::Handler, A::Evaluate, [true, false, true]),
            (
                Role::Handler,
                A::ReassignFirstReceiver,
                [false, false, false],
            ),
        ];
        for (role, action, want) in table {
            let s = staff(*role, Some("jtj"));
            let got = [
                may_act(&s, &matter(Some("jtj")), *action),
                may_act(&s, &matter(Some("zrj")), *action),
                may_act(&s, &matter(None), *action),
            ];
            assert_eq!(got, *want, "{role} {action}");
        }
        for action in Step::ALL {
            for unit in [Some("jtj"), None] {
                assert!(may_act(
                    &staff(Role::Supervisor, None),
                    &matter(unit),
                    *action
                ));
                assert!(may_act(&staff(Role::Admin, None), &matter(unit), *action));
                assert!(!may_act(&staff(Role::Leader, None), &matter(unit), *action));
            }
        }
    }

    #[test]
    fn duties_by_role() {
        use Duty as D;
        let table: &[(Role, [bool; 8])] = &[
            // Register, SeeUnmasked, FlagKeyPerson, Administer, Reports, ReadAudit, RevealPhone,
            // KeepCases
            (
                Role::Receptionist,
                [true, false, false, false, false, false, true, false],
            ),
            (
                Role::Handler,
                [true, false, false, false, false, false, true, false],
            ),
            (
                Role::Supervisor,
                [true, true, true, false, true, true, true, true],
            ),
            (
                Role::Leader,
                [false, false, false, false, true, false, false, false],
            ),
            (
                Role::Admin,
                [true, true, true, true, true, true, true, true],
            ),
        ];
        for (role, want) in table {
            let got = [
                D::Register,
                D::SeeUnmasked,
                D::FlagKeyPerson,
                D::Administer,
                D::Reports,
                D::ReadAudit,
                D::RevealPhone,
                D::KeepCases,
            ]
            .map(|d| may(*role, d));
            assert_eq!(got, *want, "{role}");
        }
    }

    #[test]
    fn cases_by_role() {
        use crate::domain::case::CaseDraft;
        use crate::domain::supervision::SupervisionKind;
        use crate::domain::LedgerNo;
        let d = time::macros::date!(2026 - 03 - 05);
        let case = CaseDraft {
            leader: Some("sunhao".into()),
            measures: Some("m".into()),
            due: Some(d),
            unit: Some("zjj".into()),
            owner: Some("wangwei".into()),
            ..Default::default()
        }
        .open(LedgerNo { year: 2026, seq: 1 }, d)
        .unwrap();
        let letter = Supervision {
            id: 1,
            matter: case.matter,
            kind: SupervisionKind::Reminder,
            level: None,
            unit: "zjj".into(),
            issued: d,
            reply_due: d,
            replied: None,
            reply_note: None,
            by: "chenjing".into(),
        };
        let who = |role, login: &str, unit: Option<&str>| {
            let mut s = staff(role, unit);
            s.login = login.into();
            s
        };
        // (person, works the case, sees it, answers its letter)
        let table = [
            (who(Role::Supervisor, "chenjing", None), [true, true, true]),
            (who(Role::Admin, "root", None), [true, true, true]),
            (who(Role::Leader, "sunhao", None), [true, true, false]),
            (who(Role::Leader, "liming", None), [false, true, false]),
            (
                who(Role::Handler, "wangwei", Some("zjj")),
                [false, true, true],
            ),
            (
                who(Role::Handler, "zhaolei", Some("jtj")),
                [false, false, false],
            ),
            (
                who(Role::Receptionist, "zhangli", None),
                [false, false, false],
            ),
        ];
        for (s, want) in table {
            let got = [
                may_work_case(&s, &case),
                may_see_case(&s, &case),
                may_answer(&s, &letter),
            ];
            assert_eq!(got, want, "{} {}", s.role, s.login);
        }
    }

    #[test]
    fn the_last_active_admin_is_the_only_one_left() {
        let mut root = staff(Role::Admin, None);
        root.login = "root".into();
        let mut lijun = staff(Role::Admin, None);
        lijun.login = "lijun".into();
        let mut clerk = staff(Role::Receptionist, None);
        clerk.login = "zhangli".into();
        assert!(is_last_active_admin(&[root.clone(), clerk.clone()], "root"));
        assert!(!is_last_active_admin(
            &[root.clone(), clerk.clone()],
            "zhangli"
        ));
        assert!(!is_last_active_admin(
            &[root.clone(), lijun.clone()],
            "root"
        ));
        lijun.disabled = true;
        assert!(
            is_last_active_admin(&[root.clone(), lijun.clone()], "root"),
            "a disabled admin manages nothing"
        );
        assert!(!is_last_active_admin(&[root, lijun], "lijun"));
    }
}
