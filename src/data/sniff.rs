//! How a CSV is laid out, guessed from its text: the delimiter, the lines before the
//! header (titles, dates), and where a field starts on a line. Quote-aware, line by line.
//! May use: spec.

use crate::spec::dataset::Read;
use crate::spec::{Diagnostic, Location};
use std::path::Path;

/// The delimiter: the one set, or among `,` `;` `|` and tab the one that splits the most
/// lines into the same number (above one) of fields.
pub(super) fn delimiter(path: &Path, text: &str, read: &Read) -> Result<u8, Diagnostic> {
    match read.delimiter.as_deref() {
        None => {}
        Some("\\t") | Some("\t") => return Ok(b'\t'),
        Some(d) if d.len() == 1 && d.is_ascii() => return Ok(d.as_bytes()[0]),
        Some(d) => {
            return Err(Diagnostic::error(Location::file(path), format!("cannot use `{d}` as a delimiter"))
                .hint("the delimiter is one character: \",\", \";\", \"|\" or \"\\t\""))
        }
    }
    let sample: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(40).collect();
    let mut best = (b',', 0usize, 0usize);
    for d in [b',', b';', b'|', b'\t'] {
        let counts: Vec<usize> = sample.iter().map(|l| field_count(l, d)).collect();
        let (width, lines) = mode(&counts);
        if width > 1 && (lines, width) > (best.2, best.1) {
            best = (d, width, lines);
        }
    }
    Ok(best.0)
}

/// The most common value and how often it occurs (the larger value on ties).
fn mode(counts: &[usize]) -> (usize, usize) {
    let mut m = std::collections::BTreeMap::new();
    for c in counts {
        *m.entry(*c).or_insert(0usize) += 1;
    }
    m.into_iter().map(|(k, v)| (v, k)).max().map_or((0, 0), |(v, k)| (k, v))
}

/// Fields on one line, honouring quotes.
pub fn field_count(line: &str, delimiter: u8) -> usize {
    let mut n = 1;
    let mut in_quotes = false;
    for b in line.bytes() {
        if b == b'"' {
            in_quotes = !in_quotes;
        } else if b == delimiter && !in_quotes {
            n += 1;
        }
    }
    n
}

/// Lines before the header: `skip_rows`, or else the lines before the first line as wide as
/// the table (titles, dates are narrower).
pub(super) fn header_skip(text: &str, delimiter: u8, read: &Read) -> usize {
    if let Some(n) = read.header_row {
        return n.saturating_sub(1);
    }
    if let Some(n) = read.skip_rows {
        return n;
    }
    let sample: Vec<(usize, &str)> =
        text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()).take(60).collect();
    let counts: Vec<usize> = sample.iter().map(|(_, l)| field_count(l, delimiter)).collect();
    // The table's width: the most common among lines of several fields (title lines have
    // one), so a short table under many title lines is still found.
    let several: Vec<usize> = counts.iter().copied().filter(|c| *c > 1).collect();
    let (width, _) = mode(if several.is_empty() { &counts } else { &several });
    // The first line as wide as the table, or wider: a header may end in unnamed cells
    // the rows leave out (INEGI's exports).
    // A line with one filled cell is a title, however many empty cells a spreadsheet
    // gave it ("Homicidios,,,,").
    let named = |l: &str| width == 1 || filled_fields(l, delimiter) > 1;
    sample.iter().zip(&counts).find(|((_, l), c)| **c >= width && named(l)).map_or(0, |((i, _), _)| *i)
}

/// Fields on one line that hold more than spaces, honouring quotes.
fn filled_fields(line: &str, delimiter: u8) -> usize {
    let mut filled = 0;
    let mut current = false;
    let mut in_quotes = false;
    for b in line.bytes() {
        if b == b'"' {
            in_quotes = !in_quotes;
            current = true;
        } else if b == delimiter && !in_quotes {
            filled += current as usize;
            current = false;
        } else if !b.is_ascii_whitespace() {
            current = true;
        }
    }
    filled + current as usize
}

/// Byte offset of line `n` (0-based) of `text`.
pub(super) fn offset_of_line(text: &str, n: usize) -> usize {
    let mut start = 0;
    for _ in 0..n {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    start
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
}
