//! Bytes on disk → UTF-8 text → header and records, each record with its line number.
//!
//! Decoding happens before anything else sees the file (Polars reads UTF-8 only). Records
//! keep their 1-based line so every later diagnostic can point at the cell.

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
    let text = decode(path, &bytes, read.encoding.unwrap_or(Encoding::Utf8))?;
    split(path, text, read)
}

fn decode(path: &Path, bytes: &[u8], encoding: Encoding) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let single_byte =
        |enc: &'static encoding_rs::Encoding| enc.decode_without_bom_handling(bytes).0.into_owned();
    match encoding {
        Encoding::Utf8 => match std::str::from_utf8(bytes) {
            Ok(s) => Ok(s.to_string()),
            Err(e) => {
                let lossy = String::from_utf8_lossy(bytes);
                Err(Diagnostic::error(
                    Location::at_offset(path, &lossy, e.valid_up_to()),
                    "cannot read data: the file is not valid UTF-8",
                )
                .hint("if it comes from a Spanish government portal it is probably Latin-1: add encoding = \"latin1\" (or \"auto\") under [read] in the sidecar"))
            }
        },
        // WHATWG's latin1 label is windows-1252, a superset that also decodes € and curly quotes.
        Encoding::Latin1 | Encoding::Windows1252 => Ok(single_byte(encoding_rs::WINDOWS_1252)),
        Encoding::Macroman => Ok(single_byte(encoding_rs::MACINTOSH)),
        Encoding::Auto => match std::str::from_utf8(bytes) {
            Ok(s) => Ok(s.to_string()),
            Err(_) => Ok(single_byte(encoding_rs::WINDOWS_1252)),
        },
    }
}

fn split(path: &Path, text: String, read: &Read) -> Result<Records, Diagnostic> {
    let delimiter = match read.delimiter.as_deref() {
        None => b',',
        Some("\\t") | Some("\t") => b'\t',
        Some(d) if d.len() == 1 && d.is_ascii() => d.as_bytes()[0],
        Some(d) => {
            return Err(Diagnostic::error(Location::file(path), format!("cannot use `{d}` as a delimiter"))
                .hint("the delimiter is one character: \",\", \";\", \"|\" or \"\\t\""))
        }
    };
    // Preamble lines are dropped by byte offset so the line numbers stay those of the file.
    let mut start = 0;
    for _ in 0..read.skip_rows {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => start = text.len(),
        }
    }
    let first_line = 1 + read.skip_rows;
    let body = &text[start..];
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
        // Blank lines (a lone empty field) carry nothing; spreadsheets leave them at the end.
        if record.len() == 1 && record[0].trim().is_empty() {
            continue;
        }
        match &header {
            None => {
                header = Some(record.iter().map(|h| h.trim().to_string()).collect());
                header_line = line;
            }
            Some(h) => {
                if record.len() != h.len() {
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
    let header = header.unwrap_or_default();
    check_header(path, &text, header_line, &header, delimiter)?;
    if rows.is_empty() {
        return Err(Diagnostic::error(
            Location::at_line(path, header_line, 0).with_snippet(body_line(&text, header_line)),
            "cannot use dataset: it has a header but no rows",
        )
        .hint("add at least one row of data under the header"));
    }
    Ok(Records { header, rows, lines, text, delimiter })
}

fn check_header(
    path: &Path,
    text: &str,
    line: usize,
    header: &[String],
    delimiter: u8,
) -> Result<(), Diagnostic> {
    let snippet = body_line(text, line);
    for (i, h) in header.iter().enumerate() {
        let at = Location::at_line(path, line, field_column(snippet, i, delimiter)).with_snippet(snippet);
        if h.is_empty() {
            return Err(Diagnostic::error(at, format!("column {} has no name in the header", i + 1))
                .hint("give every column a name in the first line (or set skip_rows for preamble lines)"));
        }
        if header[..i].contains(h) {
            return Err(Diagnostic::error(at, format!("column `{h}` appears twice in the header"))
                .hint("rename one of them in the CSV, or use `rename` under [columns]"));
        }
    }
    Ok(())
}

fn body_line(text: &str, n: usize) -> &str {
    text.lines().nth(n.saturating_sub(1)).unwrap_or("")
}

/// 1-based character column where field `index` starts, honouring quotes.
pub fn field_column(line: &str, index: usize, delimiter: u8) -> usize {
    let delim = delimiter as char;
    let mut field = 0;
    let mut in_quotes = false;
    for (col, c) in line.chars().enumerate() {
        if field == index {
            return col + 1;
        }
        if c == '"' {
            in_quotes = !in_quotes;
        } else if c == delim && !in_quotes {
            field += 1;
        }
    }
    line.chars().count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_of_fields_honour_quotes() {
        let line = "a,\"b,c\",d";
        assert_eq!(field_column(line, 0, b','), 1);
        assert_eq!(field_column(line, 1, b','), 3);
        assert_eq!(field_column(line, 2, b','), 9);
    }

    #[test]
    fn latin1_decodes_accents() {
        let s = decode(Path::new("x.csv"), b"Michoac\xe1n", Encoding::Latin1).unwrap();
        assert_eq!(s, "Michoacán");
        let e = decode(Path::new("x.csv"), b"ok\nMichoac\xe1n", Encoding::Utf8).unwrap_err();
        assert_eq!((e.location.line, e.location.column), (2, 8));
        assert!(e.hint.unwrap().contains("latin1"));
    }

    #[test]
    fn ragged_row_names_its_line() {
        let r = Read::default();
        let e = split(Path::new("x.csv"), "a,b\n1,2\n3,4,5\n".into(), &r).err().unwrap();
        assert_eq!(e.location.line, 3);
        assert_eq!(e.message, "row has 3 fields but the header has 2");
    }

    #[test]
    fn preamble_keeps_file_line_numbers() {
        let r = Read { skip_rows: 2, ..Read::default() };
        let rec = split(Path::new("x.csv"), "Title\n\nyear,n\n2000,1\n".into(), &r).ok().unwrap();
        assert_eq!(rec.header, ["year", "n"]);
        assert_eq!(rec.lines, [4]);
    }
}
