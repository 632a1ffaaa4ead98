//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod screen;

use std::io::BufRead;
use std::path::{Path, PathBuf};
use tempfile::TempDir;
use xfdesk::service::{current_unix_user, Desk};
use xfdesk::store::OpenOptions;

/// The example of SPEC §7, verbatim.
pub const SPEC_EXAMPLE: &str = r#"{"type":"town","code":"370211001","name":"辛安街道"}
{"type":"village","code":"370211001001","town":"370211001","name":"辛安社区"}
{"type":"unit","code":"xfj","name":"区信访局"}
{"type":"unit","code":"jtj","name":"区教体局"}
{"type":"category","code":"jy","name":"教育"}
{"type":"staff","login":"zhangli","name":"张丽","role":"receptionist","unit":"xfj"}
{"type":"staff","login":"wangwei","name":"王伟","role":"handler","unit":"jtj"}
{"type":"petitioner","ref":"p1","name":"于营","id_number":"11010519491231002X","phones":["13800138000"],"town":"370211001","village":"370211001001"}
{"type":"matter","ref":"m1","petitioners":["p1"],"category":"jy","town":"370211001","summary":"撤并学校,上学不便","first_receiver":"zhangli","registered_at":"2026-03-02T09:15:00+08:00"}
{"type":"contact","matter":"m1","petitioners":["p1"],"at":"2026-03-02T09:15:00+08:00","channel":"visit","level":"county","headcount":1,"abnormal":false,"receiver":"zhangli","summary":"来访反映撤并学校"}
{"type":"event","matter":"m1","at":"2026-03-03T10:00:00+08:00","action":"accept","by":"zhangli","unit":"jtj"}
{"type":"event","matter":"m1","at":"2026-04-20T10:00:00+08:00","action":"reply","by":"wangwei","note":"已答复"}
{"type":"event","matter":"m1","at":"2026-04-25T10:00:00+08:00","action":"evaluate","by":"zhangli","satisfaction":"satisfied"}
"#;

pub struct TestDb {
    pub dir: TempDir,
    pub desk: Desk,
}

impl TestDb {
    pub fn new() -> TestDb {
        let dir = TempDir::new().unwrap();
        let desk = Desk::init(
            &dir.path().join("db"),
            &OpenOptions::default(),
            &current_unix_user(),
        )
        .unwrap();
        TestDb { dir, desk }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().join("db")
    }

    /// Imports `text` as a file named `name`.
    pub fn import(
        &self,
        name: &str,
        text: &str,
    ) -> xfdesk::service::Result<xfdesk::service::import::ImportSummary> {
        let reader: Box<dyn BufRead> = Box::new(std::io::Cursor::new(text.as_bytes().to_vec()));
        self.desk.import_sources(vec![(name.to_string(), reader)])
    }

    pub fn export(&self) -> String {
        let mut out = Vec::new();
        self.desk.export(&mut out, "test").unwrap();
        String::from_utf8(out).unwrap()
    }
}

pub fn write_file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}
