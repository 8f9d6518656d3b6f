//! Bytes on disk → UTF-8 text → header and records, each record with its line number: the
//! file read and decoded (`decode`), its layout guessed (`sniff`), counted line by line
//! (`census`), split into a header (`header`) and records; then `fill_down` and `months`
//! of `[read]` on the text cells ([`prepare`]). The exact path, and the fast path's look at
//! a file's start.
//!
//! Decoding happens before anything else sees the file (Polars reads UTF-8 only). Records
//! keep their 1-based line so every later diagnostic can point at the cell.
//! May use: spec, csv.

use super::census::{self, Census};
use super::date::month_number;
pub use super::decode::{decode, Decoding};
use super::header;
use super::sniff::{delimiter, header_skip, offset_of_line};
pub use super::sniff::{field_column, field_count};
use crate::spec::dataset::{Encoding, Read};
use crate::spec::{Diagnostic, Location};
use std::path::Path;

pub struct Records {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Line on which each row starts.
    pub lines: Vec<usize>,
    /// The decoded text, to quote lines in diagnostics.
    pub text: String,
    pub delimiter: u8,
    /// Line of the header (after any preamble).
    pub header_line: usize,
    /// How every line of the file was taken.
    pub census: Census,
    /// Columns named by position, and the like: said, not fatal.
    pub warnings: Vec<Diagnostic>,
    /// What decoding repaired.
    pub decoding: Decoding,
    /// Columns whose cells the file itself marks as dates (a spreadsheet's date cells).
    pub dates: std::collections::BTreeSet<String>,
}

impl Records {
    /// The text of line `n` (1-based).
    pub fn line_text(&self, n: usize) -> &str {
        self.text.lines().nth(n.saturating_sub(1)).unwrap_or("")
    }

    /// The location of field `field` of the record starting on line `line`.
    pub fn cell(&self, path: &Path, line: usize, field: usize) -> Location {
        let text = self.line_text(line);
        Location::at_line(path, line, field_column(text, field, self.delimiter)).with_snippet(text)
    }
}

/// Reads and decodes `path`, then splits it into records.
pub fn records(path: &Path, read: &Read) -> Result<Records, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(Location::file(path), format!("cannot read data file ({e})"))
            .hint("check the `file` key of the sidecar, or add the CSV under data/")
    })?;
    let (text, decoding) = decode(path, &bytes, read.encoding.unwrap_or(Encoding::Utf8))?;
    let mut records = split(path, text, read, true)?;
    records.decoding = decoding;
    Ok(records)
}

/// The error for a file whose census found a row of the wrong width or an unclosed quote.
pub fn shape_error(path: &Path, census: &Census, delimiter: u8) -> Option<Diagnostic> {
    if !census.balanced() {
        // Rows + header + skipped lines must be the file's lines; a file that breaks this
        // is refused rather than read with a line unaccounted for.
        return Some(
            Diagnostic::error(Location::file(path), format!("cannot account for every line of the file ({} lines, {} taken)", census.lines, census.row_lines + census.header_lines + census.skipped()))
                .hint("this is a bug in cifras: please report it with the file; `fast = false` under [read] may read it"),
        );
    }
    let unclosed_first =
        census.unclosed.as_ref().is_some_and(|u| census.ragged.as_ref().is_none_or(|r| u.0 <= r.line));
    if let Some(r) = census.ragged.as_ref().filter(|_| !unclosed_first) {
        let width = census.width;
        let column = field_column(&r.text, r.fields.min(width), delimiter);
        let more = census.ragged_count - 1;
        let also = if more > 0 { format!(" ({more} more row(s) after it too)") } else { String::new() };
        return Some(
            Diagnostic::error(
                Location::at_line(path, r.line, column).with_snippet(&r.text),
                format!("row has {} fields but the header has {width}{also}", r.fields),
            )
            .hint(if r.fields > width {
                "quote fields that contain the delimiter (\"1,234\"), or set `thousands`/`delimiter` under [read]"
            } else {
                "add the missing fields (leave them empty for missing values); only notes after the last row (text in the first field, nothing in the others) are skipped as a footer"
            }),
        );
    }
    census.unclosed.as_ref().map(|(line, column, text)| {
        Diagnostic::error(
            Location::at_line(path, *line, *column).with_snippet(text),
            "a quoted field opens here and never closes",
        )
        .hint("close the field with \" (write a quote inside a quoted field as \"\")")
    })
}

/// Splits decoded text into header and records. `whole` is false for a sample of a file's
/// first lines (the fast path's), where a cut last line is no footer.
pub fn split(path: &Path, text: String, read: &Read, whole: bool) -> Result<Records, Diagnostic> {
    let delimiter = delimiter(path, &text, read)?;
    // Preamble lines are dropped by byte offset so the line numbers stay those of the file.
    let skip = header_skip(&text, delimiter, read);
    let (start, first_line) = (offset_of_line(&text, skip), skip + 1);
    let census = census::of_text(&text, delimiter, skip);
    // In a sample of the file's start, a cut last row is no error and notes at its end may
    // be rows: the census of the whole file decides.
    // Reported once the header is known good: a wrong delimiter shows there first.
    let mut shape = shape_error(path, &census, delimiter).filter(|_| whole || census.unclosed.is_none());
    let end = census.rows_end.max(start);
    let body = &text[start..end];
    if body.trim().is_empty() {
        return Err(Diagnostic::error(
            Location::at_line(path, first_line, 0),
            "cannot read data: the file is empty",
        )
        .hint("a dataset needs a header line and at least one row"));
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());
    let mut header: Option<Vec<String>> = None;
    let mut header_line = first_line;
    let mut rows = Vec::new();
    let mut lines = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let more = reader.read_record(&mut record).map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize + first_line - 1);
            Diagnostic::error(Location::at_line(path, line, 0), format!("cannot read CSV ({e})"))
                .hint("check the quotes on this line: a field that starts with \" must end with \"")
        })?;
        if !more {
            break;
        }
        let line = record.position().map_or(0, |p| p.line() as usize) + first_line - 1;
        // Blank lines (empty fields only) carry nothing; spreadsheets leave them at the end.
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        match &header {
            None => {
                let h: Vec<String> = record.iter().map(|h| h.trim().to_string()).collect();
                // Before any row: a wrong delimiter shows in the header first.
                check_header(path, &text, line, &h, delimiter)?;
                if let Some(d) = shape.take() {
                    return Err(d);
                }
                header = Some(h);
                header_line = line;
            }
            Some(h) => {
                // Rows may leave out the header's unnamed cells at its end (see `header`).
                if record.len() != h.len() && !(record.len() < h.len() && record.len() >= census.min_width) {
                    let text_line = body_line(&text, line);
                    return Err(Diagnostic::error(
                        Location::at_line(path, line, 0).with_snippet(text_line),
                        format!("row has {} fields but the header has {}", record.len(), h.len()),
                    )
                    .hint(if record.len() > h.len() {
                        "quote fields that contain the delimiter (\"1,234\"), or set `thousands`/`delimiter` under [read]"
                    } else {
                        "add the missing fields (leave them empty for missing values)"
                    }));
                }
                rows.push(record.iter().map(str::to_string).collect());
                lines.push(line);
            }
        }
    }
    if let Some(d) = shape {
        return Err(d);
    }
    let raw = header.unwrap_or_default();
    if rows.is_empty() {
        return Err(Diagnostic::error(
            Location::at_line(path, header_line, 0).with_snippet(body_line(&text, header_line)),
            "cannot use dataset: it has a header but no rows",
        )
        .hint("add at least one row of data under the header"));
    }
    let at = header::Line { path, number: header_line, text: body_line(&text, header_line), delimiter };
    let resolved = header::resolve(&at, &raw, &mut rows, &lines, read)?;
    let mut census = census;
    census.dropped_columns = resolved.dropped;
    Ok(Records {
        header: resolved.names,
        rows,
        lines,
        text,
        delimiter,
        header_line,
        census,
        warnings: resolved.warnings,
        decoding: Decoding::default(),
        dates: Default::default(),
    })
}

/// `fill_down` and `months` of `[read]`, on the text cells before they are typed.
pub fn prepare(path: &Path, rec: &mut Records, read: &Read, at: &Location) -> Result<(), Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let index =
        |name: &str, key: &str, diags: &mut Vec<Diagnostic>| {
            let i = rec.header.iter().position(|h| h == name);
            if i.is_none() {
                diags.push(crate::spec::unknown_name(at.clone(), "column", name, rec.header.iter()).hint(
                    format!("`{key}` under [read] names columns of the CSV: {}", rec.header.join(", ")),
                ));
            }
            i
        };
    for name in &read.fill_down {
        let Some(i) = index(name, "fill_down", &mut diags) else { continue };
        let mut last: Option<String> = None;
        for row in &mut rec.rows {
            if row[i].trim().is_empty() {
                if let Some(v) = &last {
                    row[i] = v.clone();
                }
            } else {
                last = Some(row[i].clone());
            }
        }
    }
    for name in &read.months {
        let Some(i) = index(name, "months", &mut diags) else { continue };
        for r in 0..rec.rows.len() {
            let cell = rec.rows[r][i].trim().to_string();
            if cell.is_empty() {
                continue;
            }
            match month_number(&cell) {
                Some(m) => rec.rows[r][i] = m.to_string(),
                None => diags.push(
                    Diagnostic::error(rec.cell(path, rec.lines[r], i), format!("`{cell}` is not a month name"))
                        .hint("write Enero … Diciembre (or ene … dic, January … December), or remove the column from `months`"),
                ),
            }
        }
    }
    if diags.is_empty() {
        Ok(())
    } else {
        Err(diags)
    }
}

fn check_header(
    path: &Path,
    text: &str,
    line: usize,
    header: &[String],
    delimiter: u8,
) -> Result<(), Diagnostic> {
    let snippet = body_line(text, line);
    let at = Location::at_line(path, line, 1).with_snippet(snippet);
    if !header.is_empty() && header.iter().all(|h| h.parse::<f64>().is_ok()) {
        return Err(Diagnostic::error(at, "the first line looks like data, not a header")
            .hint("add a header line naming the columns (or set skip_rows if the header comes later)"));
    }
    if header.len() == 1 {
        let other = [b',', b';', b'|', b'\t']
            .into_iter()
            .filter(|d| *d != delimiter)
            .map(|d| (field_count(&header[0], d), d))
            .max();
        if let Some((n, d)) = other.filter(|(n, _)| *n > 1) {
            let shown = if d == b'\t' { "\\t".to_string() } else { (d as char).to_string() };
            return Err(Diagnostic::error(at, format!("the header has one column, but `{shown}` would split it into {n}"))
                .hint(format!("set delimiter = \"{shown}\" under [read] in the sidecar, or remove `delimiter` to let cifras detect it")));
        }
    }
    for (i, h) in header.iter().enumerate() {
        let at = Location::at_line(path, line, field_column(snippet, i, delimiter)).with_snippet(snippet);
        if !h.is_empty() && header[..i].contains(h) {
            return Err(Diagnostic::error(at, format!("column `{h}` appears twice in the header"))
                .hint("rename one of them in the CSV, or use `rename` under [columns]"));
        }
    }
    Ok(())
}

fn body_line(text: &str, n: usize) -> &str {
    text.lines().nth(n.saturating_sub(1)).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ragged_row_names_its_line() {
        let r = Read::default();
        let e = split(Path::new("x.csv"), "a,b\n1,2\n3,4,5\n".into(), &r, true).err().unwrap();
        assert_eq!(e.location.line, 3);
        assert_eq!(e.message, "row has 3 fields but the header has 2");
    }

    #[test]
    fn preamble_keeps_file_line_numbers() {
        let r = Read { skip_rows: Some(2), ..Read::default() };
        let rec = split(Path::new("x.csv"), "Title\n\nyear,n\n2000,1\n".into(), &r, true).ok().unwrap();
        assert_eq!(rec.header, ["year", "n"]);
        assert_eq!(rec.lines, [4]);
    }

    #[test]
    fn delimiters_are_sniffed() {
        for (text, d) in [
            ("a|b|c\n1|2,5|3\n4|5|6\n", b'|'),
            ("a;b\n\"1,5\";2\n3;4\n", b';'),
            ("a\tb\n1\t2\n", b'\t'),
            ("a,b\n\"1;2\",3\n", b','),
        ] {
            let rec = split(Path::new("x"), text.into(), &Read::default(), true).ok().unwrap();
            assert_eq!(rec.delimiter, d, "{text}");
        }
    }

    #[test]
    fn preamble_and_footer_are_found() {
        let text =
            "Incidencia delictiva\nCorte: marzo 2022\n\nyear,state,n\n2020,A,1\n2021,B,2\n\nFuente: SESNSP\n";
        let rec = split(Path::new("x"), text.into(), &Read::default(), true).ok().unwrap();
        assert_eq!(rec.header, ["year", "state", "n"]);
        assert_eq!(rec.lines, [5, 6]);
        assert_eq!(rec.rows.len(), 2);
    }

    #[test]
    fn months_and_fill_down() {
        let read = Read { fill_down: vec!["Year".into()], months: vec!["Month".into()], ..Read::default() };
        let mut rec =
            split(Path::new("x"), "Year,Month,n\n1998,Enero,1\n,febrero,2\n,Dic.,3\n".into(), &read, true)
                .ok()
                .unwrap();
        prepare(Path::new("x"), &mut rec, &read, &Location::file("x.toml")).unwrap();
        let col = |i: usize| rec.rows.iter().map(|r| r[i].clone()).collect::<Vec<_>>();
        assert_eq!(col(0), ["1998", "1998", "1998"]);
        assert_eq!(col(1), ["1", "2", "12"]);
        let read = Read { months: vec!["Month".into()], ..Read::default() };
        let mut rec = split(Path::new("x"), "Month\nEnero\nTrece\n".into(), &read, true).ok().unwrap();
        let e = prepare(Path::new("x"), &mut rec, &read, &Location::file("x.toml")).unwrap_err();
        assert_eq!((e[0].location.line, e[0].message.as_str()), (3, "`Trece` is not a month name"));
    }
}
