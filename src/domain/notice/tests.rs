use super::*;
use crate::domain::model::Opinion;
use crate::domain::workflow::{apply, Limits};

fn event(action: Step, at: i64) -> Event {
    let mut e = Event::new(Ts(at), action, "wangwei");
    match action {
        Step::Accept => e.unit = Some("jtj".into()),
        Step::Reject | Step::Extend => e.reason = Some("材料不全".into()),
        Step::Forward | Step::Redirect => e.to = Some("区法院".into()),
        Step::Reply | Step::ReviewDecision | Step::RereviewDecision => {
            e.note = Some("经查，情况属实。".into());
            e.opinion = Some(Opinion::Support);
        }
        _ => {}
    }
    if action == Step::Extend {
        e.days = Some(30);
    }
    e
}

/// A matter taken through `steps` by the workflow itself.
fn matter(steps: &[Step]) -> Matter {
    let mut m = Matter::registered("zhangli", Ts(0));
    for (i, s) in steps.iter().enumerate() {
        apply(&mut m, event(*s, 100 + i as i64), &Limits::default()).unwrap();
    }
    m
}

/// Each kind, the steps that make it fit, and steps after which it does not.
#[test]
fn each_kind_fits_its_state_and_is_refused_in_another() {
    use NoticeKind as K;
    use Step as S;
    let table: &[(K, &[S], &[S])] = &[
        (K::Receipt, &[], &[]),
        (K::Accept, &[S::Accept], &[S::Reject]),
        (K::Reject, &[S::Reject], &[S::Accept]),
        (K::Forward, &[S::Forward], &[S::Redirect]),
        (K::Redirect, &[S::Redirect], &[S::Forward]),
        (K::Extend, &[S::Accept, S::Extend], &[S::Accept]),
        (K::Reply, &[S::Accept, S::Reply], &[S::Accept]),
        (
            K::Review,
            &[S::Accept, S::Reply, S::ReviewRequest, S::ReviewDecision],
            &[S::Accept, S::Reply, S::ReviewRequest],
        ),
        (
            K::Rereview,
            &[
                S::Accept,
                S::Reply,
                S::ReviewRequest,
                S::ReviewDecision,
                S::RereviewRequest,
                S::RereviewDecision,
            ],
            &[S::Accept, S::Reply, S::ReviewRequest, S::ReviewDecision],
        ),
        (K::Reminder, &[S::Accept], &[S::Reject]),
        (K::Directive, &[], &[S::Forward]),
    ];
    for (kind, right, wrong) in table {
        let m = matter(right);
        assert!(fits(&m, *kind).is_ok(), "{kind} after {right:?}");
        assert!(fitting(&m).contains(kind));
        if *kind == K::Receipt {
            continue;
        }
        let m = matter(wrong);
        let e = fits(&m, *kind).unwrap_err();
        assert!(
            e.to_string().contains(m.state.code()),
            "{kind} after {wrong:?}: {e}"
        );
    }
}

#[test]
fn a_reply_notice_needs_the_replys_opinion_and_text() {
    let mut m = matter(&[Step::Accept]);
    let mut e = event(Step::ResolveOnSpot, 200);
    e.opinion = None;
    e.note = None;
    m.state = MatterState::Registered;
    apply(&mut m, e, &Limits::default()).unwrap();
    let err = fits(&m, NoticeKind::Reply).unwrap_err();
    assert!(matches!(err, NoticeError::ReplyIncomplete { .. }), "{err}");
    m.events.last_mut().unwrap().opinion = Some(Opinion::Explain);
    let err = fits(&m, NoticeKind::Reply).unwrap_err();
    assert!(err.to_string().contains("text"), "{err}");
    m.events.last_mut().unwrap().note = Some("已当场解释".into());
    assert!(fits(&m, NoticeKind::Reply).is_ok());
}

#[test]
fn the_whole_number_is_filled_in_only_at_output() {
    let n = Notice {
        ledger: LedgerNo { year: 2026, seq: 1 },
        kind: NoticeKind::Receipt,
        year: 2026,
        seq: 1,
        doc_no: "信登〔2026〕1号".into(),
        issued_at: Ts(0),
        by: "zhangli".into(),
        text: format!("登记回执\n身份证号码：{WHOLE_ID_MARK}"),
        delivery: None,
    };
    let p = Printable::of(n, "区信访局", "11010519491231002X");
    assert_eq!(p.title, "登记回执");
    assert_eq!(p.body, vec!["身份证号码：11010519491231002X".to_string()]);
    assert!(p.notice.text.contains(WHOLE_ID_MARK));
    assert_eq!(date_zh(time::macros::date!(2026 - 03 - 02)), "2026年3月2日");
}
