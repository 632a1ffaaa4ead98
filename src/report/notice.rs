//! A written notice as plain text and as DOCX (docs/rules.md#written-notices).
//! No I/O: the command line writes and prints the bytes.
//!
//! The DOCX follows the usual layout of official documents: A4, the office's
//! name as the header line, the title in 黑体 (二号), the body in 仿宋
//! (三号), page numbers in the footer. The east-Asian font is set as well as
//! the Latin one, or Word and WPS fall back to 宋体 for the Chinese text.

use crate::domain::notice::Printable;
use docx_rs::{AlignmentType, Docx, Footer, Header, PageMargin, PageNum, Paragraph, Run, RunFonts};

/// A4 in twentieths of a point.
const A4: (u32, u32) = (11_906, 16_838);
/// Font sizes in half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt.
pub(super) const TITLE_SIZE: usize = 44;
pub(super) const BODY_SIZE: usize = 32;
pub(super) const SMALL_SIZE: usize = 28;
pub(super) const TITLE_FONT: &str = "黑体";
pub(super) const BODY_FONT: &str = "仿宋";

/// The notice as plain text: the office's name, the title, the body.
pub fn text(p: &Printable) -> String {
    let mut out = String::new();
    if !p.office.is_empty() {
        out.push_str(&p.office);
        out.push_str("\n\n");
    }
    out.push_str(&p.title);
    out.push('\n');
    for line in &p.body {
        out.push_str(line);
        out.push('\n');
    }
    out
}

pub(super) fn fonts(name: &str) -> RunFonts {
    RunFonts::new()
        .ascii(name)
        .hi_ansi(name)
        .east_asia(name)
        .cs(name)
}

pub(super) fn run(text: &str, font: &str, size: usize) -> Run {
    Run::new().add_text(text).fonts(fonts(font)).size(size)
}

/// A body line: the document number centred, the office and date at the
/// right, the rest as written (its leading spaces kept).
fn body_paragraph(p: &Printable, line: &str) -> Paragraph {
    let trimmed = line.trim();
    let align = if trimmed == p.notice.doc_no {
        AlignmentType::Center
    } else if !p.office.is_empty() && trimmed == p.office || is_date_line(trimmed) {
        AlignmentType::Right
    } else {
        AlignmentType::Left
    };
    Paragraph::new()
        .align(align)
        .add_run(run(line, BODY_FONT, BODY_SIZE))
}

/// A line that is only a date as the documents write it (`2026年3月2日`),
/// which goes at the right under the office's name.
fn is_date_line(s: &str) -> bool {
    let digits_and = |c: char| c.is_ascii_digit() || matches!(c, '年' | '月' | '日');
    s.ends_with('日') && s.contains('年') && s.chars().all(digits_and)
}

/// The notice as a DOCX file's bytes.
pub fn docx(p: &Printable) -> Result<Vec<u8>, String> {
    let mut doc = page(&p.office).add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(run(&p.title, TITLE_FONT, TITLE_SIZE).bold()),
    );
    for line in &p.body {
        doc = doc.add_paragraph(body_paragraph(p, line));
    }
    pack(doc)
}

/// An A4 document with the office's name as its header line and page
/// numbers in its footer, 仿宋 by default.
pub(super) fn page(office: &str) -> Docx {
    let header = Header::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(run(office, BODY_FONT, SMALL_SIZE)),
    );
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(run("— ", BODY_FONT, SMALL_SIZE))
            .add_page_num(PageNum::new())
            .add_run(run(" —", BODY_FONT, SMALL_SIZE)),
    );
    Docx::new()
        .page_size(A4.0, A4.1)
        .page_margin(
            PageMargin::new()
                .top(2098)
                .bottom(1984)
                .left(1587)
                .right(1474)
                .header(851)
                .footer(992),
        )
        .default_fonts(fonts(BODY_FONT))
        .default_size(BODY_SIZE)
        .header(header)
        .footer(footer)
}

/// The document's bytes.
pub(super) fn pack(doc: Docx) -> Result<Vec<u8>, String> {
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut out)
        .map_err(|e| format!("the DOCX could not be written: {e}"))?;
    Ok(out.into_inner())
}
