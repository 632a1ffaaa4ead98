//! Sending a document to the office's print command (`lp -d desk1`), for
//! the command line and the desk alike.

use crate::i18n::{notice_words, Lang};
use crate::service::ServiceError;

fn invalid(s: String) -> ServiceError {
    ServiceError::Invalid(s)
}

/// Writes `bytes` to a new 0600 file in the temporary directory and runs
/// the print command with its path; a failure says the command's exit
/// status and what it wrote on stderr. The file is removed afterwards.
pub fn print(cmd: &str, bytes: &[u8], ext: &str, lang: Lang) -> Result<(), ServiceError> {
    let t = notice_words(lang);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let path = std::env::temp_dir().join(format!(
        "xfdesk-notice-{}-{nanos}.{ext}",
        std::process::id()
    ));
    crate::secure_file::write_new(&path, bytes)?;
    let mut words = cmd.split_whitespace();
    let program = words.next().unwrap_or_default();
    let ran = std::process::Command::new(program)
        .args(words)
        .arg(&path)
        .stdin(std::process::Stdio::null())
        .output();
    let _ = std::fs::remove_file(&path);
    let ran = ran.map_err(|e| invalid(format!("{} ({cmd}): {e}", t.print_failed)))?;
    if ran.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&ran.stderr);
    Err(invalid(format!(
        "{} ({cmd}): {}{}",
        t.print_failed,
        ran.status,
        match stderr.trim() {
            "" => String::new(),
            s => format!(": {s}"),
        }
    )))
}
