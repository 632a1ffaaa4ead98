//! Sheets to bytes: plain text, CSV, xlsx; and JSON.

use super::{Cell, Sheet};
use rust_xlsxwriter::{
    Chart, ChartType, Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

/// A cell as text: a share as a percentage with one decimal.
pub(super) fn shown(cell: &Cell, sheet: &Sheet) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(s) => s.clone(),
        Cell::Int(n) => n.to_string(),
        Cell::Share(f) => format!("{:.1}%", f * 100.0),
        Cell::Pass(true) => sheet.pass_words.0.clone(),
        Cell::Pass(false) => sheet.pass_words.1.clone(),
    }
}

/// The title, then the table aligned by display width.
pub fn table_text(sheet: &Sheet) -> String {
    let header: Vec<&str> = sheet.header.iter().map(String::as_str).collect();
    let rows: Vec<Vec<String>> = sheet
        .rows
        .iter()
        .map(|r| r.iter().map(|c| shown(c, sheet)).collect())
        .collect();
    let mut out = format!(
        "{}\n\n{}",
        sheet.title,
        super::table::render(&header, &rows)
    );
    if let Some((heading, lines)) = &sheet.notes {
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out.push('\n');
        out.push_str(heading);
        out.push('\n');
        for l in lines {
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}

/// Excel, LibreOffice and Google Sheets run a cell that starts with one of
/// these as a formula (CSV injection); a leading `'` makes it text. Tab and
/// carriage return are in the same OWASP list.
fn defuse(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// CSV with a UTF-8 byte-order mark (without it Excel reads Chinese as GBK),
/// the header row first, text cells defused. No title row: the first row is
/// the header, so other programs read the file as a table.
pub fn csv(sheet: &Sheet) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        // A statistics sheet holds sections of different widths (rates,
        // then counts by channel, ...): rows may be shorter than the header.
        let mut w = ::csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(&mut out);
        // Writing into a Vec cannot fail, and flexible rows are never refused.
        w.write_record(sheet.header.iter().map(|h| defuse(h)))
            .expect("CSV into memory");
        for row in &sheet.rows {
            let cells = row.iter().map(|c| match c {
                Cell::Text(s) => defuse(s),
                other => shown(other, sheet),
            });
            w.write_record(cells).expect("CSV into memory");
        }
        w.flush().expect("CSV into memory");
    }
    out
}

/// Compact JSON and a newline, as the other `--json` outputs.
pub fn json<T: Serialize + ?Sized>(value: &T) -> String {
    let mut s = serde_json::to_string(value).expect("report types serialise");
    s.push('\n');
    s
}

/// Characters an xlsx worksheet name may not hold.
fn tab_name(s: &str) -> String {
    let clean: String = s
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect();
    if clean.is_empty() {
        "Sheet1".into()
    } else {
        clean
    }
}

/// An xlsx workbook of one worksheet: the title in a merged first row, the
/// header frozen under it, columns as wide as their widest cell (a CJK
/// character counts two), pass in green and fail in red, shares as
/// percentages.
pub fn xlsx(sheet: &Sheet) -> Result<Vec<u8>, String> {
    workbook(sheet).map_err(|e| format!("xlsx: {e}"))
}

/// The cell formats of a workbook.
struct Formats {
    title: Format,
    head: Format,
    pass: Format,
    fail: Format,
    share: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            head: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xD9D9D9))
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::Center),
            pass: Format::new()
                .set_background_color(Color::RGB(0xC6EFCE))
                .set_font_color(Color::RGB(0x006100)),
            fail: Format::new()
                .set_background_color(Color::RGB(0xFFC7CE))
                .set_font_color(Color::RGB(0x9C0006)),
            share: Format::new().set_num_format("0.0%"),
        }
    }
}

fn workbook(sheet: &Sheet) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let f = Formats::new();
    table_sheet(book.add_worksheet(), sheet, &f)?;
    if let Some((heading, lines)) = &sheet.notes {
        notes_sheet(book.add_worksheet(), heading, lines, &f.title)?;
    }
    book.save_to_buffer()
}

/// A chart drawn from a column of one of a workbook's sheets.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartOf {
    pub title: String,
    /// Which sheet (by position), and its columns of categories and values.
    pub sheet: usize,
    pub categories: u16,
    pub values: u16,
    /// A line (a trend) or columns (a comparison).
    pub line: bool,
}

/// Several sheets in one workbook, each on its worksheet, their notes on
/// one worksheet after them, then a chart sheet drawing `charts` natively.
pub fn xlsx_book(sheets: &[Sheet], charts: &[ChartOf], chart_tab: &str) -> Result<Vec<u8>, String> {
    book_of(sheets, charts, chart_tab).map_err(|e| format!("xlsx: {e}"))
}

fn book_of(sheets: &[Sheet], charts: &[ChartOf], chart_tab: &str) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let f = Formats::new();
    let mut names = Vec::new();
    for sheet in sheets {
        let ws = book.add_worksheet();
        table_sheet(ws, sheet, &f)?;
        names.push(ws.name());
    }
    let notes: Vec<String> = sheets
        .iter()
        .filter_map(|s| s.notes.as_ref())
        .flat_map(|(_, lines)| lines.iter().cloned())
        .collect();
    if let Some((heading, _)) = sheets.iter().find_map(|s| s.notes.as_ref()) {
        notes_sheet(book.add_worksheet(), heading, &notes, &f.title)?;
    }
    if !charts.is_empty() {
        let ws = book.add_worksheet();
        ws.set_name(tab_name(chart_tab))?;
        for (i, c) in charts.iter().enumerate() {
            let rows = sheets.get(c.sheet).map_or(0, |s| s.rows.len()) as u32;
            let name = names.get(c.sheet).cloned().unwrap_or_default();
            let mut chart = Chart::new(if c.line {
                ChartType::Line
            } else {
                ChartType::Column
            });
            chart.title().set_name(&c.title);
            chart.legend().set_hidden();
            chart
                .add_series()
                .set_categories((name.as_str(), 2, c.categories, rows + 1, c.categories))
                .set_values((name.as_str(), 2, c.values, rows + 1, c.values));
            ws.insert_chart(i as u32 * 18, 0, &chart)?;
        }
    }
    book.save_to_buffer()
}

/// The sheet's title, header and rows on `ws`, columns as wide as their
/// cells, the header frozen.
fn table_sheet(ws: &mut Worksheet, sheet: &Sheet, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(tab_name(&sheet.tab))?;
    let last_col = sheet.header.len().saturating_sub(1) as u16;
    if last_col > 0 {
        ws.merge_range(0, 0, 0, last_col, &sheet.title, &f.title)?;
    } else {
        ws.write_string_with_format(0, 0, &sheet.title, &f.title)?;
    }
    let mut widths: Vec<usize> = sheet.header.iter().map(|h| h.width()).collect();
    for (c, h) in sheet.header.iter().enumerate() {
        ws.write_string_with_format(1, c as u16, h, &f.head)?;
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = r as u32 + 2;
        for (c, cell) in row.iter().enumerate() {
            write_cell(ws, r, c as u16, cell, sheet, f)?;
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(shown(cell, sheet).width());
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        // Excel's width unit is about one Latin character; a little air, and
        // no column wider than a screen.
        ws.set_column_width(c as u16, (*w as f64 + 2.0).min(80.0))?;
    }
    ws.set_freeze_panes(2, 0)?;
    Ok(())
}

/// One cell of the table at row `r`, column `col`.
fn write_cell(
    ws: &mut Worksheet,
    r: u32,
    col: u16,
    cell: &Cell,
    sheet: &Sheet,
    f: &Formats,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Empty => {}
        Cell::Text(s) => {
            ws.write_string(r, col, s)?;
        }
        Cell::Int(n) => {
            ws.write_number(r, col, *n as f64)?;
        }
        Cell::Share(x) => {
            ws.write_number_with_format(r, col, *x, &f.share)?;
        }
        Cell::Pass(p) => {
            let (word, format) = if *p {
                (&sheet.pass_words.0, &f.pass)
            } else {
                (&sheet.pass_words.1, &f.fail)
            };
            ws.write_string_with_format(r, col, word, format)?;
        }
    }
    Ok(())
}

/// The notes worksheet: the heading, then one wrapped line per row.
fn notes_sheet(
    notes: &mut Worksheet,
    heading: &str,
    lines: &[String],
    title: &Format,
) -> Result<(), XlsxError> {
    notes.set_name(tab_name(heading))?;
    notes.write_string_with_format(0, 0, heading, title)?;
    let wrap = Format::new().set_text_wrap();
    notes.set_column_width(0, 100.0)?;
    for (r, l) in lines.iter().enumerate() {
        notes.write_string_with_format(r as u32 + 1, 0, l, &wrap)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: Vec<Vec<Cell>>) -> Sheet {
        Sheet {
            notes: None,
            title: "标题".into(),
            tab: "表".into(),
            header: vec!["镇街".into(), "得分".into(), "结果".into()],
            rows,
            pass_words: ("达标".into(), "未达标".into()),
        }
    }

    #[test]
    fn csv_starts_with_a_bom_and_defuses_formulas() {
        let s = sheet(vec![
            vec![
                Cell::Text("=HYPERLINK(\"x\")".into()),
                Cell::Int(-3),
                Cell::Pass(false),
            ],
            vec![Cell::Text("+1".into()), Cell::Share(0.5), Cell::Pass(true)],
            vec![
                Cell::Text("-2".into()),
                Cell::Empty,
                Cell::Text("@SUM(A1)".into()),
            ],
            vec![
                Cell::Text("辛安,街道".into()),
                Cell::Int(7),
                Cell::Text("a=b".into()),
            ],
        ]);
        let bytes = csv(&s);
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert_eq!(
            text,
            "镇街,得分,结果\n\"'=HYPERLINK(\"\"x\"\")\",-3,未达标\n'+1,50.0%,达标\n'-2,,'@SUM(A1)\n\"辛安,街道\",7,a=b\n"
        );
    }

    #[test]
    fn csv_takes_rows_of_different_widths() {
        let mut s = sheet(vec![
            vec![Cell::Text("及时受理率".into()), Cell::Int(3), Cell::Int(4)],
            vec![Cell::Text("来访".into()), Cell::Int(7)],
        ]);
        s.header = vec!["项目".into(), "数".into(), "总".into()];
        let text = String::from_utf8(csv(&s)).unwrap();
        assert_eq!(text, "\u{FEFF}项目,数,总\n及时受理率,3,4\n来访,7\n");
    }

    #[test]
    fn tables_align_wide_characters_under_their_title() {
        let s = sheet(vec![vec![
            Cell::Text("辛安街道".into()),
            Cell::Int(100),
            Cell::Pass(true),
        ]]);
        let t = table_text(&s);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[0], "标题");
        assert_eq!(lines[2], "镇街      得分  结果");
        assert_eq!(lines[3], "辛安街道  100   达标");
    }

    #[test]
    fn worksheet_names_lose_what_excel_refuses() {
        assert_eq!(tab_name("a/b[c]:d*e?f\\g"), "abcdefg");
        assert_eq!(tab_name("//"), "Sheet1");
        assert_eq!(tab_name(&"长".repeat(40)).chars().count(), 31);
    }
}
