//! Finding again what Polars could not read: the numeric cells that do not parse, each
//! with its line and column, quoted ([`locate`]), in place of Polars' own message.
//! May use: spec, polars.

use super::Scan;
use crate::data::date::month_number;
use crate::data::typed::parse_number;
use crate::data::{sniff, LINE};
use crate::spec::{Diagnostic, Location};
use polars::prelude::*;
use std::path::Path;
use std::sync::Arc;

/// A query over a scanned file failed: if a cell could not be parsed, name it.
pub fn query_error(scan: &Scan, e: PolarsError) -> Vec<Diagnostic> {
    let found = locate(scan);
    if !found.is_empty() {
        return found;
    }
    vec![Diagnostic::error(Location::file(&scan.path), format!("cannot read CSV ({e})"))
        .hint("check the delimiter, quotes and column types; `fast = false` under [read] reads the file exactly, cell by cell")]
}

/// The numeric cells that do not parse, with their line and column (at most five per column).
pub fn locate(scan: &Scan) -> Vec<Diagnostic> {
    if scan.numeric.is_empty() {
        return vec![];
    }
    let fields: Schema =
        scan.header.iter().map(|h| Field::new(h.as_str().into(), DataType::String)).collect();
    let Ok(lf) = LazyCsvReader::new(PlRefPath::new(&*scan.utf8.to_string_lossy()))
        .with_separator(scan.delimiter)
        .with_has_header(true)
        .with_skip_lines(scan.header_line - 1)
        .with_schema(Some(Arc::new(fields)))
        .with_row_index(Some(RowIndex { name: LINE.into(), offset: (scan.header_line + 1) as IdxSize }))
        .finish()
    else {
        return vec![];
    };
    let nulls: Vec<String> = scan.read.null_values.clone().unwrap_or_else(|| vec![String::new()]);
    let mut out = Vec::new();
    for (name, kind, declared) in &scan.numeric {
        let Ok(df) = lf.clone().select([col(name.as_str()), col(LINE)]).collect() else { continue };
        let (Ok(cells), Ok(lines)) = (df.column(name).and_then(|c| c.str().cloned()), df.column(LINE)) else {
            continue;
        };
        let lines: Vec<u64> = lines
            .cast(&DataType::UInt64)
            .ok()
            .and_then(|c| c.u64().ok().map(|c| c.into_no_null_iter().collect()))
            .unwrap_or_default();
        let mut n = 0;
        for (cell, line) in cells.iter().zip(lines) {
            let Some(cell) = cell else { continue };
            if nulls.iter().any(|x| x == cell.trim())
                || (nulls.contains(&String::new()) && cell.trim().is_empty())
            {
                continue;
            }
            if month_number(cell).is_some() && scan.read.months.contains(name) {
                continue;
            }
            if let Err(why) = parse_number(cell, &scan.read, *kind) {
                out.push(
                    Diagnostic::error(locate_cell(scan, line as usize, name), format!("`{}` in column `{name}` is not {why}", cell.trim()))
                        .hint(if *declared {
                            "correct the cell, or declare the column type = \"string\" under [columns] if it is not numeric"
                        } else {
                            "declare the column's type under [columns] (the type was guessed from the first lines), or correct the cell"
                        }),
                );
                n += 1;
                if n == 5 {
                    break;
                }
            }
        }
    }
    out
}

/// The location of column `name` on line `line` of the scanned file, with the line quoted.
pub(super) fn locate_cell(scan: &Scan, line: usize, name: &str) -> Location {
    let field = scan.header.iter().position(|h| h == name).unwrap_or(0);
    let text = line_text(&scan.utf8, line).unwrap_or_default();
    let column = sniff::field_column(&text, field, scan.delimiter);
    Location::at_line(&scan.path, line, column).with_snippet(&text)
}

/// Line `n` (1-based) of a UTF-8 file, read as a stream.
fn line_text(path: &Path, n: usize) -> Option<String> {
    use std::io::BufRead;
    let f = std::fs::File::open(path).ok()?;
    let line = std::io::BufReader::new(f).lines().nth(n.checked_sub(1)?)?.ok()?;
    Some(line.trim_end_matches('\r').to_string())
}
