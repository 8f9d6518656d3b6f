//! Diagnostics: what went wrong, where (file, line, column) and how to fix it.
//!
//! Every room reports problems as [`Diagnostic`]s; only `cli` renders them for people.
//! Positions are 1-based lines and columns counted in characters, as editors show them.
//! May use: std only.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A position in a user's file. `line` and `column` are 1-based; 0 means "unknown".
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Location {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    /// The text of the offending line, quoted under the message with a caret.
    pub snippet: Option<String>,
    /// In a spreadsheet: `line` is the sheet's row, and the snippet the row as CSV.
    pub sheet: Option<Box<Sheet>>,
}

/// A spreadsheet's sheet, and the sheet column of a record's first field, so a position
/// in the row's CSV text can be named as the sheet names it (`C12`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Sheet {
    pub name: String,
    /// 0-based: 0 is column A.
    pub first_column: u32,
}

/// `A`, `B`, …, `Z`, `AA`, … for the 0-based column `c`.
pub fn column_letters(c: u32) -> String {
    let mut n = c as u64 + 1;
    let mut s = Vec::new();
    while n > 0 {
        s.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// The files read as spreadsheets, by extension.
pub const SPREADSHEETS: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods"];

pub fn is_spreadsheet(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| SPREADSHEETS.contains(&e.to_ascii_lowercase().as_str()))
}

/// The 0-based field of a comma-separated `line` in which 1-based character `column` lies.
fn field_at(line: &str, column: usize) -> usize {
    let mut field = 0;
    let mut in_quotes = false;
    for c in line.chars().take(column.saturating_sub(1)) {
        if c == '"' {
            in_quotes = !in_quotes;
        } else if c == ',' && !in_quotes {
            field += 1;
        }
    }
    field
}

impl Location {
    pub fn file(file: impl Into<PathBuf>) -> Location {
        Location { file: file.into(), ..Location::default() }
    }

    /// The location of a byte offset in `text`, the contents of `file`.
    pub fn at_offset(file: impl Into<PathBuf>, text: &str, offset: usize) -> Location {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let line = text[..offset].matches('\n').count() + 1;
        let column = text[line_start..offset].chars().count() + 1;
        let snippet = text[line_start..line_end].trim_end_matches('\r');
        Location { file: file.into(), line, column, snippet: Some(truncate_snippet(snippet)), sheet: None }
    }

    /// A known line and column, with the line's text when it is at hand.
    pub fn at_line(file: impl Into<PathBuf>, line: usize, column: usize) -> Location {
        Location { file: file.into(), line, column, snippet: None, sheet: None }
    }

    pub fn with_snippet(mut self, snippet: &str) -> Location {
        self.snippet = Some(truncate_snippet(snippet.trim_end_matches(['\r', '\n'])));
        self
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Long lines (a 10 MB CSV line) must not flood the terminal.
fn truncate_snippet(line: &str) -> String {
    const MAX: usize = 160;
    if line.chars().count() <= MAX {
        line.to_string()
    } else {
        let mut s: String = line.chars().take(MAX).collect();
        s.push('…');
        s
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub location: Location,
    /// "cannot do thing (because)": lower case, no final full stop.
    pub message: String,
    /// What to do about it.
    /// Boxed: a diagnostic is the `Err` of many results and should stay small.
    pub hint: Option<Box<str>>,
}

impl Diagnostic {
    pub fn error(location: Location, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Error, location, message: message.into(), hint: None }
    }

    pub fn warning(location: Location, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(location, message) }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into().into_boxed_str());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Paths are shown relative to the project so messages read the same on every machine.
    pub fn relative_to(mut self, root: &Path) -> Diagnostic {
        if let Ok(rel) = self.location.file.strip_prefix(root) {
            self.location.file = rel.to_path_buf();
        }
        self
    }

    /// `file:line:col` as editors and terminals link it.
    pub fn position(&self) -> String {
        let l = &self.location;
        let file = l.file.display().to_string().replace('\\', "/");
        // A spreadsheet's place is its sheet and cell, as the spreadsheet program shows it.
        if let (Some(sheet), true) = (&l.sheet, l.line > 0) {
            // With the row's text at hand, `column` is a character in it; without, a field.
            let cell = match (l.column, &l.snippet) {
                (0, _) => format!("row {}", l.line),
                (col, None) => format!("{}{}", column_letters(sheet.first_column + col as u32 - 1), l.line),
                (col, Some(text)) => {
                    format!("{}{}", column_letters(sheet.first_column + field_at(text, col) as u32), l.line)
                }
            };
            return format!("{file}, sheet '{}', {cell}", sheet.name);
        }
        if l.line > 0 && is_spreadsheet(&l.file) {
            return format!("{file}, row {}", l.line);
        }
        match (l.line, l.column) {
            (0, _) => file,
            (line, 0) => format!("{file}:{line}"),
            (line, col) => format!("{file}:{line}:{col}"),
        }
    }
}

/// Rendered like rustc: the message, the position, the line quoted with a caret, the hint.
/// Everything shown passes through [`visible`]: a diagnostic quotes user files.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}: {}", visible(&clip(&self.message), TEXT))?;
        write!(f, "  --> {}", visible(&self.position(), LINE))?;
        let l = &self.location;
        if let (Some(snippet), true) = (&l.snippet, l.line > 0) {
            let gutter = l.line.to_string().len();
            write!(f, "\n{:gutter$} |", "")?;
            write!(f, "\n{} | {}", l.line, visible(snippet, LINE))?;
            if l.column > 0 {
                // The caret sits under the character as shown, escapes included.
                let pad: String = snippet
                    .chars()
                    .take(l.column - 1)
                    .map(|c| match (c, escaped(c, LINE)) {
                        ('\t', _) => "\t".to_string(),
                        (_, Some(e)) => " ".repeat(e.len()),
                        _ => " ".to_string(),
                    })
                    .collect();
                write!(f, "\n{:gutter$} | {pad}^", "")?;
            }
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = help: {}", visible(&clip(hint), TEXT))?;
        }
        Ok(())
    }
}

/// Characters kept as they are in a message or hint (which may be laid out in lines),
/// and in a quoted line or a path.
const TEXT: &[char] = &['\n', '\t'];
const LINE: &[char] = &['\t'];

/// `s` safe to print on a terminal: control characters (an ESC sequence in a CSV line
/// would recolour or rewrite the screen, a CR overwrite the line) and bidirectional
/// overrides (which reorder what is read) are shown as escapes, `\x1b`, `\u{202e}`.
pub fn visible<'a>(s: &'a str, keep: &[char]) -> std::borrow::Cow<'a, str> {
    if !s.chars().any(|c| escaped(c, keep).is_some()) {
        return s.into();
    }
    s.chars().map(|c| escaped(c, keep).unwrap_or_else(|| c.to_string())).collect::<String>().into()
}

fn escaped(c: char, keep: &[char]) -> Option<String> {
    let bidi = matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if keep.contains(&c) || !(c.is_control() || bidi) {
        None
    } else if (c as u32) < 0x80 {
        Some(format!("\\x{:02x}", c as u32))
    } else {
        Some(format!("\\u{{{:x}}}", c as u32))
    }
}

/// Messages quote data; a 10 MB cell must not become a 10 MB message.
fn clip(s: &str) -> std::borrow::Cow<'_, str> {
    const MAX: usize = 600;
    if s.len() <= MAX {
        return s.into();
    }
    let mut end = MAX;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} more bytes)", &s[..end], s.len() - end).into()
}

/// The closest candidate by edit distance, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_l = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&word_l, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.chars().count().max(word.chars().count()) / 3).max(1))
        .min_by_key(|(d, c)| (*d, c.len()))
        .map(|(_, c)| c)
}

/// Edits (insertions, deletions, substitutions, swaps of neighbours) from `a` to `b`, by
/// characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut prev2: Vec<usize> = prev.clone();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            // A swap of two neighbours ("titel") is one typo, not two.
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(prev2[j - 2] + 1);
            }
        }
        prev2 = std::mem::replace(&mut prev, cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_maps_to_line_and_column() {
        let text = "a = 1\nbé = 2\n";
        let loc = Location::at_offset("x.toml", text, text.find('=').unwrap());
        assert_eq!((loc.line, loc.column), (1, 3));
        let loc = Location::at_offset("x.toml", text, text.rfind('=').unwrap());
        assert_eq!((loc.line, loc.column), (2, 4));
        assert_eq!(loc.snippet.as_deref(), Some("bé = 2"));
    }

    #[test]
    fn rendered_with_caret_and_hint() {
        let d = Diagnostic::error(
            Location::at_offset("c.toml", "kind = \"pie\"\n", 7),
            "unknown chart kind `pie`",
        )
        .hint("use one of: bar, column");
        let s = d.to_string();
        assert!(s.contains("--> c.toml:1:8"), "{s}");
        assert!(s.contains("1 | kind = \"pie\""), "{s}");
        assert!(s.contains("  |        ^"), "{s}");
        assert!(s.ends_with("= help: use one of: bar, column"), "{s}");
    }

    /// An ESC sequence in a quoted CSV line was written raw to the terminal.
    #[test]
    fn control_characters_are_shown_escaped() {
        let line = "A,\x1b[31mred\x1b[0m,x\ry\u{202e}z,\t10";
        let d = Diagnostic::error(
            Location::at_line("data/x\x07.csv", 3, 23).with_snippet(line),
            "`\x1b[31mred` is not a number",
        )
        .hint("fix\x1b]0;title\x07 it");
        assert_eq!(
            d.to_string(),
            format!(
                "error: `\\x1b[31mred` is not a number\n  --> data/x\\x07.csv:3:23\n  |\n\
             3 | A,\\x1b[31mred\\x1b[0m,x\\x0dy\\u{{202e}}z,\t10\n  | \
             {}\t^\n  = help: fix\\x1b]0;title\\x07 it",
                " ".repeat(37)
            )
        );
        assert_eq!(visible("plain é ✓", TEXT), "plain é ✓");
        assert_eq!(visible("a\nb\u{9b}", TEXT), "a\nb\\u{9b}");
        assert_eq!(visible("a\nb", LINE), "a\\x0ab");
    }

    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("titel", ["title", "subtitle", "kind"]), Some("title"));
        assert_eq!(did_you_mean("zzzzzz", ["title", "kind"]), None);
        assert_eq!(did_you_mean("Guanajato", ["Guerrero", "Guanajuato"]), Some("Guanajuato"));
    }
}
