//! Every line of a CSV accounted for: which lines are preamble, header, rows, blank lines
//! and footer, and each row whose width differs from the header's. One quote-aware pass
//! (csv's quoting rules) shared by the exact path and the Polars path, so both read the
//! same rows and reject the same files; it streams, so a large file costs a block of
//! memory. May use: std, memchr.

mod record;

use record::{first_line, plain_lines, record, split_line, Record};
use std::io::Read;
use std::path::Path;

/// How the lines of a file were taken.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Census {
    /// Lines in the file.
    pub lines: usize,
    /// Lines before the header (titles, dates, blank lines).
    pub preamble: usize,
    /// Line of the header; 0 when the file has none.
    pub header_line: usize,
    /// Lines the header spans (more than one when a name holds a quoted line break).
    pub header_lines: usize,
    /// Fields of the header, and the fewest a row may have: a header may end in cells
    /// without a name that rows leave out (a trailing delimiter on the header only).
    pub width: usize,
    pub min_width: usize,
    /// Rows with fewer fields than the header (at least `min_width`).
    pub narrow: usize,
    /// Unnamed columns at the end that hold nothing, dropped (set by `header`).
    pub dropped_columns: usize,
    /// Rows read, and the lines they span.
    pub rows: usize,
    pub row_lines: usize,
    /// Blank lines (nothing but spaces and delimiters) among the rows, and after them.
    pub blank_inside: usize,
    pub blank_after: usize,
    /// Notes after the last row: lines whose first field is text and whose others are empty.
    pub footer: usize,
    /// Byte offset just past the last row (where trailing blank lines and the footer start).
    pub rows_end: usize,
    /// A row spans more than one line (a quoted line break).
    pub spanning: bool,
    /// A carriage return not followed by a line feed (an old Mac line end, or inside a cell).
    pub bare_cr: bool,
    /// The first row whose width differs from the header's, and how many there are.
    pub ragged: Option<Ragged>,
    pub ragged_count: usize,
    /// Where a quoted field opens that the file never closes: line, 1-based character
    /// column, and that line.
    pub unclosed: Option<(usize, usize, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ragged {
    pub line: usize,
    pub fields: usize,
    /// The row's first line, to quote.
    pub text: String,
}

impl Census {
    /// Lines skipped: preamble, blank lines and footer.
    pub fn skipped(&self) -> usize {
        self.preamble + self.blank_inside + self.blank_after + self.footer
    }

    /// Rows' lines + header + skipped lines = lines in the file.
    pub fn balanced(&self) -> bool {
        self.row_lines + self.header_lines + self.skipped() == self.lines
    }
}

/// The census of decoded `text` whose header comes after `skip` lines.
pub fn of_text(text: &str, delimiter: u8, skip: usize) -> Census {
    let mut c = Counter::new(delimiter, skip);
    let used = c.feed(text.as_bytes(), true);
    debug_assert_eq!(used, text.len());
    c.finish()
}

/// The census of the file at `path` (UTF-8 on disk), read in blocks.
pub fn of_file(path: &Path, delimiter: u8, skip: usize) -> std::io::Result<Census> {
    const BLOCK: usize = 8 << 20;
    let mut file = std::fs::File::open(path)?;
    let mut c = Counter::new(delimiter, skip);
    let mut buf: Vec<u8> = Vec::with_capacity(BLOCK);
    let mut bom = true;
    loop {
        let old = buf.len();
        buf.resize(old + BLOCK, 0);
        let n = read_full(&mut file, &mut buf[old..])?;
        buf.truncate(old + n);
        let eof = n == 0;
        let start = if bom && buf.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
        if bom && (buf.len() >= 3 || eof) {
            bom = false;
            buf.drain(..start);
        }
        let used = c.feed(&buf, eof);
        buf.drain(..used);
        if eof {
            return Ok(c.finish());
        }
    }
}

fn read_full(file: &mut std::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match file.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// A row that may be a footer note, held until the file shows whether a row follows it.
struct Held {
    line: usize,
    lines: usize,
    fields: usize,
    end: usize,
    text: String,
    blank_before: usize,
}

struct Counter {
    delimiter: u8,
    skip: usize,
    c: Census,
    /// Line of the next record, byte offset of the input seen so far.
    line: usize,
    offset: usize,
    held: Vec<Held>,
    /// Blank lines since the last row or held note.
    blank: usize,
}

impl Counter {
    fn new(delimiter: u8, skip: usize) -> Counter {
        Counter { delimiter, skip, c: Census::default(), line: 1, offset: 0, held: Vec::new(), blank: 0 }
    }

    /// Takes the whole records at the start of `bytes` (all of it at `eof`); returns how
    /// many bytes it took. The rest comes again with the next block.
    fn feed(&mut self, bytes: &[u8], eof: bool) -> usize {
        let mut pos = 0;
        while pos < bytes.len() {
            let rest = &bytes[pos..];
            if self.skip > 0 {
                let Some(nl) = memchr::memchr(b'\n', rest) else {
                    if !eof {
                        break;
                    }
                    self.preamble_line(rest);
                    pos = bytes.len();
                    break;
                };
                self.preamble_line(&rest[..nl]);
                pos += nl + 1;
                continue;
            }
            if self.c.header_line != 0 && self.held.is_empty() && self.blank == 0 {
                let n = self.plain_rows(rest, self.offset + pos);
                if n > 0 {
                    pos += n;
                    continue;
                }
            }
            let r = record(rest, self.delimiter);
            if !r.ended && !eof {
                break;
            }
            if rest[..r.len].contains(&b'\r') {
                self.note_cr(&rest[..r.len]);
            }
            let len = r.len;
            self.take(r, first_line(rest), self.offset + pos + len, rest);
            pos += len;
        }
        self.offset += pos;
        pos
    }

    /// The fast road of the common case: whole lines without quotes or CRs, as wide as the
    /// header, their last field not empty (so no note and no blank line). Counts them and
    /// returns the bytes they take; the first other line goes the general road.
    fn plain_rows(&mut self, bytes: &[u8], offset: usize) -> usize {
        let Some(last) = memchr::memrchr(b'\n', bytes) else { return 0 };
        let mut span = &bytes[..=last];
        let line_before = |span: &[u8], k: usize| memchr::memrchr(b'\n', &span[..k]).map_or(0, |i| i + 1);
        if let Some(k) = memchr::memchr(b'"', span) {
            span = &span[..line_before(span, k)];
        }
        // CRLF line ends are fine here; a CR alone goes the general road.
        if let Some(k) = memchr::memchr_iter(b'\r', span).find(|k| span.get(k + 1) != Some(&b'\n')) {
            span = &span[..line_before(span, k)];
        }
        let (start, rows) = plain_lines(span, self.delimiter, self.c.width - 1);
        if rows > 0 {
            self.c.rows += rows;
            self.c.row_lines += rows;
            self.line += rows;
            self.c.rows_end = offset + start;
        }
        start
    }

    fn preamble_line(&mut self, line: &[u8]) {
        if line.contains(&b'\r') {
            self.note_cr(line);
        }
        self.skip -= 1;
        self.c.preamble += 1;
        self.line += 1;
    }

    fn note_cr(&mut self, bytes: &[u8]) {
        let mut i = 0;
        while let Some(k) = memchr::memchr(b'\r', &bytes[i..]) {
            if bytes.get(i + k + 1) != Some(&b'\n') {
                self.c.bare_cr = true;
            }
            i += k + 1;
        }
    }

    /// Counts record `r`, whose first line is `text` and which ends at byte `end`.
    fn take(&mut self, r: Record, text: &[u8], end: usize, bytes: &[u8]) {
        let line = self.line;
        self.line += r.lines;
        if let Some((k, at)) = r.unclosed.filter(|_| self.c.unclosed.is_none()) {
            let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
            let quoted = String::from_utf8_lossy(first_line(&bytes[start..])).into_owned();
            let column = String::from_utf8_lossy(&bytes[start..at]).chars().count() + 1;
            self.c.unclosed = Some((line + k, column, quoted));
        }
        let blank = !r.others && r.first.trim_ascii().is_empty();
        if self.c.header_line == 0 {
            if blank {
                self.c.preamble += r.lines;
            } else {
                self.c.header_line = line;
                self.c.header_lines = r.lines;
                self.c.width = r.fields;
                let names = split_line(first_line(bytes), self.delimiter);
                let unnamed = names.iter().rev().take_while(|n| n.trim_ascii().is_empty()).count();
                self.c.min_width = r.fields - unnamed.min(r.fields - 1);
                self.c.rows_end = end;
            }
            return;
        }
        if blank {
            self.blank += r.lines;
            return;
        }
        if self.note_like(&r) {
            self.held.push(Held {
                line,
                lines: r.lines,
                fields: r.fields,
                end,
                text: String::from_utf8_lossy(text).into_owned(),
                blank_before: std::mem::take(&mut self.blank),
            });
            return;
        }
        // A row after them: the held lines were rows, not notes.
        for h in std::mem::take(&mut self.held) {
            self.c.blank_inside += h.blank_before;
            self.row(h.line, h.lines, h.fields, h.end, h.text.as_bytes());
        }
        self.c.blank_inside += std::mem::take(&mut self.blank);
        self.row(line, r.lines, r.fields, end, text);
    }

    /// A footer note: text in the first field, nothing in the others; when the line is as
    /// wide as the header (spreadsheets pad every line), it must also read like a note, so a
    /// last row with missing values (`Zacatecas,,`) stays a row.
    fn note_like(&self, r: &Record) -> bool {
        if r.others {
            return false;
        }
        let first = String::from_utf8_lossy(&r.first);
        let first = first.trim();
        if first.is_empty() || first.parse::<f64>().is_ok() {
            return false;
        }
        if r.fields < self.c.min_width {
            return true;
        }
        let lower = first.to_lowercase();
        const WORDS: [&str; 12] = [
            "fuente",
            "nota",
            "source",
            "note",
            "elabora",
            "fecha",
            "cifras",
            "información",
            "datos",
            "*",
            "(",
            "¹",
        ];
        first.contains(':') || WORDS.iter().any(|w| lower.starts_with(w))
    }

    fn row(&mut self, line: usize, lines: usize, fields: usize, end: usize, text: &[u8]) {
        self.c.rows += 1;
        self.c.row_lines += lines;
        self.c.spanning |= lines > 1;
        self.c.rows_end = end;
        if fields < self.c.width && fields >= self.c.min_width {
            self.c.narrow += 1;
        } else if fields != self.c.width {
            self.c.ragged_count += 1;
            if self.c.ragged.is_none() {
                self.c.ragged =
                    Some(Ragged { line, fields, text: String::from_utf8_lossy(text).into_owned() });
            }
        }
    }

    fn finish(mut self) -> Census {
        for h in std::mem::take(&mut self.held) {
            self.c.blank_after += h.blank_before;
            self.c.footer += h.lines;
        }
        self.c.blank_after += self.blank;
        self.c.lines = self.line - 1;
        self.c
    }
}

#[cfg(test)]
mod tests;
