//! Spreadsheets (XLSX, XLSM, XLSB, XLS, ODS) → the same records a CSV gives, so header
//! detection, `names`, types, provenance and transforms work on them unchanged.
//!
//! A sheet's cells become the text of a comma-separated file whose line N is the sheet's
//! row N (rows above the range are blank lines), so every diagnostic about a row names the
//! sheet's row; [`locate`] then names the sheet and the cell (`data/x.xlsx, sheet 'Hoja1',
//! C12`). Numbers are written back as the shortest text that reads as the same number, with
//! the `decimal` mark of `[read]` and no thousands separator; date cells as ISO dates, and a
//! column of date cells is typed as dates. May use: spec, calamine.

use super::read::{self, Records};
use crate::spec::dataset::Read;
use crate::spec::diag::column_letters;
use crate::spec::{Dataset, Diagnostic, File, Location, Sheet};
use calamine::{Data, Dimensions, Ods, Range, Reader, Xls, Xlsb, Xlsx};
use std::io::Cursor;
use std::path::Path;

/// At most this many bad cells are reported: the first few show the pattern.
const MAX_CELL_ERRORS: usize = 10;

/// The cells of a sheet, as the rows of a CSV.
pub struct Cells {
    pub records: Records,
    /// The sheet read, and the column of each record's first field.
    pub sheet: Sheet,
}

/// Reads the sheet `[read]` names (else the first) of the spreadsheet `bytes` from `path`.
pub fn records(path: &Path, bytes: Vec<u8>, sidecar: &File<Dataset>) -> Result<Cells, Vec<Diagnostic>> {
    let read = &sidecar.spec.read;
    refuse_csv_keys(read, sidecar)?;
    let mut book = open(path, bytes).map_err(|d| vec![d])?;
    let names = book.sheet_names();
    let name = match &read.sheet {
        Some(s) if names.iter().any(|n| n == s.get_ref()) => s.get_ref().clone(),
        Some(s) => {
            let sheets = format!("the sheets of `{}` are: {}", file_name(path), quoted(&names));
            let hint = match crate::spec::diag::did_you_mean(s.get_ref(), names.iter().map(String::as_str)) {
                Some(m) => format!("did you mean `{m}`? {sheets}"),
                None => sheets,
            };
            return Err(vec![
                Diagnostic::error(sidecar.at(s), format!("unknown sheet `{}`", s.get_ref())).hint(hint)
            ]);
        }
        None => match names.first() {
            Some(n) => n.clone(),
            None => {
                return Err(vec![Diagnostic::error(Location::file(path), "the spreadsheet has no sheets")])
            }
        },
    };
    let cant = |e: String| {
        vec![Diagnostic::error(Location::file(path), format!("cannot read sheet '{name}' ({e})"))
            .hint("open the file in a spreadsheet program and save it again, or export the sheet as CSV")]
    };
    let values = book.range(&name).map_err(cant)?;
    // Without formulas (a reader that cannot give them) no cell can lack its cached value.
    let formulas = book.formulas(&name).unwrap_or_default();
    let merged = book.merged(&name);
    let bounds = match &read.range {
        Some(r) => parse_range(r.get_ref()).ok_or_else(|| {
            vec![Diagnostic::error(sidecar.at(r), format!("`{}` is not a range of cells", r.get_ref()))
                .hint("write the range's corners as the spreadsheet names them: range = \"A5:K200\"")]
        })?,
        None => match (values.start(), values.end()) {
            (Some(s), Some(e)) => Dimensions { start: s, end: e },
            _ => {
                return Err(vec![Diagnostic::error(Location::file(path), format!("sheet '{name}' is empty"))
                    .hint(format!(
                        "name the sheet that holds the data: sheet = \"…\" under [read] (the sheets: {})",
                        quoted(&names)
                    ))])
            }
        },
    };
    let sheet = Sheet { name: name.clone(), first_column: bounds.start.1 };
    let grid = grid(path, &sheet, &values, &formulas, &merged, bounds, read)?;
    let text = csv_text(&grid, bounds.start.0);
    let comma = Read { delimiter: Some(",".into()), ..read.clone() };
    let mut records = read::split(path, text, &comma, true).map_err(|d| locate(vec![d], path, &sheet))?;
    records.warnings = locate(std::mem::take(&mut records.warnings), path, &sheet);
    records.dates = date_columns(&records, &grid, bounds.start.0);
    Ok(Cells { records, sheet })
}

/// Names the sheet and cell in the diagnostics about `path`'s rows.
pub fn locate(mut diags: Vec<Diagnostic>, path: &Path, sheet: &Sheet) -> Vec<Diagnostic> {
    for d in &mut diags {
        if d.location.file == path && d.location.line > 0 {
            d.location.sheet = Some(Box::new(sheet.clone()));
        }
    }
    diags
}

/// `[read]` keys that only make sense for text files are refused rather than ignored.
fn refuse_csv_keys(read: &Read, sidecar: &File<Dataset>) -> Result<(), Vec<Diagnostic>> {
    let keys = [
        ("encoding", read.encoding.is_some(), "a spreadsheet stores its text as Unicode"),
        ("delimiter", read.delimiter.is_some(), "a spreadsheet's cells need no delimiter"),
        ("fast", read.fast.is_some(), "spreadsheets are read in memory"),
    ];
    let diags: Vec<Diagnostic> = keys
        .iter()
        .filter(|(_, set, _)| *set)
        .map(|(key, _, why)| {
            Diagnostic::error(
                sidecar.key("read"),
                format!("`{key}` under [read] applies to CSV files, not spreadsheets"),
            )
            .hint(format!("remove `{key}`: {why}"))
        })
        .collect();
    if diags.is_empty() {
        Ok(())
    } else {
        Err(diags)
    }
}

/// A workbook of any of the formats, read from memory (the bytes hashed for the cache are
/// the bytes read).
enum Book {
    Xlsx(Xlsx<Cursor<Vec<u8>>>),
    Xlsb(Xlsb<Cursor<Vec<u8>>>),
    Xls(Xls<Cursor<Vec<u8>>>),
    Ods(Ods<Cursor<Vec<u8>>>),
}

fn open(path: &Path, bytes: Vec<u8>) -> Result<Book, Diagnostic> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let cursor = Cursor::new(bytes);
    let book = match ext.as_str() {
        "xlsx" | "xlsm" => Xlsx::new(cursor).map(Book::Xlsx).map_err(|e| e.to_string()),
        "xlsb" => Xlsb::new(cursor).map(Book::Xlsb).map_err(|e| e.to_string()),
        "xls" => Xls::new(cursor).map(Book::Xls).map_err(|e| e.to_string()),
        _ => Ods::new(cursor).map(Book::Ods).map_err(|e| e.to_string()),
    };
    book.map_err(|e| {
        Diagnostic::error(Location::file(path), format!("cannot read spreadsheet `{}` ({e})", file_name(path)))
            .hint(format!("check that the file is a .{ext} workbook (not a CSV or HTML file renamed); or export the sheet as CSV"))
    })
}

impl Book {
    fn sheet_names(&self) -> Vec<String> {
        match self {
            Book::Xlsx(b) => b.sheet_names(),
            Book::Xlsb(b) => b.sheet_names(),
            Book::Xls(b) => b.sheet_names(),
            Book::Ods(b) => b.sheet_names(),
        }
    }

    fn range(&mut self, name: &str) -> Result<Range<Data>, String> {
        match self {
            Book::Xlsx(b) => b.worksheet_range(name).map_err(|e| e.to_string()),
            Book::Xlsb(b) => b.worksheet_range(name).map_err(|e| e.to_string()),
            Book::Xls(b) => b.worksheet_range(name).map_err(|e| e.to_string()),
            Book::Ods(b) => b.worksheet_range(name).map_err(|e| e.to_string()),
        }
    }

    fn formulas(&mut self, name: &str) -> Result<Range<String>, String> {
        match self {
            Book::Xlsx(b) => b.worksheet_formula(name).map_err(|e| e.to_string()),
            Book::Xlsb(b) => b.worksheet_formula(name).map_err(|e| e.to_string()),
            Book::Xls(b) => b.worksheet_formula(name).map_err(|e| e.to_string()),
            Book::Ods(b) => b.worksheet_formula(name).map_err(|e| e.to_string()),
        }
    }

    /// Merged regions; the formats calamine reads none of (XLSB, ODS) have none here.
    fn merged(&mut self, name: &str) -> Vec<Dimensions> {
        match self {
            Book::Xlsx(b) => b.merge_cells_by_sheet_name(name).unwrap_or_default(),
            Book::Xls(b) => b.merge_cells_by_sheet_name(name).unwrap_or_default(),
            Book::Xlsb(_) | Book::Ods(_) => Vec::new(),
        }
    }
}

/// A cell's text, and whether it was a date.
#[derive(Clone, Default)]
struct Cell {
    text: String,
    date: bool,
}

/// The cells within `bounds` as text, merged regions filled from their top-left cell.
fn grid(
    path: &Path,
    sheet: &Sheet,
    values: &Range<Data>,
    formulas: &Range<String>,
    merged: &[Dimensions],
    bounds: Dimensions,
    read: &Read,
) -> Result<Vec<Vec<Cell>>, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let mut bad = 0usize;
    let mut cell_of = |r: u32, c: u32, diags: &mut Vec<Diagnostic>| -> Cell {
        let reference = format!("{}!{}{}", sheet.name, column_letters(c), r + 1);
        let at = Location {
            sheet: Some(Box::new(Sheet { name: sheet.name.clone(), first_column: c })),
            ..Location::at_line(path, r as usize + 1, 1)
        };
        let mut fail = |d: Diagnostic, diags: &mut Vec<Diagnostic>| {
            bad += 1;
            if bad <= MAX_CELL_ERRORS {
                diags.push(d);
            }
        };
        match values.get_value((r, c)).unwrap_or(&Data::Empty) {
            Data::Empty => {
                if let Some(f) = formulas.get_value((r, c)).filter(|f| !f.trim().is_empty()) {
                    fail(
                        Diagnostic::error(at, format!("the formula `={f}` in {reference} has no saved value"))
                            .hint("open the file in a spreadsheet program and save it again (that stores each formula's value), or export the sheet as CSV"),
                        diags,
                    );
                }
                Cell::default()
            }
            Data::String(s) => Cell { text: one_line(s), date: false },
            Data::Int(i) => Cell { text: i.to_string(), date: false },
            Data::Float(f) => Cell { text: number_text(*f, read), date: false },
            Data::Bool(b) => Cell { text: b.to_string(), date: false },
            Data::DateTime(d) if d.is_datetime() => {
                let (y, m, day, h, min, s, _) = d.to_ymd_hms_milli();
                let text = if (h, min, s) == (0, 0, 0) {
                    format!("{y:04}-{m:02}-{day:02}")
                } else {
                    format!("{y:04}-{m:02}-{day:02}T{h:02}:{min:02}:{s:02}")
                };
                Cell { text, date: true }
            }
            // A duration: its length in days, as the spreadsheet stores it.
            Data::DateTime(d) => Cell { text: number_text(d.as_f64(), read), date: false },
            Data::DateTimeIso(s) => {
                Cell { text: s.strip_suffix("T00:00:00").unwrap_or(s).to_string(), date: true }
            }
            Data::DurationIso(s) => Cell { text: s.clone(), date: false },
            Data::Error(e) => {
                fail(
                    Diagnostic::error(at, format!("{reference} holds the spreadsheet error {e}"))
                        .hint("fix the formula in the spreadsheet, or clear the cell if it has no value"),
                    diags,
                );
                Cell::default()
            }
        }
    };
    let (r0, c0) = bounds.start;
    let (r1, c1) = bounds.end;
    let mut grid: Vec<Vec<Cell>> =
        (r0..=r1).map(|r| (c0..=c1).map(|c| cell_of(r, c, &mut diags)).collect()).collect();
    for m in merged {
        let top_left = if in_bounds(m.start, bounds) {
            grid[(m.start.0 - r0) as usize][(m.start.1 - c0) as usize].clone()
        } else {
            cell_of(m.start.0, m.start.1, &mut diags)
        };
        for r in m.start.0.max(r0)..=m.end.0.min(r1) {
            for c in m.start.1.max(c0)..=m.end.1.min(c1) {
                grid[(r - r0) as usize][(c - c0) as usize] = top_left.clone();
            }
        }
    }
    if bad > MAX_CELL_ERRORS {
        diags.push(Diagnostic::error(
            Location::file(path),
            format!("{} more bad cells in sheet '{}'", bad - MAX_CELL_ERRORS, sheet.name),
        ));
    }
    if diags.is_empty() {
        Ok(grid)
    } else {
        Err(diags)
    }
}

fn in_bounds(p: (u32, u32), b: Dimensions) -> bool {
    (b.start.0..=b.end.0).contains(&p.0) && (b.start.1..=b.end.1).contains(&p.1)
}

/// The shortest text that reads back as `f`, with the decimal mark `[read]` expects (Rust
/// never writes an exponent for `f64`'s `Display`).
fn number_text(f: f64, read: &Read) -> String {
    let text = f.to_string();
    match read.decimal.as_deref() {
        Some(d) if d != "." => text.replace('.', d),
        _ => text,
    }
}

/// A cell's text on one line: a header written over two lines ("Total\nnacional") is one name.
fn one_line(s: &str) -> String {
    if s.contains(['\n', '\r']) {
        s.split(['\n', '\r']).map(str::trim).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" ")
    } else {
        s.to_string()
    }
}

/// The grid as CSV text whose line N is the sheet's row N.
fn csv_text(grid: &[Vec<Cell>], first_row: u32) -> String {
    let mut text = "\n".repeat(first_row as usize);
    for row in grid {
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                text.push(',');
            }
            if cell.text.contains([',', '"']) {
                text.push('"');
                text.push_str(&cell.text.replace('"', "\"\""));
                text.push('"');
            } else {
                text.push_str(&cell.text);
            }
        }
        text.push('\n');
    }
    text
}

/// The records' columns whose every non-empty cell was a date cell.
fn date_columns(records: &Records, grid: &[Vec<Cell>], first_row: u32) -> std::collections::BTreeSet<String> {
    let field = |line: usize, i: usize| {
        grid.get(line.wrapping_sub(1 + first_row as usize)).and_then(|row| row.get(i))
    };
    records
        .header
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            let cells: Vec<&Cell> = records
                .lines
                .iter()
                .filter_map(|l| field(*l, *i))
                .filter(|c| !c.text.trim().is_empty())
                .collect();
            !cells.is_empty() && cells.iter().all(|c| c.date)
        })
        .map(|(_, h)| h.clone())
        .collect()
}

/// `A5:K200` (either corner first) as 0-based (row, column) corners.
fn parse_range(s: &str) -> Option<Dimensions> {
    let (a, b) = s.trim().split_once(':')?;
    let (a, b) = (parse_cell(a)?, parse_cell(b)?);
    Some(Dimensions { start: (a.0.min(b.0), a.1.min(b.1)), end: (a.0.max(b.0), a.1.max(b.1)) })
}

/// `C12` (or `$C$12`) as 0-based (row, column).
fn parse_cell(s: &str) -> Option<(u32, u32)> {
    let s = s.trim().replace('$', "");
    let split = s.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = s.split_at(split);
    if letters.is_empty() || letters.len() > 3 || !letters.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let col = letters.to_ascii_uppercase().bytes().fold(0u32, |n, b| n * 26 + (b - b'A' + 1) as u32) - 1;
    let row: u32 = digits.parse().ok().filter(|r| *r >= 1 && *r <= 1_048_576)?;
    (col < 16_384).then_some((row - 1, col))
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

fn quoted(names: &[String]) -> String {
    names.iter().map(|n| format!("'{n}'")).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_and_cells_read_as_the_spreadsheet_names_them() {
        assert_eq!(parse_cell("A1"), Some((0, 0)));
        assert_eq!(parse_cell("c12"), Some((11, 2)));
        assert_eq!(parse_cell("$AA$3"), Some((2, 26)));
        assert_eq!(parse_cell("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(parse_cell("XFE1"), None);
        assert_eq!(parse_cell("A0"), None);
        assert_eq!(parse_cell("12"), None);
        let r = parse_range("K200:A5").unwrap();
        assert_eq!((r.start, r.end), ((4, 0), (199, 10)));
        assert!(parse_range("A5").is_none());
        for c in [0, 25, 26, 701, 702, 16_383] {
            let letters = column_letters(c);
            assert_eq!(parse_cell(&format!("{letters}1")), Some((0, c)), "{letters}");
        }
    }

    #[test]
    fn numbers_are_written_so_they_read_back_the_same() {
        let read = Read::default();
        assert_eq!(number_text(0.1, &read), "0.1");
        assert_eq!(number_text(13244.0, &read), "13244");
        assert_eq!(number_text(1e21, &read), "1000000000000000000000");
        assert_eq!(number_text(-2.5e-7, &read), "-0.00000025");
        let comma = Read { decimal: Some(",".into()), thousands: Some(".".into()), ..Read::default() };
        assert_eq!(number_text(1234.5, &comma), "1234,5");
    }

    #[test]
    fn cells_on_two_lines_are_one_name() {
        assert_eq!(one_line("Total\r\nnacional"), "Total nacional");
        assert_eq!(one_line("a"), "a");
    }
}
