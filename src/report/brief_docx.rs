//! The monthly brief as DOCX: the same tables the workbook holds, each under
//! its heading, on the office's A4 page (header line, page numbers, 黑体
//! title, 仿宋 text); the rate definitions close it.

use super::notice::{fonts, pack, page, run, BODY_FONT, TITLE_FONT, TITLE_SIZE};
use super::write::shown;
use super::{Cell, Sheet};
use docx_rs::{AlignmentType, Paragraph, Table, TableCell, TableRow};

/// Table text in 五号 (10.5 pt), headings in 四号 (14 pt), as half-points.
const TABLE_SIZE: usize = 21;
const HEADING_SIZE: usize = 28;

fn cell(text: &str, bold: bool) -> TableCell {
    let mut r = run(text, BODY_FONT, TABLE_SIZE);
    if bold {
        r = r.bold();
    }
    TableCell::new().add_paragraph(Paragraph::new().add_run(r))
}

fn table(sheet: &Sheet) -> Table {
    let mut rows = vec![TableRow::new(
        sheet.header.iter().map(|h| cell(h, true)).collect(),
    )];
    let width = sheet.header.len();
    for row in &sheet.rows {
        let mut cells: Vec<TableCell> = row.iter().map(|c| cell(&shown(c, sheet), false)).collect();
        // Every row as wide as the header, so the grid stays whole.
        while cells.len() < width {
            cells.push(cell(&shown(&Cell::Empty, sheet), false));
        }
        rows.push(TableRow::new(cells));
    }
    Table::new(rows)
}

/// The brief's title and its sheets as a document for `office`.
pub fn brief_docx(office: &str, title: &str, sheets: &[Sheet]) -> Result<Vec<u8>, String> {
    let mut doc = page(office).add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(run(title, TITLE_FONT, TITLE_SIZE).bold()),
    );
    let mut notes: Vec<String> = Vec::new();
    let mut notes_heading = None;
    for s in sheets {
        doc = doc
            .add_paragraph(Paragraph::new().add_run(run(&s.title, TITLE_FONT, HEADING_SIZE)))
            .add_table(table(s));
        if let Some((heading, lines)) = &s.notes {
            notes_heading.get_or_insert_with(|| heading.clone());
            notes.extend(lines.iter().cloned());
        }
    }
    if let Some(heading) = notes_heading {
        doc = doc.add_paragraph(Paragraph::new().add_run(run(&heading, TITLE_FONT, HEADING_SIZE)));
        for l in notes {
            let r = docx_rs::Run::new()
                .add_text(l)
                .fonts(fonts(BODY_FONT))
                .size(TABLE_SIZE);
            doc = doc.add_paragraph(Paragraph::new().add_run(r));
        }
    }
    pack(doc)
}
