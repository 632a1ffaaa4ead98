//! Plain-text tables aligned by display width (a CJK character is two columns).

use unicode_width::UnicodeWidthStr;

pub fn render(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if i < widths.len() {
                widths[i] = widths[i].max(cell.width());
            }
        }
    }
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut l = String::new();
        for (i, c) in cells.enumerate() {
            if i > 0 {
                l.push_str("  ");
            }
            l.push_str(c);
            l.push_str(&" ".repeat(widths[i].saturating_sub(c.width())));
        }
        out.push_str(l.trim_end());
        out.push('\n');
    };
    line(&mut header.iter().copied());
    for row in rows {
        line(&mut row.iter().map(String::as_str));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_by_display_width_with_chinese_text() {
        let t = render(
            &["姓名", "ID"],
            &[
                vec!["于营".into(), "1".into()],
                vec!["Li".into(), "22".into()],
            ],
        );
        let lines: Vec<&str> = t.lines().collect();
        let col = |l: &str| l.find(['1', '2', 'I']).map(|i| l[..i].width());
        assert_eq!(col(lines[0]), col(lines[1]));
        assert_eq!(col(lines[1]), col(lines[2]));
    }
}
