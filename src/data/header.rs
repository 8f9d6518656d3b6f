//! The header as publishers write it: cells without a name are named by their position
//! (`column_3`, with a warning), unnamed columns at the end that hold nothing are dropped
//! (a trailing delimiter), and `names = [...]` under `[read]` names the columns by
//! position. Every header problem points at the header line. May use: spec.

use crate::spec::dataset::Read;
use crate::spec::{Diagnostic, Location};
use std::path::Path;

/// The header line of a file, to point at.
pub struct Line<'a> {
    pub path: &'a Path,
    pub number: usize,
    pub text: &'a str,
    pub delimiter: u8,
}

impl Line<'_> {
    fn at(&self, field: usize) -> Location {
        let column = super::sniff::field_column(self.text, field, self.delimiter);
        Location::at_line(self.path, self.number, column).with_snippet(self.text)
    }
}

/// What became of the header: the column names, how many unnamed empty columns at the
/// end were dropped, and the warnings for cells named by position.
pub struct Header {
    pub names: Vec<String>,
    pub dropped: usize,
    pub warnings: Vec<Diagnostic>,
}

/// Resolves the header cells `raw` (trimmed) over `rows` (each as read, possibly shorter
/// than the header by unnamed cells at its end, which are then padded with empty cells).
/// `lines` are the rows' line numbers, for the error on a row that cannot be padded.
pub fn resolve(
    at: &Line,
    raw: &[String],
    rows: &mut [Vec<String>],
    lines: &[usize],
    read: &Read,
) -> Result<Header, Diagnostic> {
    let width = raw.len();
    let unnamed_tail = raw.iter().rev().take_while(|n| n.is_empty()).count().min(width.saturating_sub(1));
    // Unnamed columns at the end with nothing in any row: a trailing delimiter.
    let empty = |j: usize| rows.iter().all(|r| r.get(j).is_none_or(|c| c.trim().is_empty()));
    let dropped = (0..unnamed_tail).take_while(|k| empty(width - 1 - k)).count();
    let kept = width - dropped;
    for (r, line) in rows.iter_mut().zip(lines) {
        if r.len() < kept {
            // Only cells that are dropped may be left out.
            return Err(Diagnostic::error(
                Location::at_line(at.path, *line, 0),
                format!("row has {} fields but the header has {width}", r.len()),
            )
            .hint("add the missing fields (leave them empty for missing values)"));
        }
        r.resize(kept, String::new());
    }
    let mut names: Vec<String> = raw[..kept].to_vec();
    let mut warnings = Vec::new();
    if let Some(given) = &read.names {
        if given.len() != kept {
            return Err(Diagnostic::error(
                at.at(0),
                format!(
                    "`names` under [read] gives {} name(s) but the file has {kept} column(s)",
                    given.len()
                ),
            )
            .hint(format!("give one name per column, in order; the header reads: {}", shown(&names))));
        }
        names = given.clone();
        for (i, n) in names.iter().enumerate() {
            if n.trim().is_empty() {
                return Err(Diagnostic::error(
                    at.at(i),
                    format!("`names` under [read] leaves column {} without a name", i + 1),
                )
                .hint("give every column a name"));
            }
        }
    } else {
        for (i, n) in names.iter_mut().enumerate() {
            if n.is_empty() {
                *n = format!("column_{}", i + 1);
                warnings.push(
                    Diagnostic::warning(
                        at.at(i),
                        format!("column {} has no name in the header: it is called `{n}`", i + 1),
                    )
                    .hint("name it in the CSV, or name every column with `names = [...]` under [read]"),
                );
            }
        }
    }
    if let Some((i, n)) = names.iter().enumerate().find(|(i, n)| names[..*i].contains(n)) {
        return Err(Diagnostic::error(at.at(i), format!("column `{n}` appears twice in the header"))
            .hint("rename one of them in the CSV, with `names = [...]` under [read], or with `rename` under [columns]"));
    }
    Ok(Header { names, dropped, warnings })
}

fn shown(names: &[String]) -> String {
    names
        .iter()
        .map(|n| if n.is_empty() { "(empty)".to_string() } else { n.clone() })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> Line<'_> {
        Line { path: Path::new("x.csv"), number: 7, text, delimiter: b',' }
    }

    fn cells(s: &str) -> Vec<String> {
        s.split(',').map(str::to_string).collect()
    }

    #[test]
    fn unnamed_cells_are_named_by_position_and_empty_trailing_ones_dropped() {
        let raw = cells(",,2019,2020,");
        let mut rows = vec![cells("A,x,1,2"), cells("B,y,3,4,")];
        let h = resolve(&line(",,2019,2020,"), &raw, &mut rows, &[8, 9], &Read::default()).ok().unwrap();
        assert_eq!(h.names, ["column_1", "column_2", "2019", "2020"]);
        assert_eq!(h.dropped, 1);
        assert_eq!(rows[1], cells("B,y,3,4"));
        assert_eq!(h.warnings.len(), 2);
        assert_eq!(h.warnings[1].message, "column 2 has no name in the header: it is called `column_2`");
        assert_eq!((h.warnings[1].location.line, h.warnings[1].location.column), (7, 2));
    }

    #[test]
    fn an_unnamed_trailing_column_with_values_is_kept() {
        let mut rows = vec![cells("1,2,3")];
        let h = resolve(&line("a,b,"), &cells("a,b,"), &mut rows, &[2], &Read::default()).ok().unwrap();
        assert_eq!((h.names, h.dropped), (vec!["a".into(), "b".into(), "column_3".into()], 0));
        let mut rows = vec![cells("1,2,3"), cells("4,5")];
        let e = resolve(&line("a,b,"), &cells("a,b,"), &mut rows, &[2, 3], &Read::default()).err().unwrap();
        assert_eq!((e.location.line, e.message.as_str()), (3, "row has 2 fields but the header has 3"));
    }

    #[test]
    fn names_name_columns_by_position() {
        let read = Read { names: Some(vec!["state".into(), "n".into()]), ..Read::default() };
        let mut rows = vec![cells("A,1,")];
        let h = resolve(&line(",,"), &cells(",,"), &mut rows, &[2], &read).ok().unwrap();
        assert_eq!((h.names, h.warnings.len()), (vec!["state".into(), "n".into()], 0));
        let read = Read { names: Some(vec!["state".into()]), ..Read::default() };
        let e = resolve(&line("a,b"), &cells("a,b"), &mut [cells("1,2")], &[2], &read).err().unwrap();
        assert_eq!(e.message, "`names` under [read] gives 1 name(s) but the file has 2 column(s)");
        assert_eq!(e.location.line, 7);
    }
}
