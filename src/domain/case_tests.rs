//! The rules of key cases, supervision and the key-person list, on plain values.

use super::case::{Case, CaseDraft, CaseError, CaseLog, CaseLogKind, CaseSource, CaseStatus};
use super::keylist::{add_months, candidate, stays_on_list, CandidateReason};
use super::office::{ListMonths, OfficeRules};
use super::supervision::{Supervision, SupervisionError, SupervisionKind};
use super::{Channel, Contact, LedgerNo, Level, Matter, MatterState, Ts, DEFAULT_TZ};
use time::macros::date;

const M1: LedgerNo = LedgerNo { year: 2026, seq: 1 };

fn draft() -> CaseDraft {
    CaseDraft {
        source: Some(CaseSource::Screened),
        leader: Some("sunhao".into()),
        measures: Some("联合住建部门现场核查".into()),
        due: Some(date!(2026 - 05 - 31)),
        unit: Some("zjj".into()),
        owner: Some("wangwei".into()),
        ..Default::default()
    }
}

fn case() -> Case {
    draft().open(M1, date!(2026 - 03 - 05)).unwrap()
}

#[test]
fn the_four_ding_are_required_and_named() {
    let d = CaseDraft {
        leader: Some("sunhao".into()),
        measures: Some("  ".into()),
        ..Default::default()
    };
    assert_eq!(
        d.open(M1, date!(2026 - 03 - 05)),
        Err(CaseError::Missing(vec![
            "measures".into(),
            "due".into(),
            "unit".into(),
            "owner".into()
        ]))
    );
    let assigned = CaseDraft {
        source: Some(CaseSource::Assigned),
        assigned_by: Some("市信访局".into()),
        ..draft()
    };
    assert_eq!(
        assigned.missing(),
        vec!["assigned_no".to_string()],
        "上级交办 names the assigning body and its number"
    );
    assert!(draft().missing().is_empty());
    let early = CaseDraft {
        due: Some(date!(2026 - 03 - 01)),
        ..draft()
    };
    assert!(matches!(
        early.open(M1, date!(2026 - 03 - 05)),
        Err(CaseError::DueBeforeOpened { .. })
    ));
}

#[test]
fn every_status_change_is_in_the_table_or_refused_naming_the_state() {
    use CaseStatus::*;
    let allowed = [
        (Open, Resolved),
        (Open, Settled),
        (Open, Stabilised),
        (Stabilised, Resolved),
        (Stabilised, Settled),
        (Resolved, Open),
        (Settled, Open),
        (Stabilised, Open),
        (Resolved, Cleared),
        (Settled, Cleared),
        (Stabilised, Cleared),
    ];
    for from in CaseStatus::ALL {
        for to in CaseStatus::ALL {
            let mut c = case();
            c.status = *from;
            let got = c.change_status(*to, "chenjing", Ts(0), Some("已化解".into()));
            if allowed.contains(&(*from, *to)) {
                assert_eq!(got, Ok(()), "{from} → {to}");
                assert_eq!(c.status, *to);
                assert_eq!(c.changes.len(), 1);
            } else if *from == Cleared {
                assert_eq!(got, Err(CaseError::Cleared(M1)));
            } else {
                let e = got.unwrap_err();
                assert!(e.to_string().contains(from.code()), "{e}");
                assert_eq!(c.status, *from, "a refusal changes nothing");
            }
        }
    }
}

#[test]
fn clearing_needs_a_reason_and_ends_the_log() {
    let mut c = case();
    c.change_status(CaseStatus::Resolved, "sunhao", Ts(0), None)
        .unwrap();
    assert_eq!(
        c.change_status(CaseStatus::Cleared, "chenjing", Ts(1), Some(" ".into())),
        Err(CaseError::NoReason)
    );
    c.change_status(
        CaseStatus::Cleared,
        "chenjing",
        Ts(1),
        Some("息诉罢访".into()),
    )
    .unwrap();
    let log = CaseLog {
        at: Ts(2),
        kind: CaseLogKind::Handle,
        by: "sunhao".into(),
        note: "x".into(),
    };
    assert_eq!(c.add_log(log), Err(CaseError::Cleared(M1)));
}

#[test]
fn overdue_is_open_after_the_deadline_day() {
    let mut c = case();
    assert!(
        !c.is_overdue(date!(2026 - 05 - 31)),
        "the deadline day is in time"
    );
    assert!(c.is_overdue(date!(2026 - 06 - 01)));
    c.status = CaseStatus::Stabilised;
    assert!(
        !c.is_overdue(date!(2026 - 06 - 01)),
        "only open cases are overdue"
    );
}

#[test]
fn status_on_a_day_follows_the_changes() {
    let mut c = case();
    // 2026-05-20 09:00 +08:00.
    let at = Ts(1_779_238_800);
    c.change_status(CaseStatus::Resolved, "sunhao", at, None)
        .unwrap();
    let tz = DEFAULT_TZ;
    assert_eq!(c.status_on(date!(2026 - 03 - 04), tz), None);
    assert_eq!(
        c.status_on(date!(2026 - 05 - 19), tz),
        Some(CaseStatus::Open)
    );
    assert_eq!(
        c.status_on(date!(2026 - 05 - 20), tz),
        Some(CaseStatus::Resolved)
    );
    assert_eq!(
        c.reached(CaseStatus::Resolved, tz),
        Some(date!(2026 - 05 - 20))
    );
    assert!(!c.overdue_on(date!(2026 - 06 - 30), tz));
}

fn visit(day: i64, repeat: bool, skip_level: bool) -> Contact {
    Contact {
        id: day as u64,
        // Noon in UTC+8 of the day `day` days after 2026-01-01.
        at: Ts(1_767_240_000 + day * 86_400),
        channel: Channel::Visit,
        level: Level::County,
        headcount: 1,
        petitioners: vec![1],
        matter: M1,
        town: "t".into(),
        receiver: "zhangli".into(),
        summary: String::new(),
        abnormal: false,
        letter_no: None,
        repeat,
        skip_level,
    }
}

#[test]
fn candidates_by_contacts_long_standing_and_recent_visits() {
    let today = date!(2026 - 06 - 30);
    let tz = DEFAULT_TZ;
    let mut m = Matter::registered("zhangli", Ts(0));
    m.ledger = M1;
    m.petitioners = vec![1];
    m.contacts = vec![visit(0, false, false)];
    assert_eq!(candidate(&m, |_| false, today, tz), None);
    let got = candidate(&m, |p| p == 1, today, tz).unwrap();
    assert_eq!(got.reasons, vec![CandidateReason::LongStanding]);
    m.state = MatterState::Closed;
    assert_eq!(
        candidate(&m, |_| true, today, tz),
        None,
        "only a long-standing petitioner's open matters"
    );
    // 2026-06-30 is day 180: day 91 is 89 days before, day 90 is 90 before.
    m.contacts.push(visit(90, true, true));
    assert_eq!(
        candidate(&m, |_| false, today, tz),
        None,
        "90 days ago is out"
    );
    m.contacts.push(visit(91, true, false));
    let got = candidate(&m, |_| false, today, tz).unwrap();
    assert_eq!(got.reasons, vec![CandidateReason::RecentRepeat]);
    m.contacts.push(visit(100, true, true));
    m.contacts.push(visit(101, true, false));
    let got = candidate(&m, |_| false, today, tz).unwrap();
    assert_eq!(
        got.reasons,
        vec![
            CandidateReason::ManyContacts,
            CandidateReason::RecentRepeat,
            CandidateReason::RecentSkipLevel
        ]
    );
    assert_eq!(got.source(), CaseSource::Repeat);
    assert_eq!(got.last_contact, Some(date!(2026 - 04 - 12)));
}

#[test]
fn a_person_leaves_the_list_after_the_months_without_contact() {
    let last = date!(2025 - 06 - 30);
    assert!(stays_on_list(Some(last), None, date!(2026 - 06 - 29), 12));
    assert!(!stays_on_list(Some(last), None, date!(2026 - 06 - 30), 12));
    assert!(stays_on_list(
        Some(last),
        Some(date!(2026 - 01 - 10)),
        date!(2026 - 06 - 30),
        12
    ));
    assert!(!stays_on_list(None, None, date!(2026 - 06 - 30), 12));
    assert!(!stays_on_list(Some(last), None, date!(2025 - 12 - 31), 6));
    assert_eq!(add_months(date!(2026 - 01 - 31), 1), date!(2026 - 02 - 28));
    assert_eq!(add_months(date!(2024 - 12 - 15), 14), date!(2026 - 02 - 15));
}

#[test]
fn the_months_are_an_office_setting_defaulting_to_twelve() {
    let rules = OfficeRules::default();
    assert_eq!(rules.key_list_months, ListMonths(12));
    assert_eq!(rules.get("key_list_months").as_deref(), Some("12"));
    let six = rules.with("key_list_months", "6").unwrap();
    assert_eq!(six.key_list_months, ListMonths(6));
    assert!(rules.with("key_list_months", "0").is_err());
    // Settings stored before the setting existed read as 12 months.
    #[derive(serde::Serialize)]
    struct Before {
        skip_level_allowance: u8,
        collective_min_headcount: u32,
        zero_visit_levels: std::collections::BTreeSet<Level>,
    }
    let old = Before {
        skip_level_allowance: 0,
        collective_min_headcount: 7,
        zero_visit_levels: [Level::City].into_iter().collect(),
    };
    let mut bytes = vec![3];
    bytes.extend(postcard::to_allocvec(&old).unwrap());
    let read: OfficeRules = crate::store::codec::decode(&bytes).unwrap();
    assert_eq!(read.key_list_months, ListMonths(12));
    assert_eq!(read.collective_min_headcount, 7);
}

#[test]
fn supervision_is_overdue_unanswered_past_its_reply_date() {
    let mut s = Supervision {
        id: 1,
        matter: M1,
        kind: SupervisionKind::Reminder,
        level: Some(Level::County),
        unit: "zjj".into(),
        issued: date!(2026 - 04 - 01),
        reply_due: date!(2026 - 04 - 15),
        replied: None,
        reply_note: None,
        by: "chenjing".into(),
    };
    assert_eq!(s.validate(), Err(SupervisionError::LevelOnReminder));
    s.kind = SupervisionKind::Directive;
    assert_eq!(s.validate(), Ok(()));
    assert!(!s.is_overdue(date!(2026 - 04 - 15)));
    assert!(s.is_overdue(date!(2026 - 04 - 16)));
    assert!(s.reply(date!(2026 - 03 - 31), "x".into()).is_err());
    s.reply(date!(2026 - 04 - 16), "已办理".into()).unwrap();
    assert!(!s.is_overdue(date!(2026 - 05 - 01)));
    assert!(matches!(
        s.reply(date!(2026 - 04 - 17), "again".into()),
        Err(SupervisionError::AlreadyReplied(1, _))
    ));
}
