//! Time to issue a receipt at the desk (registration saved → file written):
//! the notice numbered, recorded, audited and flushed, rendered as DOCX and
//! written new (0600) to a file; and the size of that DOCX. Self-contained:
//! a throwaway database in a temporary directory.
//!
//! Run: `cargo bench --bench notice` (prints the figures the README quotes).

use std::io::BufRead;
use std::time::Instant;
use xfdesk::domain::idnum::check_char;
use xfdesk::domain::{Channel, Level, NoticeKind};
use xfdesk::service::register::{MatterChoice, NewMatter, NewPetitioner, Person, Registration};
use xfdesk::service::{current_unix_user, Desk};
use xfdesk::store::OpenOptions;

const N: usize = 300;

const OFFICE: &str = r#"{"type":"town","code":"370211001","name":"辛安街道"}
{"type":"unit","code":"xfj","name":"区信访局"}
{"type":"category","code":"jy","name":"教育"}
"#;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn walk_in(i: usize) -> Registration {
    let first17 = format!("37021119800101{:03}", i % 1000);
    let id = format!("{first17}{}", check_char(&first17).unwrap());
    Registration {
        at: None,
        channel: Channel::Visit,
        level: Level::County,
        headcount: 1,
        person: Person::New(NewPetitioner {
            name: format!("来访人{i}"),
            id_number: id,
            phones: vec!["13800138001".into()],
            town: Some("370211001".into()),
            village: None,
            address: None,
        }),
        representatives: Vec::new(),
        letter_no: None,
        matter: MatterChoice::New(NewMatter {
            category: "jy".into(),
            summary: "撤并学校，上学不便，要求恢复村小".into(),
            town: None,
            jurisdiction: Level::County,
        }),
        summary: String::new(),
        abnormal: false,
        correction: None,
    }
}

fn main() {
    let dir = tempfile::TempDir::new().unwrap();
    let desk = Desk::init(
        &dir.path().join("db"),
        &OpenOptions::default(),
        &current_unix_user(),
    )
    .expect("a database");
    let src: Box<dyn BufRead> = Box::new(std::io::Cursor::new(OFFICE.as_bytes().to_vec()));
    desk.import_sources(vec![("office.jsonl".into(), src)])
        .unwrap();
    desk.set_office_setting("office_name", "青岛市黄岛区信访局")
        .unwrap();
    let mut times = Vec::with_capacity(N);
    let mut size = 0;
    for i in 0..N {
        let ledger = desk.register(&walk_in(i)).unwrap().ledger;
        let start = Instant::now();
        let p = desk.issue_notice(ledger, NoticeKind::Receipt).unwrap();
        let bytes = xfdesk::report::notice::docx(&p).unwrap();
        let out = dir.path().join(format!("receipt-{i}.docx"));
        xfdesk::secure_file::write_new(&out, &bytes).unwrap();
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        size = bytes.len();
    }
    times.sort_by(|a, b| a.total_cmp(b));
    println!(
        "receipt issued and written as DOCX, {N} times: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        times[N - 1]
    );
    println!(
        "DOCX of a receipt: {size} bytes ({:.1} KiB)",
        size as f64 / 1024.0
    );
}
