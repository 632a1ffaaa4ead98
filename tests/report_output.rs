//! Report output read back: JSON re-read and compared, xlsx opened by a
//! reader, CSV parsed; and the `report` commands through the real binary.

mod common;

use common::bin::{text, xfdesk};

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use common::report_data::{MONTH_DATA, T1, T2, T3};
use common::{write_file, TestDb, OFFICE};
use std::io::Cursor;
use std::path::Path;
use time::macros::datetime;
use xfdesk::domain::period::Period;
use xfdesk::domain::rules::Rules;
use xfdesk::i18n::Lang;
use xfdesk::report;
use xfdesk::service::report::{Stats, TownScore};

fn office() -> TestDb {
    TestDb::office(MONTH_DATA, datetime!(2026-04-10 09:00 +8), "zhaomin")
}

fn march() -> Period {
    Period::month(2026, 3, 1).unwrap()
}

#[test]
fn scorecard_json_is_the_spec_shape_and_reads_back_equal() {
    let db = office();
    let scores = db.desk.scorecard(&Rules::three_no(), &march()).unwrap();
    let json = report::json(&scores);
    let back: Vec<TownScore> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, scores);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let last = &v.as_array().unwrap()[2];
    let keys: Vec<&str> = last
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys.len(), 5);
    for k in ["town", "name", "pass", "score", "criteria"] {
        assert!(keys.contains(&k), "{keys:?}");
    }
    assert_eq!(last["town"], T1);
    assert_eq!(last["pass"], false);
    assert_eq!(last["score"], 30);
    assert_eq!(
        last["criteria"]["no_collective_city"],
        serde_json::json!({"batches": 1, "persons": 5})
    );
}

#[test]
fn stats_json_has_exactly_the_spec_keys_and_reads_back_equal() {
    let db = office();
    let stats = db.desk.stats(&march()).unwrap();
    let json = report::json(&report::StatsJson::from(&stats));
    let mut back: Stats = serde_json::from_str(&json).unwrap();
    assert!(back.monthly.is_empty(), "the trend is not in the JSON");
    back.monthly = stats.monthly.clone();
    assert_eq!(back, stats);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    let mut want = [
        "contacts",
        "persons",
        "timely_acceptance",
        "on_time",
        "one_time",
        "satisfaction",
        "participation",
        "repeat",
        "skip_level",
        "abnormal",
        "collective",
        "by_channel",
        "by_level",
        "by_category",
        "by_town",
        "by_kind",
    ];
    let mut got = keys.clone();
    got.sort();
    want.sort();
    assert_eq!(got, want);
    assert_eq!(v["on_time"], serde_json::json!({"num": 3, "den": 4}));
    assert_eq!(v["by_town"][T3], 0);
    assert_eq!(
        v["timely_acceptance"],
        serde_json::json!({"num": 3, "den": 4})
    );
    assert_eq!(v["participation"], serde_json::json!({"num": 3, "den": 4}));
    assert_eq!(
        v["by_kind"],
        serde_json::json!({"suggestion": 0, "report": 0, "appeal": 0})
    );
}

fn cell(range: &calamine::Range<Data>, row: u32, col: u32) -> Data {
    range.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

#[test]
fn the_xlsx_scorecard_opens_with_title_chinese_headers_and_the_numbers() {
    let db = office();
    let rules = Rules::three_no();
    let scores = db.desk.scorecard(&rules, &march()).unwrap();
    let sheet = report::scorecard_sheet(&rules, &march(), &scores, Lang::Zh);
    let bytes = report::xlsx(&sheet).unwrap();
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range("镇街考核").unwrap();
    let title = cell(&range, 0, 0).to_string();
    assert!(
        title.contains("三无") && title.contains("2026-03-01") && title.contains("2026-03-31"),
        "{title}"
    );
    let header: Vec<String> = (0..11).map(|c| cell(&range, 1, c).to_string()).collect();
    assert_eq!(header[..5], ["名次", "镇街代码", "镇街", "结果", "得分"]);
    assert_eq!(header[5..7], ["无进京赴省上访 批次", "无进京赴省上访 人次"]);
    assert_eq!(header[10], "无异常上访 人次");
    assert_eq!(cell(&range, 2, 1), Data::String(T2.into()));
    assert_eq!(cell(&range, 2, 3), Data::String("达标".into()));
    assert_eq!(cell(&range, 4, 2), Data::String("辛安街道".into()));
    assert_eq!(cell(&range, 4, 3), Data::String("未达标".into()));
    assert_eq!(cell(&range, 4, 4), Data::Float(30.0));
    assert_eq!(cell(&range, 4, 7), Data::Float(1.0));
    assert_eq!(cell(&range, 4, 8), Data::Float(5.0));
    assert_eq!(range.height(), 5, "title, header and three towns");
}

#[test]
fn the_xlsx_statistics_keep_rates_as_numbers() {
    let db = office();
    let stats = db.desk.stats(&march()).unwrap();
    let sheet = report::stats_sheet(&stats, &march(), &report::Names::default(), Lang::Zh);
    let bytes = report::xlsx(&sheet).unwrap();
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range("信访统计").unwrap();
    let row = (0..range.height() as u32)
        .find(|r| cell(&range, *r, 1) == Data::String("按期办结率".into()))
        .expect("an on-time row");
    assert_eq!(cell(&range, row, 3), Data::Float(3.0));
    assert_eq!(cell(&range, row, 4), Data::Float(4.0));
    assert_eq!(cell(&range, row, 5), Data::Float(0.75));
    for item in ["及时受理率", "参评率"] {
        assert!(
            (0..range.height() as u32).any(|r| cell(&range, r, 1) == Data::String(item.into())),
            "{item}"
        );
    }
    // The notes sheet says how each rate is worked out.
    let notes = book.worksheet_range("说明").unwrap();
    let text: Vec<String> = (0..notes.height() as u32)
        .map(|r| cell(&notes, r, 0).to_string())
        .collect();
    for rate in [
        "及时受理率：",
        "按期办结率：",
        "一次性办结率：",
        "满意率：",
        "参评率：",
    ] {
        assert!(text.iter().any(|l| l.starts_with(rate)), "{rate}: {text:?}");
    }
}

/// A CSV's rows after its byte-order mark, which must be there.
fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "no UTF-8 BOM");
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&bytes[3..]);
    r.records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn csv_reads_back_with_its_bom_and_a_formula_summary_defused() {
    let db = office();
    let rules = Rules::three_no();
    let contacts = db
        .desk
        .scorecard_contacts(&rules, &march(), T1, "no_national_provincial")
        .unwrap();
    let tz = db.desk.store().tz();
    let sheet = report::contacts_sheet("明细", &contacts, tz, Lang::Zh);
    let rows = csv_rows(&report::csv(&sheet));
    assert_eq!(rows[0][0], "时间");
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1][0], "2026-03-06T10:00:00+08:00");
    assert_eq!(rows[1][10], "'=HYPERLINK(\"http://x\",\"c4\")");
    assert_eq!(rows[2][10], "c5");

    let scores = db.desk.scorecard(&rules, &march()).unwrap();
    let rows = csv_rows(&report::csv(&report::scorecard_sheet(
        &rules,
        &march(),
        &scores,
        Lang::En,
    )));
    assert_eq!(
        rows[0][..5],
        ["Rank", "Town code", "Town", "Result", "Score"]
    );
    assert_eq!(rows[3][..5], ["3", T1, "辛安街道", "fail", "30"]);
}

// The binary.

/// The month's database at DIR/db, made through the binary.
fn month_db(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("db");
    assert!(xfdesk(&db, &["init"]).status.success());
    let f = write_file(dir, "month.jsonl", &format!("{OFFICE}{MONTH_DATA}"));
    let out = xfdesk(&db, &["import", f.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    db
}

#[test]
fn report_commands_write_every_format() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = month_db(dir.path());
    let month = ["--from", "2026-03-01", "--to", "2026-03-31"];
    let run = |args: &[&str]| {
        let out = xfdesk(&db, args);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        out.stdout
    };

    let table = text(&run(&[&["report", "scorecard"][..], &month].concat()));
    assert!(
        table.contains("辛安街道") && table.contains("未达标"),
        "{table}"
    );
    let json = run(&[&[
        "report",
        "scorecard",
        "--month",
        "2026-03",
        "--format",
        "json",
    ][..]]
    .concat());
    let scores: Vec<TownScore> = serde_json::from_slice(&json).unwrap();
    assert_eq!(
        scores.iter().map(|s| s.score).collect::<Vec<_>>(),
        [100, 100, 30]
    );

    let rules = write_file(
        dir.path(),
        "four.toml",
        include_str!("../fixtures/rules/four-no.toml"),
    );
    let csv = run(&[
        &[
            "report",
            "scorecard",
            "--quarter",
            "2026-Q1",
            "--format",
            "csv",
            "--rules",
        ][..],
        &[rules.to_str().unwrap()],
    ]
    .concat());
    let rows = csv_rows(&csv);
    assert_eq!(rows[0].len(), 5 + 2 * 4, "four criteria: {:?}", rows[0]);

    let stats = run(&[&["report", "stats", "--format", "json"][..], &month].concat());
    let v: serde_json::Value = serde_json::from_slice(&stats).unwrap();
    assert_eq!(v["contacts"], 9);
    assert_eq!(v["repeat"], serde_json::json!({"num": 7, "den": 9}));
    let table = text(&run(
        &[&["--lang", "en", "report", "stats"][..], &month].concat()
    ));
    assert!(
        table.contains("On-time rate") && table.contains("75.0%"),
        "{table}"
    );
    // Under the table, how each rate is worked out.
    assert!(
        table.contains("\nNotes\n")
            && table.contains("On-time rate: accepted matters replied within 60 days")
            && table.contains("Participation rate:"),
        "{table}"
    );

    let xlsx = dir.path().join("stats.xlsx");
    let out = run(&[
        &[
            "report", "stats", "--year", "2026", "--format", "xlsx", "--out",
        ][..],
        &[xlsx.to_str().unwrap()],
    ]
    .concat());
    assert!(out.is_empty());
    let mut book: Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let range = book.worksheet_range("信访统计").unwrap();
    assert_eq!(cell(&range, 2, 2), Data::Float(16.0), "c1 … c16");
    assert!(!dir.path().join("stats.xlsx.partial").exists());

    let drill = run(&[
        &[
            "report",
            "scorecard",
            "--format",
            "json",
            "--town",
            T1,
            "--criterion",
            "no_abnormal",
        ][..],
        &month,
    ]
    .concat());
    let v: serde_json::Value = serde_json::from_slice(&drill).unwrap();
    assert_eq!(v[0]["summary"], "c11");
    assert_eq!(v[0]["at"], "2026-03-31T23:59:59+08:00");

    let zero = text(&run(&[&["report", "zero-visit"][..], &month].concat()));
    assert!(
        zero.contains("南辛安社区") && zero.contains("黄岛社区"),
        "{zero}"
    );
    assert!(
        !zero.contains("\n辛安街道 (370211001)  370211001001"),
        "{zero}"
    );
}

#[test]
fn bad_periods_rules_and_formats_are_one_clear_error() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = month_db(dir.path());
    let bad_rules = write_file(
        dir.path(),
        "bad.toml",
        "name = \"x\"\n[[criterion]]\nid = \"a\"\nlabel = \"a\"\nlevels = [\"moon\"]\npoints = 1\n",
    );
    let cases: &[(&[&str], i32, &str)] = &[
        (
            &[
                "report",
                "stats",
                "--from",
                "2026-03-32",
                "--to",
                "2026-04-01",
            ],
            2,
            "--from",
        ),
        (
            &[
                "report",
                "stats",
                "--from",
                "2026-04-01",
                "--to",
                "2026-03-01",
            ],
            2,
            "ends (2026-03-01) before it starts",
        ),
        (&["report", "stats", "--from", "2026-03-01"], 2, "--to"),
        (&["report", "stats"], 2, "required"),
        (&["report", "stats", "--quarter", "2026-Q5"], 2, "YYYY-Q1"),
        (
            &["report", "stats", "--year", "2026", "--format", "xlsx"],
            2,
            "--out",
        ),
        (
            &["report", "scorecard", "--year", "2026", "--format", "pdf"],
            2,
            "pdf",
        ),
        (
            &[
                "report",
                "scorecard",
                "--year",
                "2026",
                "--rules",
                bad_rules.to_str().unwrap(),
            ],
            1,
            "bad.toml:5: levels: unknown level \"moon\"",
        ),
        (
            &[
                "report",
                "scorecard",
                "--year",
                "2026",
                "--rules",
                "/nonexistent.toml",
            ],
            1,
            "/nonexistent.toml",
        ),
    ];
    for (args, code, want) in cases {
        let out = xfdesk(&db, args);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(*code), "{args:?}: {err}");
        assert!(err.contains(want), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn month_start_is_shown_and_set_from_the_command_line() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = month_db(dir.path());
    assert_eq!(text(&xfdesk(&db, &["report", "month-start"]).stdout), "1\n");
    assert!(xfdesk(&db, &["report", "month-start", "21"])
        .status
        .success());
    assert_eq!(
        text(&xfdesk(&db, &["report", "month-start"]).stdout),
        "21\n"
    );
    let out = xfdesk(
        &db,
        &["report", "stats", "--month", "2026-04", "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["contacts"], 3, "03-21 … 04-20");
    let out = xfdesk(&db, &["report", "month-start", "30"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("from 1 to 28"));
}
