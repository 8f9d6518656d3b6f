//! One XLSX workbook per language, a sheet per table (rust_xlsxwriter). Numbers stay
//! numbers, with an Excel number format that shows them as the other formats do; text a
//! spreadsheet would take for a formula is stored with Excel's quote prefix. The bytes are
//! deterministic: the zip entries carry a fixed time and the document's creation date is
//! fixed (SOURCE_DATE_EPOCH when set, else 1980-01-01, the zip format's epoch).
//! May use: table, format, rust_xlsxwriter.

use super::export::is_formula_like;
use super::Sheet;
use crate::format::{NumberFormat, Style};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

/// The Excel number format for one figure, matching `format::number` as closely as Excel
/// allows: grouping, decimals, percent and currency as literal text (Excel's own `%` would
/// multiply by 100, and our percents are already in percent units).
pub fn number_format(v: f64, nf: &NumberFormat) -> String {
    let int = if nf.group { "#,##0" } else { "0" };
    let dec = match nf.decimals {
        Some(0) => String::new(),
        Some(d) => format!(".{}", "0".repeat(d)),
        None if v.fract() == 0.0 => String::new(),
        None => ".0#".to_string(),
    };
    let body = format!("{int}{dec}");
    match &nf.style {
        Style::Plain => body,
        Style::Percent => format!("{body}\"%\""),
        Style::Currency(code) => format!("\"{code} \"{body}"),
    }
}

/// The workbook holding `sheets`, in order.
pub fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>, String> {
    build(sheets).map_err(|e| format!("cannot write the XLSX workbook ({e})"))
}

fn creation_date() -> Result<ExcelDateTime, XlsxError> {
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<i64>().ok());
    match epoch {
        Some(secs) if secs >= 0 => ExcelDateTime::from_timestamp(secs),
        _ => ExcelDateTime::from_ymd(1980, 1, 1),
    }
}

fn build(sheets: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(&DocProperties::new().set_creation_datetime(&creation_date()?));
    let mut names: Vec<String> = Vec::new();
    for s in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(&s.id, &mut names))?;
        fill(ws, s)?;
    }
    wb.save_to_buffer()
}

/// Excel allows 31 characters and no two sheets named alike.
fn sheet_name(id: &str, taken: &mut Vec<String>) -> String {
    let base: String = id.chars().take(31).collect();
    let mut name = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
        let suffix = format!("-{n}");
        name = format!("{}{suffix}", base.chars().take(31 - suffix.len()).collect::<String>());
        n += 1;
    }
    taken.push(name.clone());
    name
}

fn fill(ws: &mut Worksheet, s: &Sheet) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let quoted = Format::new().set_quote_prefix();
    let text =
        |ws: &mut Worksheet, row: u32, col: u16, t: &str, f: Option<&Format>| -> Result<(), XlsxError> {
            match (is_formula_like(t), f) {
                (true, Some(f)) => ws.write_string_with_format(row, col, t, &f.clone().set_quote_prefix()),
                (true, None) => ws.write_string_with_format(row, col, t, &quoted),
                (false, Some(f)) => ws.write_string_with_format(row, col, t, f),
                (false, None) => ws.write_string(row, col, t),
            }
            .map(|_| ())
        };
    text(ws, 0, 0, &s.title, Some(&bold))?;
    let mut row: u32 = 1;
    if let Some(sub) = &s.subtitle {
        text(ws, row, 0, sub, None)?;
        row += 1;
    }
    row += 1;
    // Columns as in CSV: the qualifier of the qualified column right after it.
    let mut widths: Vec<usize> = Vec::new();
    let mut col: u16 = 0;
    for (i, h) in s.headers.iter().enumerate() {
        text(ws, row, col, h, Some(&bold))?;
        widths.push(h.chars().count());
        col += 1;
        if Some(i) == s.qualified {
            text(ws, row, col, &s.qualifier_header, Some(&bold))?;
            widths.push(s.qualifier_header.chars().count());
            col += 1;
        }
    }
    row += 1;
    for (r, cells) in s.rows.iter().chain(&s.total).enumerate() {
        let total = r == s.rows.len();
        let mut col: u16 = 0;
        for (i, c) in cells.iter().enumerate() {
            match (c.number, &c.excel) {
                (Some(v), Some(code)) => {
                    let mut f = Format::new().set_num_format(code);
                    if total {
                        f = f.set_bold();
                    }
                    ws.write_number_with_format(row, col, v, &f)?;
                    widen(&mut widths, col, c.text.chars().count());
                }
                _ if !c.raw.is_empty() || !c.text.is_empty() => {
                    let t = if s.numeric[i] { &c.text } else { &c.raw };
                    text(ws, row, col, t, total.then_some(&bold))?;
                    widen(&mut widths, col, t.chars().count());
                }
                _ => {}
            }
            col += 1;
            if Some(i) == s.qualified {
                if c.number.is_some() {
                    let phrase = crate::format::qualifier_phrase(c.qualifier, locale_of(&s.lang));
                    if !phrase.is_empty() {
                        text(ws, row, col, phrase, None)?;
                    }
                }
                col += 1;
            }
        }
        row += 1;
    }
    row += 1;
    for n in &s.footnotes {
        text(ws, row, 0, n, None)?;
        row += 1;
    }
    text(ws, row, 0, &s.source_line, None)?;
    for (i, w) in widths.iter().enumerate() {
        ws.set_column_width(i as u16, (*w).clamp(8, 60) as f64 + 2.0)?;
    }
    Ok(())
}

fn widen(widths: &mut [usize], col: u16, w: usize) {
    if let Some(x) = widths.get_mut(col as usize) {
        *x = (*x).max(w);
    }
}

fn locale_of(lang: &str) -> crate::format::Locale {
    crate::format::Locale::for_language(lang).unwrap_or(crate::format::Locale::EnUs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_formats_follow_the_formatter() {
        assert_eq!(number_format(2766.0, &NumberFormat::new()), "#,##0");
        assert_eq!(number_format(12.5, &NumberFormat::new()), "#,##0.0#");
        assert_eq!(number_format(70.0, &NumberFormat::percent()), "#,##0\"%\"");
        assert_eq!(number_format(11.6, &NumberFormat::percent().decimals(1)), "#,##0.0\"%\"");
        assert_eq!(number_format(3.5e8, &NumberFormat::currency("USD")), "\"USD \"#,##0");
        assert_eq!(number_format(2000.0, &NumberFormat::new().grouping(false)), "0");
    }
}
