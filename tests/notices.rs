//! Written notices through the service (docs/rules.md#written-notices): each
//! kind issued when the matter's state fits it and refused before, numbers
//! per kind and year, templates the office overrides, whole ID numbers only
//! at output, and delivery by document number starting the review window.

mod common;

use common::{audit_trail, id_number, walk_in, write_file, Office, TOWN};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};
use xfdesk::domain::notice::WHOLE_ID_MARK;
use xfdesk::domain::{LedgerNo, NoticeKind, Step};
use xfdesk::service::ServiceError;
use xfdesk::store::Counter;

const START: OffsetDateTime = datetime!(2026-03-02 09:00 +8);

use NoticeKind as K;
use Step as A;

fn issue(o: &mut Office, login: &str, ledger: LedgerNo, kind: K) -> Result<String, String> {
    o.db.as_user(login)
        .issue_notice(ledger, kind)
        .map(|p| p.notice.doc_no)
        .map_err(|e| e.to_string())
}

/// A matter registered by zhangli for a new person with an ID number.
fn registered(o: &mut Office, id: &str) -> LedgerNo {
    o.wait(Duration::days(1));
    let r = walk_in("于营", id, "jy", "撤并学校,上学不便");
    o.db.as_user("zhangli").register(&r).unwrap().ledger
}

#[test]
fn each_kind_is_issued_once_its_step_is_taken_and_refused_before() {
    let mut o = Office::new(START);
    let m = registered(&mut o, "");
    // Refused in the registered state, naming it.
    for kind in [K::Accept, K::Reply, K::Review, K::Rereview, K::Extend] {
        let e = issue(&mut o, "lijun", m, kind).unwrap_err();
        assert!(e.contains("registered"), "{kind}: {e}");
    }
    assert_eq!(
        issue(&mut o, "zhangli", m, K::Receipt).unwrap(),
        "信登〔2026〕1号"
    );
    o.walk(m, &[("zhangli", A::Accept, &[("unit", "jtj")])]);
    assert_eq!(
        issue(&mut o, "wangwei", m, K::Accept).unwrap(),
        "信受〔2026〕1号"
    );
    o.walk(
        m,
        &[("lijun", A::Extend, &[("days", "20"), ("reason", "需调查")])],
    );
    assert_eq!(
        issue(&mut o, "wangwei", m, K::Extend).unwrap(),
        "信延〔2026〕1号"
    );
    assert_eq!(
        issue(&mut o, "lijun", m, K::Reminder).unwrap(),
        "信提〔2026〕1号"
    );
    assert_eq!(
        issue(&mut o, "lijun", m, K::Directive).unwrap(),
        "信督〔2026〕1号"
    );
    let e = issue(&mut o, "wangwei", m, K::Directive).unwrap_err();
    assert!(e.contains("may not"), "{e}");
    o.walk(
        m,
        &[(
            "wangwei",
            A::Reply,
            &[("note", "经查，学校撤并符合规划。"), ("opinion", "explain")],
        )],
    );
    assert_eq!(
        issue(&mut o, "wangwei", m, K::Reply).unwrap(),
        "信处〔2026〕1号"
    );
    let e = issue(&mut o, "lijun", m, K::Review).unwrap_err();
    assert!(e.contains("replied"), "{e}");
    o.walk(
        m,
        &[
            ("zhangli", A::ReviewRequest, &[]),
            ("lijun", A::ReviewDecision, &[("note", "维持原处理意见")]),
        ],
    );
    assert_eq!(
        issue(&mut o, "lijun", m, K::Review).unwrap(),
        "信复查〔2026〕1号"
    );
    let e = issue(&mut o, "lijun", m, K::Rereview).unwrap_err();
    assert!(e.contains("review_decided"), "{e}");
    o.walk(
        m,
        &[
            ("zhangli", A::RereviewRequest, &[]),
            ("lijun", A::RereviewDecision, &[("note", "复核维持")]),
        ],
    );
    assert_eq!(
        issue(&mut o, "lijun", m, K::Rereview).unwrap(),
        "信复核〔2026〕1号"
    );
    // A final matter is no longer open: no supervision letters.
    let e = issue(&mut o, "lijun", m, K::Reminder).unwrap_err();
    assert!(e.contains("final"), "{e}");
    // The routes that end a registered matter.
    for (kind, step, fields) in [
        (K::Reject, A::Reject, &[("reason", "不属于信访事项")][..]),
        (K::Forward, A::Forward, &[("to", "zrj")][..]),
        (K::Redirect, A::Redirect, &[("to", "行政复议")][..]),
    ] {
        let m = registered(&mut o, "");
        assert!(issue(&mut o, "lijun", m, kind)
            .unwrap_err()
            .contains("registered"));
        o.walk(m, &[("zhangli", step, fields)]);
        assert!(issue(&mut o, "lijun", m, kind)
            .unwrap()
            .contains("〔2026〕1号"));
    }
    let listed = o.db.desk.notices_of(m).unwrap();
    assert_eq!(listed.len(), 8);
    assert_eq!(
        o.db.desk
            .store()
            .counter(Counter::Notice(K::Accept, 2026))
            .unwrap(),
        1
    );
}

#[test]
fn a_reply_notice_states_the_opinion_and_the_review_route() {
    let mut o = Office::new(START);
    let m = registered(&mut o, "");
    o.walk(m, &[("zhangli", A::Accept, &[("unit", "jtj")])]);
    o.walk(
        m,
        &[(
            "wangwei",
            A::Reply,
            &[
                ("note", "经查，学校撤并符合规划。"),
                ("opinion", "not_supported"),
            ],
        )],
    );
    let p = o.db.as_user("wangwei").issue_notice(m, K::Reply).unwrap();
    let body = p.body.join("\n");
    for part in [
        "撤并学校,上学不便",
        "经查，学校撤并符合规划。",
        "不予支持",
        "30日内",
        "请求复查",
    ] {
        assert!(body.contains(part), "{part} in {body}");
    }
    assert_eq!(p.title, "信访事项处理意见书");
}

#[test]
fn the_whole_id_number_is_filled_in_at_output_for_a_role_that_sees_it_and_never_stored() {
    let mut o = Office::new(START);
    let id = id_number("11010519491231002");
    let m = registered(&mut o, &id);
    let desk_copy = o.db.as_user("zhangli").issue_notice(m, K::Receipt).unwrap();
    let text = desk_copy.body.join("\n");
    assert!(!text.contains(&id), "{text}");
    assert!(text.contains("1101**********002X"), "{text}");
    let supervisor =
        o.db.as_user("lijun")
            .reprint(m, &desk_copy.notice.doc_no)
            .unwrap();
    assert!(supervisor.body.join("\n").contains(&id));
    let stored = o.db.desk.notices_of(m).unwrap();
    assert!(stored[0].text.contains(WHOLE_ID_MARK));
    assert!(!stored[0].text.contains(&id));
    let trail = audit_trail(&o.db);
    let last = trail.last().unwrap();
    assert_eq!(last.by, "lijun");
    assert!(
        last.what.contains("reprinted") && last.what.contains("revealed ID number"),
        "{last:?}"
    );
    assert!(trail
        .iter()
        .any(|e| e.by == "zhangli" && e.what.contains("notice issued: receipt")));
}

#[test]
fn delivering_a_reply_notice_by_its_number_marks_it_and_starts_the_review_window() {
    let mut o = Office::new(START);
    let m = registered(&mut o, "");
    o.walk(m, &[("zhangli", A::Accept, &[("unit", "jtj")])]);
    o.walk(
        m,
        &[(
            "wangwei",
            A::Reply,
            &[("note", "已答复"), ("opinion", "support")],
        )],
    );
    let doc = issue(&mut o, "wangwei", m, K::Reply).unwrap();
    let receipt = issue(&mut o, "zhangli", m, K::Receipt).unwrap();
    assert_eq!(o.db.desk.undelivered_notices().unwrap().len(), 2);
    let before = o.db.desk.due_of(&o.matter(m)).unwrap();
    o.wait(Duration::days(9));
    o.walk(
        m,
        &[(
            "zhangli",
            A::Deliver,
            &[("method", "post"), ("notice", &doc)],
        )],
    );
    let after = o.db.desk.due_of(&o.matter(m)).unwrap();
    assert!(
        after > before,
        "the window counts from delivery: {before} → {after}"
    );
    let undelivered = o.db.desk.undelivered_notices().unwrap();
    assert_eq!(undelivered.len(), 1);
    assert_eq!(undelivered[0].doc_no, receipt);
    let n = o.db.desk.notices_of(m).unwrap();
    let reply = n.iter().find(|n| n.doc_no == doc).unwrap();
    let d = reply.delivery.as_ref().unwrap();
    assert_eq!((d.method.code(), d.by.as_str()), ("post", "zhangli"));
    assert!(audit_trail(&o.db).last().unwrap().what.contains(&doc));
}

#[test]
fn an_office_template_is_checked_when_set_and_again_when_issuing() {
    let mut o = Office::new(START);
    let m = registered(&mut o, "");
    let dir = o.db.dir.path().join("templates");
    std::fs::create_dir(&dir).unwrap();
    let file = write_file(
        &dir,
        "receipt.txt",
        "# 本局回执\n来访登记回执\n{ledger} {registered} {receiver}\n到期：{due}\n经办：{handler}\n",
    );
    let admin = o.db.as_admin();
    let e = admin
        .set_office_setting("notice_templates", dir.to_str().unwrap())
        .unwrap_err();
    assert_eq!(
        e.to_string().split(" no field").next().unwrap(),
        format!("{}:5:", file.display())
    );
    assert_eq!(admin.notice_settings().unwrap().templates, "");
    std::fs::write(
        &file,
        "来访登记回执\n{ledger} {registered} {receiver} {due}\n",
    )
    .unwrap();
    admin
        .set_office_setting("notice_templates", dir.to_str().unwrap())
        .unwrap();
    admin
        .set_office_setting("notice_number.receipt", "清信登〔{year}〕{n}号")
        .unwrap();
    admin
        .set_office_setting("office_name", "青岛市黄岛区信访局")
        .unwrap();
    let p = o.db.as_user("zhangli").issue_notice(m, K::Receipt).unwrap();
    assert_eq!(
        (p.title.as_str(), p.notice.doc_no.as_str()),
        ("来访登记回执", "清信登〔2026〕1号")
    );
    assert_eq!(p.office, "青岛市黄岛区信访局");
    // Broken after it was set: refused at issue, nothing numbered.
    std::fs::write(
        &file,
        "来访登记回执\n{ledger} {registered}\n{receiver} {due\n",
    )
    .unwrap();
    let e = o.db.desk.issue_notice(m, K::Receipt).unwrap_err();
    assert!(
        e.to_string()
            .starts_with(&format!("{}:3: ", file.display())),
        "{e}"
    );
    assert_eq!(
        o.db.desk
            .store()
            .counter(Counter::Notice(K::Receipt, 2026))
            .unwrap(),
        1
    );
    assert!(matches!(e, ServiceError::Invalid(_)));
    let _ = TOWN;
}

#[test]
fn check_finds_a_notice_counter_behind_its_numbers() {
    let mut o = Office::new(START);
    let m = registered(&mut o, "");
    issue(&mut o, "zhangli", m, K::Receipt).unwrap();
    issue(&mut o, "zhangli", m, K::Receipt).unwrap();
    assert_eq!(common::integrity(&o.db.desk).problems, Vec::<String>::new());
    let store = o.db.desk.store();
    let mut ws = xfdesk::store::WriteSet::new(store);
    ws.set_counter(Counter::Notice(K::Receipt, 2026), 1);
    ws.commit().unwrap();
    let problems = common::integrity(&o.db.desk).problems;
    assert_eq!(
        problems,
        vec!["notice/receipt/2026 counter is behind the highest number issued (2)".to_string()]
    );
}

#[test]
fn a_delivery_learnt_of_later_counts_from_its_own_day() {
    use xfdesk::domain::DeliveryMethod;
    let mut o = Office::new(START);
    let m = registered(&mut o, "");
    o.walk(m, &[("zhangli", A::Accept, &[("unit", "jtj")])]);
    o.walk(
        m,
        &[(
            "wangwei",
            A::Reply,
            &[("note", "已答复"), ("opinion", "support")],
        )],
    );
    let doc = issue(&mut o, "wangwei", m, K::Reply).unwrap();
    let replied = o
        .matter(m)
        .events
        .last()
        .unwrap()
        .at
        .local_date(o.db.desk.store().tz());
    o.wait(Duration::days(20));
    let today = o.now.date();
    let desk = o.db.as_user("zhangli");
    let e = desk
        .deliver_notice(
            m,
            &doc,
            DeliveryMethod::Post,
            Some(today + Duration::days(1)),
        )
        .unwrap_err();
    assert!(e.to_string().contains("in the future"), "{e}");
    let e = desk
        .deliver_notice(m, "信处〔2026〕9号", DeliveryMethod::Post, None)
        .unwrap_err();
    assert!(matches!(e, ServiceError::NotFound(_)), "{e}");
    // The postal receipt says it arrived five days after the reply.
    let arrived = replied + Duration::days(5);
    let n = desk
        .deliver_notice(m, &doc, DeliveryMethod::Post, Some(arrived))
        .unwrap();
    let tz = desk.store().tz();
    assert_eq!(n.delivery.unwrap().at.local_date(tz), arrived);
    let closes = xfdesk::domain::workflow::request_window_closes(
        &o.matter(m),
        A::ReviewRequest,
        &o.db.desk.store().calendar(),
        tz,
    )
    .unwrap();
    assert!(closes >= arrived + Duration::days(30) && closes < arrived + Duration::days(34));
}
