//! The registration form and the matter's actions, driven by messages as the
//! event loop sends them, and seen at 80×24 as a person would.

mod common;

use common::screen::{act, model, render, screen, send, COLOUR};
use common::{audit_trail, TestDb, INTERCHANGE_EXAMPLE};
use time::macros::{date, datetime};
use xfdesk::domain::MatterState;
use xfdesk::i18n::Lang;
use xfdesk::service::FixedClock;
use xfdesk::store::Counter;
use xfdesk::tui::action::Action;
use xfdesk::tui::model::{Model, Msg, Screen};
use xfdesk::tui::screens::matter::Popup;
use xfdesk::tui::screens::register::form::Field;

/// The example of docs/interchange.md (`INTERCHANGE_EXAMPLE`) plus a key person with an open matter of 2026-06-05.
const MORE: &str = r#"{"type":"petitioner","ref":"p2","name":"于小红","phones":["13500004321"],"town":"370211001","key_person":"多次进京"}
{"type":"matter","ref":"m2","petitioners":["p2"],"category":"jy","town":"370211001","summary":"校车安全","first_receiver":"zhangli","registered_at":"2026-06-05T09:00:00+08:00"}
{"type":"contact","matter":"m2","petitioners":["p2"],"at":"2026-06-05T09:00:00+08:00","channel":"visit","level":"county","headcount":1,"receiver":"zhangli","summary":"来访"}
{"type":"category","code":"ldbz","name":"劳动社保"}
"#;

fn fixture() -> TestDb {
    let mut db = TestDb::new();
    db.import("spec.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    db.import("more.jsonl", MORE).unwrap();
    db.desk
        .set_clock(Box::new(FixedClock(datetime!(2026-07-01 10:30 +8))));
    db
}

fn text(s: &str) -> Msg {
    Msg::Text(s.into())
}

/// Tabs to `field` as a person would (the form wraps around).
fn tab_to(m: &mut Model, db: &TestDb, field: Field) {
    for _ in 0..Field::ALL.len() {
        if m.s.register.form.as_ref().unwrap().focus == field {
            return;
        }
        send(m, db, &[act(Action::NextField)]);
    }
    panic!("{field:?} is not on the form");
}

/// A new person with a new matter, everything valid.
fn fill_new_person(m: &mut Model, db: &TestDb) {
    send(m, db, &[act(Action::Register)]);
    tab_to(m, db, Field::Person);
    send(m, db, &[text("李四")]);
    tab_to(m, db, Field::IdNumber);
    send(m, db, &[text("１１０１０５１９８００１０１００３２")]);
    tab_to(m, db, Field::Phone);
    send(m, db, &[text("138 0013 8001")]);
    tab_to(m, db, Field::Town);
    send(m, db, &[Msg::Right]);
    tab_to(m, db, Field::Summary);
    send(m, db, &[text("村道损毁，出行困难")]);
}

fn counter(db: &TestDb, counter: Counter) -> u64 {
    db.desk.store().counter(counter).unwrap()
}

#[test]
fn the_form_at_80_by_24_empty_filled_with_errors_and_with_warnings() {
    let db = fixture();
    let mut m = model(&db, Lang::Zh);
    send(&mut m, &db, &[act(Action::Register)]);
    insta::assert_snapshot!("form_empty_zh", screen(&render(&m, COLOUR)));

    send(&mut m, &db, &[act(Action::Back)]);
    let mut m = model(&db, Lang::Zh);
    fill_new_person(&mut m, &db);
    insta::assert_snapshot!("form_filled_zh", screen(&render(&m, COLOUR)));

    // A wrong check character and a letter without its number.
    let mut m = model(&db, Lang::Zh);
    send(&mut m, &db, &[act(Action::Register), Msg::Right]);
    tab_to(&mut m, &db, Field::Person);
    send(&mut m, &db, &[text("王五")]);
    tab_to(&mut m, &db, Field::IdNumber);
    send(
        &mut m,
        &db,
        &[text("110105194912310021"), act(Action::Save)],
    );
    let shown = screen(&render(&m, COLOUR));
    insta::assert_snapshot!("form_errors_zh", shown);
    assert_eq!(
        m.screen(),
        Screen::Register,
        "nothing saved, the form stays"
    );
    assert_eq!(counter(&db, Counter::Petitioner), 2);

    // The key person, visiting the province about her open county matter
    // before its reply (two levels above the county): warned twice.
    let mut m = model(&db, Lang::Zh);
    send(&mut m, &db, &[act(Action::Register)]);
    tab_to(&mut m, &db, Field::Level);
    send(&mut m, &db, &[Msg::Right, Msg::Right]);
    tab_to(&mut m, &db, Field::Person);
    send(&mut m, &db, &[text("于小")]);
    insta::assert_snapshot!("form_candidates_zh", screen(&render(&m, COLOUR)));
    send(&mut m, &db, &[act(Action::Open)]);
    let shown = screen(&render(&m, COLOUR));
    insta::assert_snapshot!("form_warnings_zh", shown.clone());
    assert!(shown.contains("重点人员：多次进京"), "{shown}");
    assert!(shown.contains("越级访"), "{shown}");
    assert!(
        shown.contains("重复访：2026-000002"),
        "her open matter is offered as a repeat:\n{shown}"
    );
}

#[test]
fn saving_a_valid_form_registers_and_opens_the_matter_with_its_ledger_number() {
    let db = fixture();
    let mut m = model(&db, Lang::Zh);
    fill_new_person(&mut m, &db);
    send(&mut m, &db, &[act(Action::Save)]);
    assert_eq!(
        m.screen(),
        Screen::Matter,
        "{:?} {:?}",
        m.ctx.status,
        m.s.register.form.as_ref().map(|f| &f.preview.errors)
    );
    let status = m.ctx.status.clone().unwrap();
    assert!(status.contains("2026-000003"), "{status}");
    let shown = screen(&render(&m, COLOUR));
    assert!(
        shown.contains("2026-000003") && shown.contains("村道损毁"),
        "the new matter is on screen:\n{shown}"
    );
    let found = db.desk.lookup("李四", 5).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].matters[0].summary, "村道损毁，出行困难");
    assert_eq!(found[0].phones, ["138****8001"], "saved, shown masked");
    let p = db.desk.store().petitioner(found[0].id).unwrap().unwrap();
    assert_eq!(p.phones, ["13800138001"], "stored whole");
    assert!(
        db.desk.draft().unwrap().is_none(),
        "a saved form leaves no draft"
    );
    // Esc skips the walk-in's receipt offered; Esc again leaves the matter
    // for home, not for an empty form.
    send(&mut m, &db, &[act(Action::Back), act(Action::Back)]);
    assert_eq!(m.screen(), Screen::Home);
    assert_eq!(m.s.home.counts.today_contacts, 1, "the home count follows");
}

#[test]
fn a_repeat_contact_on_an_offered_matter_adds_no_new_matter() {
    let db = fixture();
    let mut m = model(&db, Lang::Zh);
    send(&mut m, &db, &[act(Action::Register)]);
    tab_to(&mut m, &db, Field::Person);
    send(&mut m, &db, &[text("于小红"), act(Action::Open)]);
    send(&mut m, &db, &[act(Action::Save)]);
    assert!(m.ctx.status.clone().unwrap().contains("2026-000002"));
    assert_eq!(m.screen(), Screen::Matter, "the repeated matter opens");
    assert_eq!(
        m.s.matter.matter.as_ref().map(|x| x.ledger),
        Some("2026-000002".parse_ledger())
    );
    let matter = db
        .desk
        .matter("2026-000002".parse_ledger())
        .unwrap()
        .unwrap();
    assert_eq!(matter.contacts.len(), 2);
    assert!(matter.contacts[1].repeat);
    assert_eq!(counter(&db, Counter::Ledger(2026)), 2);
}

#[test]
fn a_new_person_is_registered_with_a_village_of_the_chosen_town() {
    let db = fixture();
    let mut m = model(&db, Lang::Zh);
    send(&mut m, &db, &[act(Action::Register)]);
    // No town chosen: no village to choose.
    assert!(!m
        .s
        .register
        .form
        .as_ref()
        .unwrap()
        .fields()
        .contains(&Field::Village));
    fill_new_person(&mut m, &db);
    tab_to(&mut m, &db, Field::Village);
    send(&mut m, &db, &[Msg::Right]);
    let shown = screen(&render(&m, COLOUR));
    assert!(
        shown.contains("村居") && shown.contains("辛安社区"),
        "{shown}"
    );
    send(&mut m, &db, &[act(Action::Save)]);
    let id = common::pid(&db, "李四");
    let saved = db.desk.store().petitioner(id).unwrap().unwrap();
    assert_eq!(saved.village.as_deref(), Some("370211001001"));
    // Another town drops the village; a draft keeps the choice.
    send(&mut m, &db, &[act(Action::Home), act(Action::Register)]);
    tab_to(&mut m, &db, Field::Town);
    send(&mut m, &db, &[Msg::Right]);
    tab_to(&mut m, &db, Field::Village);
    send(&mut m, &db, &[Msg::Right]);
    let draft = m.s.register.form.as_ref().unwrap().to_draft();
    assert!(draft.contains(&("village".to_string(), "370211001001".to_string())));
    tab_to(&mut m, &db, Field::Town);
    send(&mut m, &db, &[Msg::Right]);
    assert_eq!(m.s.register.form.as_ref().unwrap().village, None);
}

trait ParseLedger {
    fn parse_ledger(&self) -> xfdesk::domain::LedgerNo;
}

impl ParseLedger for &str {
    fn parse_ledger(&self) -> xfdesk::domain::LedgerNo {
        xfdesk::domain::LedgerNo::parse(self).unwrap()
    }
}

#[test]
fn esc_on_a_changed_form_asks_before_discarding() {
    let db = fixture();
    let mut m = model(&db, Lang::Zh);
    send(&mut m, &db, &[act(Action::Register)]);
    tab_to(&mut m, &db, Field::Person);
    send(&mut m, &db, &[text("赵六"), act(Action::Back)]);
    assert!(m.s.register.confirm_discard);
    insta::assert_snapshot!("form_discard_zh", screen(&render(&m, COLOUR)));
    // Esc again (perhaps half of an arrow key over SSH) keeps the form.
    send(&mut m, &db, &[act(Action::Back)]);
    assert!(!m.s.register.confirm_discard);
    assert_eq!(m.s.register.form.as_ref().unwrap().person.text(), "赵六");
    send(&mut m, &db, &[act(Action::Back), act(Action::Open)]);
    assert!(m.s.register.form.is_none());
    assert_eq!(m.screen(), Screen::Home);
    // An untouched form closes without asking.
    send(&mut m, &db, &[act(Action::Register), act(Action::Back)]);
    assert_eq!(
        (m.screen(), m.s.register.confirm_discard),
        (Screen::Home, false)
    );
}

#[test]
fn a_half_typed_form_is_kept_as_a_draft_and_offered_at_the_next_start() {
    let db = fixture();
    let mut m = model(&db, Lang::Zh);
    send(&mut m, &db, &[act(Action::Register)]);
    tab_to(&mut m, &db, Field::Person);
    send(&mut m, &db, &[text("钱七")]);
    tab_to(&mut m, &db, Field::Summary);
    send(&mut m, &db, &[text("工资拖欠")]);
    // What the event loop does when typing pauses.
    m.keep_draft(&db.desk).unwrap();

    let mut again = model(&db, Lang::Zh);
    assert!(again.s.home.draft_offer.is_some());
    insta::assert_snapshot!("draft_offer_zh", screen(&render(&again, COLOUR)));
    send(&mut again, &db, &[act(Action::Open)]);
    let form = again.s.register.form.as_ref().unwrap();
    assert_eq!(again.screen(), Screen::Register);
    assert_eq!(
        (form.person.text(), form.summary.text()),
        ("钱七", "工资拖欠")
    );

    // Delete on the offer discards the draft.
    let mut third = model(&db, Lang::Zh);
    send(&mut third, &db, &[act(Action::Discard)]);
    assert!(db.desk.draft().unwrap().is_none());
    assert!(model(&db, Lang::Zh).s.home.draft_offer.is_none());
}

#[test]
fn the_matter_screen_offers_what_state_and_role_allow_and_acts_after_confirming() {
    let db = fixture();
    let mut m = model(&db, Lang::Zh);
    // 于小红's matter is registered: the admin may accept it.
    send(
        &mut m,
        &db,
        &[
            act(Action::Lookup),
            text("于小红"),
            act(Action::Open),
            act(Action::Open),
        ],
    );
    assert_eq!(m.screen(), Screen::Matter);
    insta::assert_snapshot!("matter_registered_zh", screen(&render(&m, COLOUR)));
    send(&mut m, &db, &[act(Action::Act)]);
    insta::assert_snapshot!("matter_action_menu_zh", screen(&render(&m, COLOUR)));
    let Some(Popup::Menu { actions, .. }) = &m.s.matter.popup else {
        panic!("the action menu is open");
    };
    assert_eq!(actions[0], xfdesk::domain::Step::Accept);
    // Accept: the kind first (申诉求决类 unless changed), then the unit;
    // Enter moves on, then asks.
    send(
        &mut m,
        &db,
        &[
            act(Action::Open),
            act(Action::Open),
            Msg::Right,
            act(Action::Open),
        ],
    );
    send(&mut m, &db, &[text("请教体局办理"), act(Action::Open)]);
    insta::assert_snapshot!("matter_action_confirm_zh", screen(&render(&m, COLOUR)));
    send(&mut m, &db, &[act(Action::Open)]);
    // Accepted: its 受理告知书 is offered at once; Esc skips it.
    assert!(matches!(
        m.s.matter.popup,
        Some(Popup::Offer(xfdesk::domain::NoticeKind::Accept))
    ));
    send(&mut m, &db, &[act(Action::Back)]);
    assert!(m.s.matter.popup.is_none());
    assert!(m.s.matter.notices.is_empty(), "skipped: nothing issued");
    let matter = m.s.matter.matter.as_ref().unwrap();
    assert_eq!(matter.state, MatterState::InProgress);
    assert_eq!(matter.unit.as_deref(), Some("xfj"));
    assert_eq!(matter.kind, Some(xfdesk::domain::MatterKind::Appeal));
    assert_eq!(
        m.s.matter.due,
        Some(date!(2026 - 08 - 31)),
        "accept + 60 days: Sunday 08-30, so Monday"
    );
    insta::assert_snapshot!("matter_in_progress_zh", screen(&render(&m, COLOUR)));
    let audit = audit_trail(&db);
    assert!(audit
        .last()
        .unwrap()
        .what
        .starts_with("accept → in_progress"));

    // A refusal stays in the form and changes nothing: extend by 31 days,
    // one past the limit, is refused before the question is asked.
    send(&mut m, &db, &[act(Action::Act)]);
    let Some(Popup::Menu { actions, .. }) = &m.s.matter.popup else {
        panic!("the action menu is open");
    };
    let extend = actions
        .iter()
        .position(|a| *a == xfdesk::domain::Step::Extend)
        .unwrap();
    for _ in 0..extend {
        send(&mut m, &db, &[act(Action::Down)]);
    }
    send(
        &mut m,
        &db,
        &[act(Action::Open), text("31"), act(Action::Open)],
    );
    send(&mut m, &db, &[text("案情复杂"), act(Action::Save)]);
    let Some(Popup::Form(form)) = &m.s.matter.popup else {
        panic!("the form stays open");
    };
    assert_eq!(
        (form.confirming, form.error.as_deref()),
        (false, Some("2026-000002：延期31天超过上限30天")),
        "refused before 确认办理？"
    );
    insta::assert_snapshot!("matter_extend_refused_zh", screen(&render(&m, COLOUR)));
    // Enter on the last field asks the service again, and is refused again.
    send(&mut m, &db, &[act(Action::Open)]);
    let Some(Popup::Form(form)) = &m.s.matter.popup else {
        panic!("the form stays open");
    };
    assert!(!form.confirming && form.error.is_some());
    assert_eq!(
        db.desk
            .matter(m.s.matter.matter.as_ref().unwrap().ledger)
            .unwrap()
            .unwrap()
            .events
            .len(),
        1
    );
}

/// 于小红's matter, accepted by zhangli to jtj: the matter screen of
/// wangwei, jtj's handler, with the reply form open.
fn reply_form(db: &mut TestDb, lang: Lang) -> Model {
    let ledger = xfdesk::domain::LedgerNo::parse("2026-000002").unwrap();
    db.as_user("zhangli")
        .act(
            ledger,
            &common::input(xfdesk::domain::Step::Accept, &[("unit", "jtj")]),
        )
        .unwrap();
    db.as_user("wangwei");
    let mut m = model(db, lang);
    send(
        &mut m,
        db,
        &[
            act(Action::Lookup),
            text("于小红"),
            act(Action::Open),
            act(Action::Open),
            act(Action::Act),
        ],
    );
    let Some(Popup::Menu { actions, .. }) = &m.s.matter.popup else {
        panic!("the action menu is open");
    };
    let reply = actions
        .iter()
        .position(|a| *a == xfdesk::domain::Step::Reply)
        .unwrap();
    for _ in 0..reply {
        send(&mut m, db, &[act(Action::Down)]);
    }
    send(&mut m, db, &[act(Action::Open)]);
    m
}

fn action_form(m: &Model) -> &xfdesk::tui::screens::matter::action_form::ActionForm {
    match &m.s.matter.popup {
        Some(Popup::Form(f)) => f,
        _ => panic!("the action form is open"),
    }
}

#[test]
fn a_reply_needs_its_text_and_its_opinion_type_before_it_is_confirmed() {
    let mut db = fixture();
    let mut m = reply_form(&mut db, Lang::Zh);
    // Enter past the opinion to the text, and Enter on the empty text: the
    // service refuses it, and the question is not asked.
    send(&mut m, &db, &[act(Action::Open), act(Action::Open)]);
    let f = action_form(&m);
    assert_eq!(
        (f.confirming, f.error.as_deref()),
        (false, Some("2026-000002：答复需要填写答复内容"))
    );
    insta::assert_snapshot!("matter_reply_refused_zh", screen(&render(&m, COLOUR)));
    send(
        &mut m,
        &db,
        &[text("经核查，校车已配备随车照管人员"), act(Action::Open)],
    );
    let f = action_form(&m);
    assert_eq!(
        (f.confirming, f.error.as_deref()),
        (false, Some("2026-000002：答复需要填写答复意见类型"))
    );
    // → twice: 支持, then 解释说明; Enter to the text, Enter to ask.
    send(
        &mut m,
        &db,
        &[
            act(Action::Up),
            Msg::Right,
            Msg::Right,
            act(Action::Open),
            act(Action::Open),
        ],
    );
    let f = action_form(&m);
    assert_eq!((f.confirming, f.error.as_deref()), (true, None));
    insta::assert_snapshot!("matter_reply_confirm_zh", screen(&render(&m, COLOUR)));
    assert_eq!(
        db.desk
            .matter(xfdesk::domain::LedgerNo::parse("2026-000002").unwrap())
            .unwrap()
            .unwrap()
            .state,
        MatterState::InProgress,
        "nothing is written before Enter"
    );
    send(&mut m, &db, &[act(Action::Open)]);
    // Replied: its 处理意见书 is offered at once; Esc skips it.
    assert!(matches!(
        m.s.matter.popup,
        Some(Popup::Offer(xfdesk::domain::NoticeKind::Reply))
    ));
    send(&mut m, &db, &[act(Action::Back)]);
    assert!(m.s.matter.popup.is_none());
    let matter = m.s.matter.matter.as_ref().unwrap();
    let e = matter.events.last().unwrap();
    assert_eq!(
        (matter.state, e.opinion, e.note.as_deref()),
        (
            MatterState::Replied,
            Some(xfdesk::domain::Opinion::Explain),
            Some("经核查，校车已配备随车照管人员")
        )
    );
    // The history shows the opinion type with the text.
    insta::assert_snapshot!("matter_replied_zh", screen(&render(&m, COLOUR)));
}

#[test]
fn the_reply_form_and_its_opinion_read_in_english() {
    let mut db = fixture();
    let mut m = reply_form(&mut db, Lang::En);
    send(
        &mut m,
        &db,
        &[Msg::Left, act(Action::Open), text("Not within the policy")],
    );
    insta::assert_snapshot!("matter_reply_en", screen(&render(&m, COLOUR)));
    send(&mut m, &db, &[act(Action::Open), act(Action::Open)]);
    let offered = screen(&render(&m, COLOUR));
    assert!(offered.contains("Issue the handling opinion?"), "{offered}");
    send(&mut m, &db, &[act(Action::Back)]);
    let shown = screen(&render(&m, COLOUR));
    assert!(
        // The history wraps a long line under its own column.
        shown.contains("not supported Not within the"),
        "{shown}"
    );
}

#[test]
fn the_service_checks_what_was_typed_when_the_field_is_left_or_typing_pauses() {
    let id_errors = |m: &Model| {
        let f = m.s.register.form.as_ref().unwrap();
        (
            f.unchecked,
            f.preview
                .errors
                .iter()
                .filter(|e| e.field == "id_number")
                .count(),
        )
    };
    for leave in [true, false] {
        let db = fixture();
        let mut m = model(&db, Lang::Zh);
        send(&mut m, &db, &[act(Action::Register)]);
        tab_to(&mut m, &db, Field::IdNumber);
        // Seventeen digits: a keystroke is not sent to the service.
        send(&mut m, &db, &[text("11010519491231002")]);
        assert_eq!(id_errors(&m), (true, 0), "typing waits");
        if leave {
            send(&mut m, &db, &[act(Action::NextField)]);
        } else {
            // What the event loop does when no key came for a moment.
            assert!(m.pause(&db.desk).unwrap(), "the screen is drawn again");
        }
        assert_eq!(id_errors(&m), (false, 1), "checked once left or paused");
        assert!(!m.pause(&db.desk).unwrap(), "nothing new to check");
    }
}

/// The form's person as the service will get it.
fn form(m: &Model) -> &xfdesk::tui::screens::register::form::RegisterForm {
    m.s.register.form.as_ref().expect("the form is open")
}

#[test]
fn f2_on_a_card_or_a_matter_starts_the_form_on_that_person_and_matter() {
    let db = fixture();
    // 于营's matter, replied and evaluated, is closed: she returns about it.
    let closed = db.desk.close_ready(date!(2026 - 07 - 01)).unwrap();
    assert_eq!(closed, ["2026-000001".parse_ledger()]);
    let mut m = model(&db, Lang::Zh);
    send(
        &mut m,
        &db,
        &[act(Action::Lookup), text("于营"), act(Action::Open)],
    );
    assert_eq!(m.screen(), Screen::Card);
    send(&mut m, &db, &[act(Action::Register)]);
    assert_eq!(m.screen(), Screen::Register);
    let f = form(&m);
    assert_eq!(f.chosen.as_ref().map(|p| p.name.as_str()), Some("于营"));
    // Her closed matter is offered as the repeat, said to be closed.
    let offered = f.matter.and_then(|i| f.repeats.get(i)).map(|x| x.ledger);
    assert_eq!(offered, Some("2026-000001".parse_ledger()));
    let shown = screen(&render(&m, COLOUR));
    insta::assert_snapshot!("form_returning_card_zh", shown.clone());
    assert!(shown.contains("2026-000001 [办结]"), "{shown}");
    // Nothing was typed: Esc goes back to her card without asking.
    send(&mut m, &db, &[act(Action::Back)]);
    assert_eq!(m.screen(), Screen::Card);

    // F2 on 于小红's matter: she is chosen, that matter is the repeat.
    let mut m = model(&db, Lang::Zh);
    send(
        &mut m,
        &db,
        &[
            act(Action::Lookup),
            text("于小红"),
            act(Action::Open),
            act(Action::Open),
        ],
    );
    assert_eq!(m.screen(), Screen::Matter);
    send(&mut m, &db, &[act(Action::Register)]);
    let f = form(&m);
    assert_eq!(f.chosen.as_ref().map(|p| p.name.as_str()), Some("于小红"));
    let offered = f.matter.and_then(|i| f.repeats.get(i)).map(|x| x.ledger);
    assert_eq!(offered, Some("2026-000002".parse_ledger()));
    send(&mut m, &db, &[act(Action::Save)]);
    assert_eq!(m.screen(), Screen::Matter);
    assert_eq!(
        counter(&db, Counter::Ledger(2026)),
        2,
        "a repeat, no new matter"
    );

    // A form being typed is not thrown away by F2 on a card: it is shown.
    let mut m = model(&db, Lang::Zh);
    send(&mut m, &db, &[act(Action::Register)]);
    tab_to(&mut m, &db, Field::Summary);
    send(&mut m, &db, &[text("半填")]);
    send(
        &mut m,
        &db,
        &[
            act(Action::Lookup),
            text("于营"),
            act(Action::Open),
            act(Action::Register),
        ],
    );
    assert_eq!(m.screen(), Screen::Register);
    assert_eq!(form(&m).summary.text(), "半填");
    assert!(form(&m).chosen.is_none());
    assert!(m.ctx.status.clone().unwrap().contains("未完成"));
}

#[test]
fn a_new_person_gives_a_second_phone_and_an_address_and_a_matter_may_be_of_another_town() {
    let db = fixture();
    db.import(
        "town.jsonl",
        r#"{"type":"town","code":"370211002","name":"黄岛街道"}"#,
    )
    .unwrap();
    let mut m = model(&db, Lang::Zh);
    fill_new_person(&mut m, &db);
    tab_to(&mut m, &db, Field::Phone2);
    // A wrong second phone is said beside it alone.
    send(&mut m, &db, &[text("12a"), act(Action::Save)]);
    let shown = screen(&render(&m, COLOUR));
    let beside: Vec<&str> = shown.lines().filter(|l| l.contains("“12a”")).collect();
    assert_eq!(beside.len(), 1, "{shown}");
    assert!(beside[0].contains("电话二"), "{shown}");
    send(
        &mut m,
        &db,
        &[Msg::Backspace, Msg::Backspace, Msg::Backspace],
    );
    send(&mut m, &db, &[text("0532-8888 1234")]);
    tab_to(&mut m, &db, Field::Address);
    send(&mut m, &db, &[text("辛安社区3号楼")]);
    tab_to(&mut m, &db, Field::MatterTown);
    send(&mut m, &db, &[Msg::Right, Msg::Right]);
    let shown = screen(&render(&m, COLOUR));
    insta::assert_snapshot!("form_new_person_other_town_zh", shown);
    send(&mut m, &db, &[act(Action::Save)]);
    assert_eq!(m.screen(), Screen::Matter, "{:?}", m.ctx.status);
    let id = common::pid(&db, "李四");
    let p = db.desk.store().petitioner(id).unwrap().unwrap();
    assert_eq!(p.phones, ["13800138001", "053288881234"]);
    assert_eq!(p.address.as_deref(), Some("辛安社区3号楼"));
    assert_eq!(
        p.town.as_deref(),
        Some("370211001"),
        "the person's own town"
    );
    let matter = db.desk.matter(p.matters[0]).unwrap().unwrap();
    assert_eq!(matter.town, "370211002", "the matter's town");
    assert_eq!(matter.contacts[0].town, "370211002");
}

#[test]
fn a_person_on_file_is_corrected_as_they_register_and_the_correction_is_audited() {
    let db = fixture();
    let mut m = model(&db, Lang::Zh);
    send(&mut m, &db, &[act(Action::Register)]);
    tab_to(&mut m, &db, Field::Person);
    send(&mut m, &db, &[text("于营"), act(Action::Open)]);
    // Her details are not on the form until correcting is asked for.
    assert!(!form(&m).fields().contains(&Field::Address));
    tab_to(&mut m, &db, Field::Correct);
    send(&mut m, &db, &[Msg::Right]);
    let f = form(&m);
    assert!(f.fields().contains(&Field::Address));
    assert_eq!(
        f.village.as_deref(),
        Some("370211001001"),
        "filled from file"
    );
    tab_to(&mut m, &db, Field::Phone2);
    send(&mut m, &db, &[text("13900139000")]);
    tab_to(&mut m, &db, Field::Address);
    send(&mut m, &db, &[text("辛安社区5号")]);
    let shown = screen(&render(&m, COLOUR));
    insta::assert_snapshot!("form_correcting_zh", shown.clone());
    assert!(shown.contains("留空保留 138****8000"), "{shown}");
    send(&mut m, &db, &[act(Action::Save)]);
    assert_eq!(m.screen(), Screen::Matter, "{:?}", m.ctx.status);
    let id = common::pid(&db, "于营");
    let p = db.desk.store().petitioner(id).unwrap().unwrap();
    assert_eq!(p.phones, ["13800138000", "13900139000"], "the first kept");
    assert_eq!(p.address.as_deref(), Some("辛安社区5号"));
    assert_eq!(p.village.as_deref(), Some("370211001001"), "unchanged");
    let corrected: Vec<_> = audit_trail(&db)
        .into_iter()
        .filter(|e| e.what.starts_with("corrected details"))
        .collect();
    assert_eq!(corrected.len(), 1, "{corrected:?}");
    assert_eq!(corrected[0].what, "corrected details: phones, address");
    assert!(corrected[0].record.contains(&id.to_string()));

    // Registering her again without correcting changes nothing and audits none.
    send(&mut m, &db, &[act(Action::Home), act(Action::Register)]);
    tab_to(&mut m, &db, Field::Person);
    send(
        &mut m,
        &db,
        &[text("于营"), act(Action::Open), act(Action::Save)],
    );
    assert_eq!(m.screen(), Screen::Matter, "{:?}", m.ctx.status);
    let again = db.desk.store().petitioner(id).unwrap().unwrap();
    assert_eq!((again.phones, again.address), (p.phones, p.address));
    let n = audit_trail(&db)
        .iter()
        .filter(|e| e.what.starts_with("corrected details"))
        .count();
    assert_eq!(n, 1);
}

#[test]
fn a_collective_visit_picks_its_representatives_among_people_on_file() {
    let db = fixture();
    let mut m = model(&db, Lang::Zh);
    send(&mut m, &db, &[act(Action::Register)]);
    tab_to(&mut m, &db, Field::Headcount);
    send(&mut m, &db, &[Msg::Backspace, text("30")]);
    tab_to(&mut m, &db, Field::Person);
    send(&mut m, &db, &[text("于营"), act(Action::Open)]);
    tab_to(&mut m, &db, Field::Representatives);
    send(&mut m, &db, &[text("于")]);
    // 于营 is the petitioner: only 于小红 is offered.
    let offered: Vec<_> = form(&m).rep_list().iter().map(|f| f.name.clone()).collect();
    assert_eq!(offered, ["于小红"]);
    send(&mut m, &db, &[text(" ")]);
    let shown = screen(&render(&m, COLOUR));
    insta::assert_snapshot!("form_representatives_zh", shown.clone());
    assert!(shown.contains("[x] 于小红"), "{shown}");
    assert_eq!(
        form(&m).representatives.text(),
        "于",
        "space marks, it is not typed"
    );
    send(&mut m, &db, &[act(Action::Save)]);
    assert_eq!(m.screen(), Screen::Matter, "{:?}", m.ctx.status);
    let yu = common::pid(&db, "于小红");
    let matter = db
        .desk
        .matter("2026-000001".parse_ledger())
        .unwrap()
        .unwrap();
    let contact = matter.contacts.last().unwrap();
    assert_eq!(contact.headcount, 30);
    assert!(
        contact.petitioners.contains(&yu),
        "{:?}",
        contact.petitioners
    );

    // A name typed and not marked is said to be so, not "not on file".
    let mut m = model(&db, Lang::Zh);
    send(&mut m, &db, &[act(Action::Register)]);
    tab_to(&mut m, &db, Field::Headcount);
    send(&mut m, &db, &[Msg::Backspace, text("6")]);
    tab_to(&mut m, &db, Field::Person);
    send(&mut m, &db, &[text("于营"), act(Action::Open)]);
    tab_to(&mut m, &db, Field::Representatives);
    send(&mut m, &db, &[text("于小"), act(Action::Save)]);
    assert_eq!(m.screen(), Screen::Register);
    let shown = screen(&render(&m, COLOUR));
    assert!(shown.contains("“于小”未选定"), "{shown}");
    assert!(!shown.contains("查无此项"), "{shown}");
    // A name no one on file has is said so.
    send(&mut m, &db, &[Msg::Backspace, Msg::Backspace, text("赵大")]);
    tab_to(&mut m, &db, Field::Abnormal);
    let shown = screen(&render(&m, COLOUR));
    assert!(shown.contains("查无“赵大”：代表须先登记在档"), "{shown}");
    // Marked, then unmarked with space again: none is saved.
    send(
        &mut m,
        &db,
        &[
            Msg::Backspace,
            Msg::Backspace,
            text("于小"),
            text(" "),
            text(" "),
        ],
    );
    assert!(form(&m).marked.is_empty());
}

#[test]
fn a_draft_keeps_the_correction_the_matter_town_and_the_representatives_marked() {
    let db = fixture();
    let mut m = model(&db, Lang::Zh);
    send(&mut m, &db, &[act(Action::Register)]);
    tab_to(&mut m, &db, Field::Headcount);
    send(&mut m, &db, &[Msg::Backspace, text("8")]);
    tab_to(&mut m, &db, Field::Person);
    send(&mut m, &db, &[text("于营"), act(Action::Open)]);
    tab_to(&mut m, &db, Field::Correct);
    send(&mut m, &db, &[Msg::Right]);
    tab_to(&mut m, &db, Field::Address);
    send(&mut m, &db, &[text("辛安社区7号")]);
    tab_to(&mut m, &db, Field::Matter);
    send(&mut m, &db, &[Msg::Left]);
    tab_to(&mut m, &db, Field::MatterTown);
    send(&mut m, &db, &[Msg::Right]);
    tab_to(&mut m, &db, Field::Representatives);
    send(&mut m, &db, &[text("于小红"), text(" ")]);
    m.keep_draft(&db.desk).unwrap();

    let mut again = model(&db, Lang::Zh);
    send(&mut again, &db, &[act(Action::Open)]);
    let f = form(&again);
    assert_eq!(f.chosen.as_ref().map(|p| p.name.as_str()), Some("于营"));
    assert!(f.correct);
    assert_eq!(f.address.text(), "辛安社区7号");
    assert_eq!(f.matter, None, "a new matter");
    assert_eq!(f.matter_town, Some(0));
    let marked: Vec<_> = f.marked.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(marked, ["于小红"]);
}

#[test]
fn the_new_fields_read_in_english() {
    let db = fixture();
    let mut m = model(&db, Lang::En);
    send(&mut m, &db, &[act(Action::Register)]);
    tab_to(&mut m, &db, Field::Headcount);
    send(&mut m, &db, &[Msg::Backspace, text("8")]);
    tab_to(&mut m, &db, Field::Person);
    send(&mut m, &db, &[text("于营"), act(Action::Open)]);
    tab_to(&mut m, &db, Field::Correct);
    send(&mut m, &db, &[Msg::Right]);
    tab_to(&mut m, &db, Field::Matter);
    send(&mut m, &db, &[Msg::Left]);
    tab_to(&mut m, &db, Field::Representatives);
    send(&mut m, &db, &[text("于小"), text(" ")]);
    let shown = screen(&render(&m, COLOUR));
    insta::assert_snapshot!("form_correcting_delegates_en", shown.clone());
    for words in [
        "Correct info",
        "Phone 2",
        "Address",
        "Matter town",
        "the petitioner's",
        "Delegates",
        "empty keeps 138****8000",
        "delegates marked: 1",
    ] {
        assert!(shown.contains(words), "{words}:\n{shown}");
    }
    // Not every field fits above the delegates found: the rest is marked
    // below, and comes into view with the focus.
    assert!(
        !shown.contains("Abnormal") && shown.contains("↓│"),
        "{shown}"
    );
    tab_to(&mut m, &db, Field::Abnormal);
    let shown = screen(&render(&m, COLOUR));
    assert!(
        shown.contains("Abnormal") && shown.contains("↑│"),
        "{shown}"
    );
}

#[test]
fn an_older_draft_with_a_representative_typed_by_id_number_finds_them_to_be_marked() {
    let db = fixture();
    // As a desk before representatives were marked kept its draft.
    let fields = [
        ("headcount", "8"),
        ("person", "钱七"),
        ("summary", "工资拖欠"),
        ("representatives", "11010519491231002X"),
        ("chosen", ""),
    ];
    db.desk
        .save_draft(
            fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
        .unwrap();
    let mut m = model(&db, Lang::Zh);
    send(&mut m, &db, &[act(Action::Open)]);
    let offered: Vec<_> = form(&m).rep_list().iter().map(|f| f.name.clone()).collect();
    assert_eq!(offered, ["于营"]);
    tab_to(&mut m, &db, Field::Representatives);
    send(&mut m, &db, &[text(" ")]);
    let marked: Vec<_> = form(&m).marked.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(marked, ["于营"]);
}

/// The desk's notices (issue 15): a walk-in's receipt offered as the saved
/// matter opens, `p` on a matter, and the notices shown with their numbers.
#[test]
fn a_walk_in_leaves_with_a_receipt_and_p_issues_what_fits_the_matter() {
    use std::os::unix::fs::PermissionsExt;
    let db = fixture();
    let out = tempfile::TempDir::new().unwrap();
    let mut m = model(&db, Lang::Zh);
    m.ctx.report.export_dir = out.path().to_path_buf();
    fill_new_person(&mut m, &db);
    send(&mut m, &db, &[act(Action::Save)]);
    assert_eq!(m.screen(), Screen::Matter);
    assert!(matches!(
        m.s.matter.popup,
        Some(Popup::Offer(xfdesk::domain::NoticeKind::Receipt))
    ));
    let offered = screen(&render(&m, COLOUR));
    assert!(
        offered.contains("出具登记回执？ Enter 出具  Esc 跳过"),
        "{offered}"
    );
    send(&mut m, &db, &[act(Action::Open)]);
    let ledger = m.s.matter.matter.as_ref().unwrap().ledger;
    let receipt =
        m.s.matter
            .notices
            .first()
            .expect("the receipt is on record")
            .clone();
    let shown = screen(&render(&m, COLOUR));
    assert!(
        shown.contains(&format!("已出具 登记回执 {}", receipt.doc_no)),
        "the status says its number:\n{shown}"
    );
    assert!(
        shown.contains(&format!("文书：登记回执 {} 未送达", receipt.doc_no)),
        "the matter lists it:\n{shown}"
    );
    // No print command: the DOCX is a new file beside the desk, 0600.
    let file = out.path().join(format!(
        "{ledger}-receipt-{}-{}.docx",
        receipt.year, receipt.seq
    ));
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    // `p`: before acceptance only another receipt fits; Esc leaves it.
    send(&mut m, &db, &[act(Action::Notice)]);
    let Some(Popup::Notices { kinds, .. }) = &m.s.matter.popup else {
        panic!("the notices that fit are listed");
    };
    // Not accepted yet: a receipt (and, for an admin, supervision letters),
    // no acceptance notice.
    assert_eq!(kinds[0], xfdesk::domain::NoticeKind::Receipt);
    assert!(!kinds.contains(&xfdesk::domain::NoticeKind::Accept));
    send(&mut m, &db, &[act(Action::Back)]);
    assert_eq!(db.desk.notices_of(ledger).unwrap().len(), 1);
    // Home counts it among the notices not delivered; 6 lists them and
    // Enter opens its matter.
    send(&mut m, &db, &[act(Action::Home)]);
    assert_eq!(m.screen(), Screen::Home);
    let home = screen(&render(&m, COLOUR));
    let row = home.lines().find(|l| l.contains("待送达文书")).unwrap();
    assert!(row.trim_end_matches('│').trim_end().ends_with('1'), "{row}");
    send(&mut m, &db, &[act(Action::ListUndelivered)]);
    let list = screen(&render(&m, COLOUR));
    assert!(
        list.contains(&receipt.doc_no) && list.contains("登记回执"),
        "{list}"
    );
    send(&mut m, &db, &[act(Action::Open)]);
    assert_eq!(m.s.matter.matter.as_ref().unwrap().ledger, ledger);
}

#[test]
fn any_other_key_skips_an_offered_notice_and_does_what_it_does() {
    let db = fixture();
    let mut m = model(&db, Lang::Zh);
    fill_new_person(&mut m, &db);
    send(&mut m, &db, &[act(Action::Save)]);
    assert!(matches!(m.s.matter.popup, Some(Popup::Offer(_))));
    send(&mut m, &db, &[act(Action::Home)]);
    assert_eq!(m.screen(), Screen::Home);
    assert!(
        db.desk.undelivered_notices().unwrap().is_empty(),
        "nothing issued"
    );
}
