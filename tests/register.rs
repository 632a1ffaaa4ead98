//! Registering contacts at the desk (docs/rules.md: ID numbers and phones,
//! Repeat contacts and long-standing petitioners): gapless ledger numbers,
//! repeat contacts, every refused field, who may register, and drafts of a
//! half-typed form. The warnings are in warnings.rs.

mod common;

use common::{
    audit_trail, id_number, integrity, matters_of, new_person, pid, repeat_visit, walk_in, TestDb,
    FIVE, TOWN, TOWN2,
};
use time::macros::{date, datetime};
use time::{Duration, OffsetDateTime};
use xfdesk::domain::{Channel, LedgerNo, Level, MatterState, Role, Ts};
use xfdesk::service::register::{MatterChoice, NewMatter, Person, Registration};
use xfdesk::service::ServiceError;
use xfdesk::store::Counter;

const NOW: OffsetDateTime = datetime!(2026-03-02 09:00 +8);
fn new_matter(r: &mut Registration) -> &mut NewMatter {
    match &mut r.matter {
        MatterChoice::New(n) => n,
        MatterChoice::Existing(_) => unreachable!("a walk-in opens a matter"),
    }
}
/// Everything a registration could write: counters, audit and an export.
/// What a refused registration must leave as it was: counters, records and
/// the audit trail (whose other entries are the exports taken here).
fn saved(db: &mut TestDb) -> (u64, u64, u64, usize, String) {
    let login = db.desk.user().login.clone();
    let audit = audit_trail(db)
        .iter()
        .filter(|e| e.record != "export")
        .count();
    db.as_admin();
    let export = db.export();
    db.as_user(&login);
    let store = db.desk.store();
    (
        store.counter(Counter::Petitioner).unwrap(),
        store.counter(Counter::Contact).unwrap(),
        store.counter(Counter::Ledger(2026)).unwrap(),
        audit,
        export,
    )
}

#[test]
fn walk_ins_get_gapless_ledger_numbers_and_are_found_again() {
    let mut db = TestDb::office("", NOW, "zhangli");
    let first = db
        .desk
        .register(&walk_in(
            "于营",
            "11010519491231002x",
            "jy",
            "撤并学校,上学不便",
        ))
        .unwrap();
    assert_eq!(first.ledger.to_string(), "2026-000001");
    assert!(first.new_matter && first.warnings.is_empty(), "{first:?}");
    // A refused form takes no number.
    assert!(db.desk.register(&walk_in("", "", "jy", "x")).is_err());
    db.set_now(NOW + Duration::hours(1));
    let second = db
        .desk
        .register(&walk_in("李华", "", "cxjs", "拆迁补偿"))
        .unwrap();
    assert_eq!(second.ledger.to_string(), "2026-000002");
    assert_ne!(second.petitioner, first.petitioner);

    let store = db.desk.store();
    let p = store.petitioner(first.petitioner).unwrap().unwrap();
    assert_eq!(p.name, "于营");
    assert_eq!(p.id_number.as_deref(), Some("11010519491231002X"));
    assert_eq!(p.phones, ["13800138001"]);
    assert_eq!(p.town.as_deref(), Some(TOWN));
    assert_eq!(p.matters, [first.ledger]);
    let m = store.matter(first.ledger).unwrap().unwrap();
    assert_eq!(m.state, MatterState::Registered);
    assert_eq!((m.category.as_str(), m.town.as_str()), ("jy", TOWN));
    assert_eq!(m.first_receiver, "zhangli");
    assert_eq!(m.registered_by, "zhangli");
    assert_eq!(m.registered_at, Ts::from_datetime(NOW));
    assert_eq!(m.petitioners, [first.petitioner]);
    let [c] = &m.contacts[..] else {
        panic!("one contact: {:?}", m.contacts)
    };
    assert_eq!(c.id, first.contact);
    assert_eq!(c.receiver, "zhangli");
    assert_eq!(c.at, Ts::from_datetime(NOW));
    assert_eq!(
        (c.channel, c.level, c.headcount),
        (Channel::Visit, Level::County, 1)
    );
    assert_eq!(c.petitioners, [first.petitioner]);
    assert_eq!(c.summary, "撤并学校,上学不便", "defaults to the matter's");
    assert!(!c.repeat && !c.skip_level);

    let audit = audit_trail(&db);
    let entry = audit
        .iter()
        .find(|e| e.record == "matter 2026-000001")
        .expect("registration audited");
    assert_eq!(
        (entry.by.as_str(), entry.at),
        ("zhangli", Ts::from_datetime(NOW))
    );
    assert!(
        entry.what.contains("registered contact 1") && entry.what.contains("new matter"),
        "{}",
        entry.what
    );

    // A receptionist finds the person by name, by the whole ID number or
    // phone, by a name with the ID number's end, by the phone's last 4.
    for query in [
        "于营",
        "yy",
        "11010519491231002X",
        "于营002X",
        "13800138001",
        "8001",
    ] {
        let found = db.desk.lookup(query, 10).unwrap();
        assert!(
            found.iter().any(|f| f.id == first.petitioner),
            "{query}: {found:?}"
        );
    }
    let holder = db
        .desk
        .petitioner_with_id_number("11010519491231002X")
        .unwrap();
    assert_eq!(holder, Some(first.petitioner));

    let today: Vec<u64> = db
        .desk
        .today_contacts(date!(2026 - 03 - 02))
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(today, [second.contact, first.contact], "newest first");
    db.as_user("chenjing");
    assert!(db
        .desk
        .today_contacts(date!(2026 - 03 - 02))
        .unwrap()
        .is_empty());

    // Numbers restart with the year.
    db.set_now(datetime!(2027-01-01 08:30 +8));
    let next_year = db
        .desk
        .register(&walk_in("赵新", "", "jy", "新年来访"))
        .unwrap();
    assert_eq!(next_year.ledger.to_string(), "2027-000001");
    assert!(integrity(&db.desk).is_ok());
}

#[test]
fn a_repeat_contact_joins_its_matter_without_a_new_ledger_number() {
    let mut db = TestDb::office("", NOW, "zhangli");
    let first = db
        .desk
        .register(&walk_in("于营", "", "jy", "撤并学校"))
        .unwrap();
    db.set_now(NOW + Duration::days(3));
    db.as_user("chenjing");
    let again = db
        .desk
        .register(&repeat_visit(first.petitioner, first.ledger, Level::County))
        .unwrap();
    assert_eq!(
        (again.ledger, again.petitioner, again.new_matter),
        (first.ledger, first.petitioner, false)
    );
    let store = db.desk.store();
    assert_eq!(store.counter(Counter::Ledger(2026)).unwrap(), 1);
    assert_eq!(store.counter(Counter::Petitioner).unwrap(), 1);
    let m = store.matter(first.ledger).unwrap().unwrap();
    assert_eq!(m.first_receiver, "zhangli", "the first receiver stays");
    let flags: Vec<(bool, &str)> = m
        .contacts
        .iter()
        .map(|c| (c.repeat, c.receiver.as_str()))
        .collect();
    assert_eq!(flags, [(false, "zhangli"), (true, "chenjing")]);
    assert_eq!(m.contacts[1].summary, "再次反映");
    let last = audit_trail(&db).pop().unwrap();
    assert_eq!(last.by, "chenjing");
    assert_eq!(last.record, format!("matter {}", first.ledger));
    assert!(!last.what.contains("new matter"), "{}", last.what);

    // Contacts keep arriving after the matter ended; they never reopen it.
    // Someone else on file may join the matter with one.
    db.as_user("lijun");
    let reject = xfdesk::service::act::ActionInput {
        reason: Some("不属信访事项".into()),
        ..xfdesk::service::act::ActionInput::new(xfdesk::domain::Step::Reject)
    };
    db.desk.act(first.ledger, &reject).unwrap();
    let other = db
        .desk
        .register(&walk_in("李华", "", "cxjs", "拆迁"))
        .unwrap();
    db.set_now(NOW + Duration::days(4));
    let late = db
        .desk
        .register(&repeat_visit(other.petitioner, first.ledger, Level::County))
        .unwrap();
    assert_eq!((late.ledger, late.new_matter), (first.ledger, false));
    let store = db.desk.store();
    let m = store.matter(first.ledger).unwrap().unwrap();
    assert_eq!((m.state, m.contacts.len()), (MatterState::Closed, 3));
    assert!(m.contacts[2].repeat);
    assert_eq!(m.petitioners, [first.petitioner, other.petitioner]);
    assert_eq!(
        matters_of(&db, other.petitioner),
        [first.ledger, other.ledger]
    );
    assert!(integrity(&db.desk).is_ok());
}
#[test]
fn each_refused_field_is_named_and_nothing_is_saved() {
    let mut db = TestDb::office(FIVE, NOW, "zhangli");
    let reps: Vec<u64> = ["代表甲", "代表乙", "代表丙", "代表丁", "代表戊"]
        .iter()
        .map(|n| pid(&db, n))
        .collect();
    type Edit = Box<dyn Fn(&mut Registration)>;
    let future_birth = id_number("11010520300101001");
    let one = reps[0];
    let cases: Vec<(&str, &str, Edit)> = vec![
        (
            "id_number",
            "check character",
            Box::new(|r| new_person(r).id_number = "110105194912310021".into()),
        ),
        (
            "id_number",
            "in the future",
            Box::new(move |r| new_person(r).id_number = future_birth.clone()),
        ),
        (
            "phones",
            "does not belong",
            Box::new(|r| new_person(r).phones = vec!["138-0013-800a".into()]),
        ),
        (
            "name",
            "name",
            Box::new(|r| new_person(r).name = " ".into()),
        ),
        (
            "category",
            "category \"nosuch\" is not on file",
            Box::new(|r| new_matter(r).category = "nosuch".into()),
        ),
        (
            "summary",
            "a summary is needed",
            Box::new(|r| new_matter(r).summary = String::new()),
        ),
        (
            "matter_town",
            "town",
            Box::new(|r| {
                new_person(r).town = None;
                new_matter(r).town = None;
            }),
        ),
        (
            "letter_no",
            "letter number",
            Box::new(|r| {
                r.channel = Channel::Letter;
                r.letter_no = Some(" ".into());
            }),
        ),
        ("headcount", "1 to", Box::new(|r| r.headcount = 0)),
        (
            "representatives",
            "collective",
            Box::new(move |r| r.representatives = vec![one]),
        ),
        (
            "representatives",
            "at most 5",
            Box::new(move |r| {
                r.headcount = 12;
                r.representatives = reps.clone();
            }),
        ),
        (
            "at",
            "future",
            Box::new(|r| r.at = Some(Ts::from_datetime(NOW + Duration::hours(1)))),
        ),
        (
            "matter",
            "not on file",
            Box::new(|r| r.matter = MatterChoice::Existing(LedgerNo { year: 2026, seq: 9 })),
        ),
        (
            "petitioner",
            "not on file",
            Box::new(|r| r.person = Person::Existing(999)),
        ),
        (
            "village",
            "not in town",
            Box::new(|r| {
                new_person(r).town = Some(TOWN2.into());
                new_person(r).village = Some("370211001001".into());
            }),
        ),
        (
            "matter_town",
            "town \"999\" is not on file",
            Box::new(|r| new_matter(r).town = Some("999".into())),
        ),
    ];
    let before = saved(&mut db);
    for (field, words, edit) in &cases {
        let mut r = walk_in("王芳", &id_number("37021119800101002"), "jy", "学区划分");
        edit(&mut r);
        let preview = db.desk.preview_registration(&r).unwrap();
        let errors = match db.desk.register(&r) {
            Err(ServiceError::Form(errors)) => errors,
            other => panic!("{field}: expected a form error, got {other:?}"),
        };
        assert_eq!(preview.errors, errors, "{field}: preview and save agree");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.name()).collect();
        assert_eq!(fields, [*field], "{field}: {errors:?}");
        assert!(errors[0].message().contains(words), "{field}: {errors:?}");
        assert_eq!(saved(&mut db), before, "{field}: nothing saved");
    }
    // The unchanged form saves.
    let r = walk_in("王芳", &id_number("37021119800101002"), "jy", "学区划分");
    assert!(db.desk.register(&r).is_ok());
}

#[test]
fn an_id_number_on_file_is_refused_with_its_holder_named() {
    let mut db = TestDb::office("", NOW, "zhangli");
    db.desk
        .register(&walk_in("于营", "11010519491231002X", "jy", "撤并学校"))
        .unwrap();
    let before = saved(&mut db);
    // Typed differently (lower-case x, full-width digits), the same number.
    let r = walk_in("于英", "１１010519491231002x", "jy", "另一件事");
    match db.desk.register(&r) {
        Err(ServiceError::Form(errors)) => {
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert_eq!(errors[0].field, "id_number");
            assert!(errors[0].message().contains("于营"), "{errors:?}");
        }
        other => panic!("expected a form error, got {other:?}"),
    }
    assert_eq!(saved(&mut db), before);
}
#[test]
fn every_role_but_leader_registers() {
    let mut db = TestDb::office("", NOW, "zhangli");
    for (login, role, allowed) in [
        ("zhangli", Role::Receptionist, true),
        ("wangwei", Role::Handler, true),
        ("lijun", Role::Supervisor, true),
        ("zhaomin", Role::Leader, false),
    ] {
        db.as_user(login);
        let before = saved(&mut db);
        match db.desk.register(&walk_in("周到", "", "jy", "学区")) {
            Ok(r) => assert!(allowed, "{login} registered {r:?}"),
            Err(ServiceError::Forbidden {
                login: who,
                role: r,
                ..
            }) => {
                assert!(!allowed, "{login} refused");
                assert_eq!((who.as_str(), r), (login, role));
                assert_eq!(saved(&mut db), before, "nothing saved");
            }
            Err(e) => panic!("{login}: {e}"),
        }
    }
    db.as_admin();
    assert!(db.desk.register(&walk_in("周全", "", "jy", "学区")).is_ok());
}

#[test]
fn a_desk_acts_only_as_active_staff() {
    let disabled = r#"{"type":"staff","login":"laowang","name":"老王","role":"receptionist","unit":"xfj","disabled":true}
"#;
    let mut db = TestDb::office(disabled, NOW, "zhangli");
    let ghost = db.desk.switch_user("ghost");
    assert!(
        matches!(ghost, Err(ServiceError::UnknownUser { .. })),
        "{ghost:?}"
    );
    let gone = db.desk.switch_user("laowang");
    assert!(
        matches!(gone, Err(ServiceError::Disabled { .. })),
        "{gone:?}"
    );
    assert_eq!(
        db.desk.user().login,
        "zhangli",
        "a refused switch changes nothing"
    );
    let r = db
        .desk
        .register(&walk_in("于营", "", "jy", "学校"))
        .unwrap();
    let m = db.desk.store().matter(r.ledger).unwrap().unwrap();
    assert_eq!(m.contacts[0].receiver, "zhangli");
}

#[test]
fn a_draft_is_kept_per_person_across_restarts_until_discarded() {
    let mut db = TestDb::office("", NOW, "zhangli");
    let fields = |name: &str| {
        vec![
            ("name".to_string(), name.to_string()),
            ("summary".into(), "学校".into()),
        ]
    };
    assert_eq!(db.desk.draft().unwrap(), None);
    db.desk.save_draft(fields("于")).unwrap();
    db.set_now(NOW + Duration::minutes(1));
    db.desk.save_draft(fields("于营")).unwrap();
    db.as_user("chenjing");
    assert_eq!(db.desk.draft().unwrap(), None, "drafts are per person");
    db.desk.save_draft(fields("陈")).unwrap();

    let mut db = db.reopen("zhangli", NOW);
    let d = db.desk.draft().unwrap().expect("survives a restart");
    assert_eq!(
        d.fields,
        fields("于营"),
        "the latest draft replaces the first"
    );
    assert_eq!(d.saved_at, Ts::from_datetime(NOW + Duration::minutes(1)));
    db.desk.discard_draft().unwrap();
    assert_eq!(db.desk.draft().unwrap(), None);
    db.as_user("chenjing");
    assert_eq!(
        db.desk.draft().unwrap().map(|d| d.fields),
        Some(fields("陈"))
    );
}

#[test]
fn a_person_on_file_is_corrected_with_a_contact_in_one_audited_transaction() {
    use xfdesk::service::register::Correction;
    let mut db = TestDb::office("", NOW, "zhangli");
    let mut first = walk_in("于营", "", "jy", "撤并学校");
    new_person(&mut first).phones = vec!["13800138000".into(), "13900139000".into()];
    let first = db.desk.register(&first).unwrap();
    let who = first.petitioner;
    // The form sees the places in full and the phones masked.
    let shown = db.desk.person_details(who).unwrap().unwrap();
    assert_eq!(shown.phones, ["138****8000", "139****9000"]);

    // A correction for a person not on file is refused.
    let mut stray = walk_in("王芳", "", "jy", "学区划分");
    stray.correction = Some(Correction::default());
    let errors = match db.desk.register(&stray) {
        Err(ServiceError::Form(errors)) => errors,
        other => panic!("expected a form error, got {other:?}"),
    };
    assert_eq!(errors[0].field.name(), "petitioner", "{errors:?}");

    // A village outside the corrected town is refused like a new person's.
    let mut bad = repeat_visit(who, first.ledger, Level::County);
    bad.correction = Some(Correction {
        town: Some(TOWN2.into()),
        village: Some("370211001001".into()),
        ..Correction::default()
    });
    let before = saved(&mut db);
    assert!(matches!(db.desk.register(&bad), Err(ServiceError::Form(_))));
    assert_eq!(saved(&mut db), before, "nothing saved");

    // The second phone replaced, the first kept, an address and a town given.
    let mut again = repeat_visit(who, first.ledger, Level::County);
    again.correction = Some(Correction {
        phones: vec![None, Some("137 0013 7000".into())],
        town: Some(TOWN2.into()),
        village: None,
        address: Some(" 黄岛路1号 ".into()),
    });
    db.desk.register(&again).unwrap();
    let p = db.desk.store().petitioner(who).unwrap().unwrap();
    assert_eq!(p.phones, ["13800138000", "13700137000"]);
    assert_eq!(p.town.as_deref(), Some(TOWN2));
    assert_eq!(p.address.as_deref(), Some("黄岛路1号"));
    let m = db.desk.store().matter(first.ledger).unwrap().unwrap();
    assert_eq!(m.town, TOWN, "the matter keeps its own town");
    let trail = audit_trail(&db);
    let corrected: Vec<_> = trail
        .iter()
        .filter(|e| e.what.starts_with("corrected"))
        .map(|e| e.what.as_str())
        .collect();
    assert_eq!(corrected, ["corrected details: phones, town, address"]);
    assert!(
        integrity(&db.desk).is_ok(),
        "the indexes follow the correction"
    );
    let found = db.desk.lookup("13700137000", 5).unwrap();
    assert_eq!(found.iter().map(|f| f.id).collect::<Vec<_>>(), [who]);
    assert!(db.desk.lookup("13900139000", 5).unwrap().is_empty());
}
