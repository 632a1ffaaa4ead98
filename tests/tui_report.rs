//! F5 scorecards and F6 statistics on the desk: the period picker, work
//! computed off the draw path, drill-down to the contacts and the person, the
//! villages with no contact, export, and who may see them.

mod common;

use common::screen::{act, model, render, screen, send, COLOUR};
use common::{TestDb, INTERCHANGE_EXAMPLE};
use xfdesk::i18n::Lang;
use xfdesk::tui::action::Action;
use xfdesk::tui::model::run_pending;
use xfdesk::tui::model::{Model, Screen};
use xfdesk::tui::report::{JobOutput, PeriodKind, Picker};

/// The example of docs/interchange.md (a county visit in March) plus a collective visit of six
/// to the city in June: 辛安街道 fails 无到市集体上访 in June.
const MORE: &str = r#"{"type":"town","code":"370211002","name":"黄岛街道"}
{"type":"village","code":"370211002001","town":"370211002","name":"黄岛社区"}
{"type":"petitioner","ref":"p2","name":"于小红","phones":["13500004321"],"town":"370211001","village":"370211001001"}
{"type":"matter","ref":"m2","petitioners":["p2"],"category":"jy","town":"370211001","summary":"校车安全","first_receiver":"zhangli","registered_at":"2026-06-05T09:00:00+08:00"}
{"type":"contact","matter":"m2","petitioners":["p2"],"at":"2026-06-05T09:00:00+08:00","channel":"visit","level":"city","headcount":6,"receiver":"zhangli","summary":"集体到市上访"}
"#;

fn fixture() -> TestDb {
    let db = TestDb::new();
    db.import("spec.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    db.import("more.jsonl", MORE).unwrap();
    db
}

/// F5 on 2026-07-01, then back one month to June, each answer computed.
fn june_scorecard(db: &TestDb) -> Model {
    let mut m = model(db, Lang::Zh);
    send(&mut m, db, &[act(Action::Scorecards)]);
    assert_eq!(m.screen(), Screen::Scorecard);
    assert!(m.ctx.report.running.is_some(), "asked off the draw path");
    run_pending(&mut m, &db.desk).unwrap();
    send(&mut m, db, &[act(Action::PrevPeriod)]);
    run_pending(&mut m, &db.desk).unwrap();
    assert!(m.ctx.report.running.is_none());
    m
}

#[test]
fn the_scorecard_ranks_every_town_and_drills_down_to_the_person() {
    let db = fixture();
    let mut m = june_scorecard(&db);
    let scores = m.ctx.report.scores.clone().unwrap();
    let ranked: Vec<(&str, i64, bool)> = scores
        .iter()
        .map(|s| (s.name.as_str(), s.score, s.pass))
        .collect();
    assert_eq!(ranked, [("黄岛街道", 100, true), ("辛安街道", 90, false)]);
    insta::assert_snapshot!("scorecard_zh", screen(&render(&m, COLOUR)));

    // Down to 辛安街道, across to the collective-visit criterion, Enter.
    send(
        &mut m,
        &db,
        &[act(Action::Down), act(Action::NextField), act(Action::Open)],
    );
    assert_eq!(m.screen(), Screen::Drill);
    run_pending(&mut m, &db.desk).unwrap();
    let summaries: Vec<&str> = m
        .ctx
        .report
        .drill
        .iter()
        .map(|c| c.summary.as_str())
        .collect();
    assert_eq!(summaries, ["集体到市上访"]);
    insta::assert_snapshot!("scorecard_drill_zh", screen(&render(&m, COLOUR)));
    send(&mut m, &db, &[act(Action::Open)]);
    assert_eq!(m.screen(), Screen::Card);
    assert_eq!(m.s.card.card.as_ref().unwrap().petitioner.name, "于小红");

    // 四无 adds a criterion; a stale answer to the earlier question is ignored.
    send(&mut m, &db, &[act(Action::Back), act(Action::Back)]);
    assert_eq!(m.screen(), Screen::Scorecard);
    let stale = m.ctx.report.pending.clone().map(|(n, _)| n);
    send(
        &mut m,
        &db,
        &[xfdesk::tui::model::Msg::Action(Action::ToggleRules)],
    );
    if let Some(n) = stale {
        send(
            &mut m,
            &db,
            &[xfdesk::tui::model::Msg::Done(
                n,
                Ok(JobOutput::Scorecard(vec![])),
            )],
        );
    }
    run_pending(&mut m, &db.desk).unwrap();
    assert_eq!(m.ctx.report.rules().name, "四无");
    let first = &m.ctx.report.scores.as_ref().unwrap()[1];
    assert!(first.criteria.contains_key("no_skip_level"));
}

#[test]
fn villages_with_no_contact_are_listed() {
    let db = fixture();
    let mut m = june_scorecard(&db);
    send(&mut m, &db, &[act(Action::ZeroVisit)]);
    assert_eq!(m.screen(), Screen::ZeroVisit);
    run_pending(&mut m, &db.desk).unwrap();
    let codes: Vec<&str> = m
        .ctx
        .report
        .villages
        .as_ref()
        .unwrap()
        .iter()
        .map(|v| v.code.as_str())
        .collect();
    assert_eq!(codes, ["370211002001"], "辛安社区 had a contact in June");
}

#[test]
fn statistics_show_rates_with_their_counts_and_a_monthly_trend() {
    let db = fixture();
    let mut m = model(&db, Lang::Zh);
    send(&mut m, &db, &[act(Action::Statistics)]);
    run_pending(&mut m, &db.desk).unwrap();
    send(&mut m, &db, &[act(Action::PeriodYear)]);
    run_pending(&mut m, &db.desk).unwrap();
    let s = m.ctx.report.stats.clone().unwrap();
    assert_eq!((s.contacts, s.persons), (2, 7));
    assert_eq!(s.monthly.len(), 12);
    let shown = screen(&render(&m, COLOUR));
    insta::assert_snapshot!("stats_zh", shown.clone());
    assert!(shown.contains("信访总量（批次） 2"), "{shown}");
}

#[test]
fn the_statistics_help_says_how_each_rate_is_worked_out() {
    let db = fixture();
    for (lang, words) in [
        (
            Lang::Zh,
            [
                "及时受理率：",
                "按期办结率：",
                "满意率：",
                "参评率：",
                "按类别受理：",
            ],
        ),
        (
            Lang::En,
            [
                "Timely acceptance:",
                "On-time rate:",
                "Satisfaction rate:",
                "Participation rate:",
                "Accepted by kind:",
            ],
        ),
    ] {
        let mut m = model(&db, lang);
        send(&mut m, &db, &[act(Action::Statistics)]);
        run_pending(&mut m, &db.desk).unwrap();
        send(&mut m, &db, &[act(Action::Help)]);
        assert_eq!(m.screen(), Screen::Help);
        let shown = screen(&render(&m, COLOUR));
        for w in words {
            assert!(shown.contains(w), "{lang:?} {w}: {shown}");
        }
        if lang == Lang::Zh {
            insta::assert_snapshot!("stats_help_zh", shown);
        }
    }
}

#[test]
fn the_period_picker_steps_months_quarters_and_years_across_new_year() {
    let mut p = Picker {
        kind: PeriodKind::Month,
        year: 2026,
        index: 1,
        start_day: 1,
    };
    p.step(-1);
    assert_eq!((p.year, p.index), (2025, 12));
    p.set_kind(PeriodKind::Quarter);
    assert_eq!((p.year, p.index), (2025, 4));
    p.step(1);
    assert_eq!((p.year, p.index), (2026, 1));
    let q = p.period();
    assert_eq!(
        (q.from.to_string(), q.to.to_string()),
        ("2026-01-01".into(), "2026-03-31".into())
    );
    p.set_kind(PeriodKind::Year);
    p.step(-1);
    assert_eq!(p.period().from.to_string(), "2025-01-01");
    // An office whose statistical month starts on the 21st: 2026-01 began in December.
    let p = Picker::around(time::macros::date!(2025 - 12 - 22), 21);
    assert_eq!((p.year, p.index), (2026, 1));
    assert_eq!(p.period().from.to_string(), "2025-12-21");
}

#[test]
fn e_exports_the_screen_as_an_excel_file() {
    let db = fixture();
    let mut m = june_scorecard(&db);
    let dir = tempfile::TempDir::new().unwrap();
    m.ctx.report.export_dir = dir.path().to_path_buf();
    send(&mut m, &db, &[act(Action::Export)]);
    let path = dir.path().join("scorecard-2026-06-01-2026-06-30.xlsx");
    let status = m.ctx.status.clone().unwrap();
    assert!(status.contains("已导出"), "{status}");
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"PK"), "an xlsx is a zip file");
}

#[test]
fn a_receptionist_is_told_reports_are_not_theirs() {
    let mut db = TestDb::office("", time::macros::datetime!(2026-07-01 10:00 +8), "zhangli");
    db.as_user("zhangli");
    let mut m = model(&db, Lang::Zh);
    send(&mut m, &db, &[act(Action::Scorecards)]);
    assert_eq!(m.screen(), Screen::Home);
    assert!(
        m.ctx.status.clone().unwrap().contains("无权"),
        "{:?}",
        m.ctx.status
    );
}
