//! What staff are told while registering (docs/rules.md: Repeat contacts and long-standing
//! petitioners, Skip-level, Collective visits, ID numbers and phones), never blocking the save:
//! long-standing petitioners, key persons, skip-level visits by stage,
//! collective visits without representatives, odd phones, possible
//! duplicates; and the open matters offered for a repeat contact.

mod common;

use common::{matters_of, new_person, pid, repeat_visit, walk_in, TestDb, FIVE, TOWN};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};
use xfdesk::domain::{Channel, LedgerNo, Level, Step};
use xfdesk::service::act::ActionInput;
use xfdesk::service::register::{Person, Stage, Warning};

const NOW: OffsetDateTime = datetime!(2026-03-02 09:00 +8);

/// History for the warnings: 钱多 came nine times in 2025 (one more makes
/// ten), 钱少 eight times; 孙年 came in 2024 and 2025; 周平 once in 2025; 吴重
/// is a key person. Three county matters of 张甲/张乙/张丙 stand before the reply,
/// after it, and after the review decision.
fn history() -> String {
    let mut s = String::from(
        r#"{"type":"petitioner","ref":"wz","name":"吴重","key_person":"多次进京","town":"370211001"}
"#,
    );
    for (r, name) in [
        ("qd", "钱多"),
        ("qs", "钱少"),
        ("sn", "孙年"),
        ("zp", "周平"),
        ("z1", "张甲"),
        ("z2", "张乙"),
        ("z3", "张丙"),
    ] {
        s += &format!(
            r#"{{"type":"petitioner","ref":"{r}","name":"{name}","town":"{TOWN}"}}
"#
        );
    }
    let matter = |r: &str, p: &str, cat: &str, at: &str| {
        format!(
            r#"{{"type":"matter","ref":"{r}","petitioners":["{p}"],"category":"{cat}","town":"{TOWN}","summary":"{r}事项","first_receiver":"zhangli","registered_at":"{at}T09:00:00+08:00"}}
"#
        )
    };
    let contact = |m: &str, p: &str, at: &str| {
        format!(
            r#"{{"type":"contact","matter":"{m}","petitioners":["{p}"],"at":"{at}T09:00:00+08:00","channel":"visit","level":"county","headcount":1,"receiver":"zhangli","summary":"来访"}}
"#
        )
    };
    let event = |m: &str, action: &str, at: &str, extra: &str| {
        format!(
            r#"{{"type":"event","matter":"{m}","at":"{at}T10:00:00+08:00","action":"{action}","by":"zhangli"{extra}}}
"#
        )
    };
    s += &matter("mqd", "qd", "cxjs", "2025-01-02");
    s += &matter("mqs", "qs", "cxjs", "2025-01-02");
    for month in 1..=9 {
        s += &contact("mqd", "qd", &format!("2025-{month:02}-02"));
        if month < 9 {
            s += &contact("mqs", "qs", &format!("2025-{month:02}-02"));
        }
    }
    s += &matter("msn", "sn", "cxjs", "2024-05-01");
    s += &contact("msn", "sn", "2024-05-01");
    s += &contact("msn", "sn", "2025-05-01");
    s += &matter("mzp", "zp", "cxjs", "2025-06-01");
    s += &contact("mzp", "zp", "2025-06-01");
    for (m, p, steps) in [("m1", "z1", 0), ("m2", "z2", 2), ("m3", "z3", 4)] {
        s += &matter(m, p, "jy", "2025-07-01");
        s += &contact(m, p, "2025-07-01");
        let all = [
            ("accept", ",\"unit\":\"jtj\""),
            ("reply", ",\"note\":\"已答复\""),
            ("review_request", ""),
            ("review_decision", ""),
        ];
        for (i, (action, extra)) in all.iter().take(steps).enumerate() {
            s += &event(m, action, &format!("2025-08-{:02}", i + 1), extra);
        }
    }
    s
}

/// The warnings of one kind in `w`.
fn of_kind(w: &[Warning], kind: fn(&Warning) -> bool) -> Vec<Warning> {
    w.iter().filter(|w| kind(w)).cloned().collect()
}

#[test]
fn long_standing_petitioners_and_key_persons_are_pointed_out() {
    let db = TestDb::office(&history(), NOW, "zhangli");
    let long = |w: &Warning| matches!(w, Warning::LongStanding { .. });
    // (person, expected long-standing warning)
    let cases = [
        ("钱多", Some((10, 2))),
        ("钱少", None),
        ("孙年", Some((3, 3))),
        ("周平", None),
        ("张甲", None),
    ];
    for (name, want) in cases {
        let who = pid(&db, name);
        let ledger = matters_of(&db, who)[0];
        let r = db
            .desk
            .register(&repeat_visit(who, ledger, Level::County))
            .unwrap();
        let want: Vec<Warning> = want
            .map(|(contacts, years)| Warning::LongStanding { contacts, years })
            .into_iter()
            .collect();
        assert_eq!(of_kind(&r.warnings, long), want, "{name}");
    }
    let key = pid(&db, "吴重");
    let mut r = walk_in("x", "", "jy", "学校搬迁");
    r.person = Person::Existing(key);
    let saved = db.desk.register(&r).unwrap();
    assert_eq!(
        saved.warnings,
        [Warning::KeyPerson {
            reason: "多次进京".into()
        }]
    );
}

#[test]
fn a_visit_more_than_a_level_above_the_body_with_authority_is_skip_level() {
    let db = TestDb::office(&history(), NOW, "zhangli");
    let skip = |w: &Warning| matches!(w, Warning::SkipLevel { .. });
    // (person whose county matter is at that stage, channel, level, warning)
    // With the office's default allowance a visit may reach one level above
    // the body with authority (本级或者上一级).
    let cases = [
        ("张甲", Channel::Visit, Level::County, None),
        ("张甲", Channel::Visit, Level::City, None),
        (
            "张甲",
            Channel::Visit,
            Level::Province,
            Some((Level::City, Stage::BeforeReply)),
        ),
        ("张甲", Channel::Letter, Level::National, None),
        ("张乙", Channel::Visit, Level::Province, None),
        (
            "张乙",
            Channel::Visit,
            Level::National,
            Some((Level::Province, Stage::AfterReply)),
        ),
        ("张丙", Channel::Visit, Level::National, None),
    ];
    for (name, channel, level, want) in cases {
        let who = pid(&db, name);
        let ledger = matters_of(&db, who)[0];
        let mut r = repeat_visit(who, ledger, level);
        r.channel = channel;
        r.letter_no = (channel == Channel::Letter).then(|| "L-1".into());
        let saved = db.desk.register(&r).unwrap();
        let want: Vec<Warning> = want
            .map(|(allowed, stage)| Warning::SkipLevel {
                level,
                allowed,
                stage,
            })
            .into_iter()
            .collect();
        assert_eq!(
            of_kind(&saved.warnings, skip),
            want,
            "{name} {channel} {level}"
        );
        let m = db.desk.store().matter(ledger).unwrap().unwrap();
        let c = m.contacts.iter().find(|c| c.id == saved.contact).unwrap();
        assert_eq!(c.skip_level, !want.is_empty(), "{name} {channel} {level}");
    }
}

#[test]
fn collective_visits_without_representatives_odd_phones_and_duplicates_warn_but_save() {
    let mut db = TestDb::office(&format!("{}{FIVE}", history()), NOW, "zhangli");
    let rep = pid(&db, "代表甲");
    let collective = |w: &Warning| matches!(w, Warning::CollectiveWithoutRepresentatives { .. });
    for (headcount, reps, warned) in [(5, vec![], true), (4, vec![], false), (5, vec![rep], false)]
    {
        let mut r = walk_in("集体访代表", "", "cxjs", "征地补偿");
        r.headcount = headcount;
        r.representatives = reps.clone();
        let saved = db.desk.register(&r).unwrap();
        let want: Vec<Warning> = if warned {
            vec![Warning::CollectiveWithoutRepresentatives { headcount }]
        } else {
            vec![]
        };
        assert_eq!(
            of_kind(&saved.warnings, collective),
            want,
            "{headcount} {reps:?}"
        );
        let m = db.desk.store().matter(saved.ledger).unwrap().unwrap();
        assert_eq!(m.contacts[0].headcount, headcount);
        assert_eq!(m.contacts[0].petitioners.len(), 1 + reps.len());
        for r in &reps {
            assert!(matters_of(&db, *r).contains(&saved.ledger), "{r}");
        }
    }

    let mut r = walk_in("刘电", "", "jy", "学校收费");
    new_person(&mut r).phones = vec!["0532-8888 6666".into(), "+86 139 0000 0000".into()];
    let saved = db.desk.register(&r).unwrap();
    assert_eq!(saved.warnings, [Warning::OddPhone("053288886666".into())]);
    let p = db
        .desk
        .store()
        .petitioner(saved.petitioner)
        .unwrap()
        .unwrap();
    assert_eq!(p.phones, ["053288886666", "13900000000"]);

    // 张甲 has an open 教育 matter: a new 教育 matter may be a duplicate of
    // it, a new 城乡建设 one is not.
    let who = pid(&db, "张甲");
    let open = matters_of(&db, who)[0];
    let duplicate = |w: &Warning| matches!(w, Warning::PossibleDuplicate { .. });
    for (category, warned) in [("jy", true), ("cxjs", false)] {
        let mut r = walk_in("x", "", category, "又一件事");
        r.person = Person::Existing(who);
        let saved = db.desk.register(&r).unwrap();
        let want: Vec<Warning> = if warned {
            vec![Warning::PossibleDuplicate {
                ledger: open,
                summary: "m1事项".into(),
            }]
        } else {
            vec![]
        };
        assert_eq!(of_kind(&saved.warnings, duplicate), want, "{category}");
    }
    // Once that matter is closed, it is no longer a possible duplicate.
    db.as_user("lijun");
    let reject = ActionInput {
        reason: Some("不属信访受理范围".into()),
        ..ActionInput::new(Step::Reject)
    };
    let before: Vec<LedgerNo> = matters_of(&db, who);
    for l in &before {
        db.desk.act(*l, &reject).unwrap();
    }
    let mut r = walk_in("x", "", "jy", "第三件事");
    r.person = Person::Existing(who);
    let saved = db.desk.register(&r).unwrap();
    assert_eq!(of_kind(&saved.warnings, duplicate), []);
}

#[test]
fn repeat_candidates_are_open_matters_of_the_category_first_then_ended_ones() {
    let mut db = TestDb::office("", NOW, "lijun");
    let a = db.desk.register(&walk_in("于营", "", "jy", "A")).unwrap();
    let who = a.petitioner;
    let mut ledgers = vec![a.ledger];
    for (i, (category, summary)) in [("cxjs", "B"), ("jy", "C"), ("jy", "D")].iter().enumerate() {
        db.set_now(NOW + Duration::days(i as i64 + 1));
        let mut r = walk_in("x", "", category, summary);
        r.person = Person::Existing(who);
        ledgers.push(db.desk.register(&r).unwrap().ledger);
    }
    let reject = ActionInput {
        reason: Some("重复".into()),
        ..ActionInput::new(Step::Reject)
    };
    db.desk.act(ledgers[2], &reject).unwrap();
    let summaries = |category: &str| -> Vec<String> {
        db.desk
            .repeat_candidates(who, category)
            .unwrap()
            .into_iter()
            .map(|m| m.summary)
            .collect()
    };
    // C is closed: offered after every open one (a return to it is a repeat
    // on it, with no new clock).
    assert_eq!(summaries("jy"), ["D", "A", "B", "C"]);
    assert_eq!(summaries("cxjs"), ["B", "D", "A", "C"]);
    assert!(db.desk.repeat_candidates(999, "jy").unwrap().is_empty());
}
