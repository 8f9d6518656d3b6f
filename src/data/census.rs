//! Every line of a CSV accounted for: which lines are preamble, header, rows, blank lines
//! and footer, and each row whose width differs from the header's. One quote-aware pass
//! (csv's quoting rules) shared by the exact path and the Polars path, so both read the
//! same rows and reject the same files; it streams, so a large file costs a block of
//! memory. May use: std, memchr.

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

/// One record as the census sees it.
struct Record<'a> {
    fields: usize,
    /// The first field, unquoted.
    first: std::borrow::Cow<'a, [u8]>,
    /// Any field after the first holds more than spaces.
    others: bool,
    /// Lines it spans.
    lines: usize,
    /// Bytes it takes, with its line end.
    len: usize,
    /// Its line end was found (false: it runs to the end of the input).
    ended: bool,
    /// A quoted field left open: the line of the record it opens on (0-based) and its
    /// offset in the bytes.
    unclosed: Option<(usize, usize)>,
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

/// Of the `\n`-ended lines of `span` (no quotes, no CR but before a LF), how many from the start have
/// `want` delimiters and a last byte that is neither a delimiter nor a space, and the bytes
/// they take. Works on 64-byte chunks as bit masks (one bit a byte), so a line costs a few
/// bit operations rather than a loop over its bytes.
fn plain_lines(span: &[u8], d: u8, want: usize) -> (usize, usize) {
    let (mut start, mut rows, mut count) = (0usize, 0usize, 0usize);
    let good = |mut end: usize, start: usize, count: usize| {
        if end > start && span[end - 1] == b'\r' {
            end -= 1;
        }
        count == want && end > start && span[end - 1] != d && !span[end - 1].is_ascii_whitespace()
    };
    let mut base = 0;
    while base < span.len() {
        let (mut dm, mut nm) = masks(&span[base..(base + 64).min(span.len())], d);
        while nm != 0 {
            let k = nm.trailing_zeros() as usize;
            let upto = (1u64 << k) - 1;
            count += (dm & upto).count_ones() as usize;
            if !good(base + k, start, count) {
                return (start, rows);
            }
            rows += 1;
            start = base + k + 1;
            count = 0;
            dm &= !upto;
            nm &= nm - 1;
        }
        count += dm.count_ones() as usize;
        base += 64;
    }
    (start, rows)
}

/// Bit `i` set where byte `i` of `chunk` (at most 64 bytes) is `d`, and where it is `\n`.
fn masks(chunk: &[u8], d: u8) -> (u64, u64) {
    #[cfg(target_arch = "x86_64")]
    if chunk.len() == 64 {
        use std::arch::x86_64::{__m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8};
        // SAFETY: SSE2 is part of every x86_64 target; the four loads read the 64 bytes of
        // `chunk`, unaligned loads being allowed.
        unsafe {
            let (dv, nv) = (_mm_set1_epi8(d as i8), _mm_set1_epi8(b'\n' as i8));
            let (mut dm, mut nm) = (0u64, 0u64);
            for j in 0..4 {
                let v = _mm_loadu_si128(chunk.as_ptr().add(16 * j) as *const __m128i);
                dm |= u64::from(_mm_movemask_epi8(_mm_cmpeq_epi8(v, dv)) as u16) << (16 * j);
                nm |= u64::from(_mm_movemask_epi8(_mm_cmpeq_epi8(v, nv)) as u16) << (16 * j);
            }
            return (dm, nm);
        }
    }
    let (mut dm, mut nm) = (0u64, 0u64);
    for (i, b) in chunk.iter().enumerate() {
        dm |= u64::from(*b == d) << i;
        nm |= u64::from(*b == b'\n') << i;
    }
    (dm, nm)
}

/// The fields of one line by csv's quoting rules, unquoted (for the header's names).
fn split_line(line: &[u8], d: u8) -> Vec<Vec<u8>> {
    let mut fields = vec![Vec::new()];
    let (mut quoted, mut at_start, mut i) = (false, true, 0);
    while i < line.len() {
        let b = line[i];
        i += 1;
        let field = fields.last_mut().expect("one field at least");
        if quoted {
            if b == b'"' && line.get(i) == Some(&b'"') {
                field.push(b'"');
                i += 1;
            } else if b == b'"' {
                quoted = false;
            } else {
                field.push(b);
            }
        } else if b == d {
            fields.push(Vec::new());
            at_start = true;
            continue;
        } else if b == b'"' && at_start {
            quoted = true;
        } else {
            field.push(b);
        }
        at_start = false;
    }
    fields
}

/// The first line of `bytes`, without its line end.
fn first_line(bytes: &[u8]) -> &[u8] {
    let end = memchr::memchr(b'\n', bytes).unwrap_or(bytes.len());
    let line = &bytes[..end];
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Reads one record at the start of `bytes` by csv's rules: a quote opens a quoted field
/// only at the start of a field, `""` inside one is a quote, line breaks inside one belong
/// to the field. Lines without quotes take a fast road.
fn record(bytes: &[u8], delimiter: u8) -> Record<'_> {
    let nl = memchr::memchr(b'\n', bytes);
    let line = &bytes[..nl.unwrap_or(bytes.len())];
    if memchr::memchr(b'"', line).is_none() {
        let body = line.strip_suffix(b"\r").unwrap_or(line);
        let fields = body.iter().filter(|b| **b == delimiter).count() + 1;
        let cut = memchr::memchr(delimiter, body).unwrap_or(body.len());
        let others = body[cut..].iter().any(|b| *b != delimiter && !b.is_ascii_whitespace());
        return Record {
            fields,
            first: std::borrow::Cow::Borrowed(&body[..cut]),
            others,
            lines: 1,
            len: nl.map_or(bytes.len(), |i| i + 1),
            ended: nl.is_some(),
            unclosed: None,
        };
    }
    quoted_record(bytes, delimiter)
}

fn quoted_record(bytes: &[u8], delimiter: u8) -> Record<'_> {
    #[derive(PartialEq)]
    enum St {
        Start,
        Plain,
        Quoted,
        QuoteInQuoted,
    }
    let mut st = St::Start;
    let mut fields = 1;
    let mut first = Vec::new();
    let mut others = false;
    let mut lines = 1;
    let mut i = 0;
    let mut ended = false;
    let mut opened = (0, 0);
    while i < bytes.len() {
        let b = bytes[i];
        i += 1;
        match st {
            St::Quoted => {
                if b == b'"' {
                    st = St::QuoteInQuoted;
                    continue;
                }
                if b == b'\n' {
                    lines += 1;
                }
            }
            _ if b == b'\n' => {
                ended = true;
                break;
            }
            _ if b == delimiter => {
                fields += 1;
                st = St::Start;
                continue;
            }
            St::Start if b == b'"' => {
                st = St::Quoted;
                opened = (lines - 1, i - 1);
                continue;
            }
            St::QuoteInQuoted if b == b'"' => st = St::Quoted,
            _ => st = St::Plain,
        }
        if b == b'\r' && bytes.get(i) == Some(&b'\n') && st != St::Quoted {
            continue;
        }
        if fields == 1 {
            first.push(b);
        } else if !b.is_ascii_whitespace() {
            others = true;
        }
    }
    Record {
        fields,
        first: std::borrow::Cow::Owned(first),
        others,
        lines,
        len: i,
        ended,
        unclosed: (st == St::Quoted).then_some(opened),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn census(text: &str) -> Census {
        let c = of_text(text, b',', 0);
        assert!(c.balanced(), "{c:?}");
        c
    }

    #[test]
    fn short_rows_at_the_end_are_rows() {
        let c = census("name,value,source\nA,10,src\nB,20,src\nC,30\nD,40\n");
        assert_eq!((c.rows, c.footer, c.ragged_count), (4, 0, 2));
        assert_eq!(c.ragged.unwrap(), Ragged { line: 4, fields: 2, text: "C,30".into() });
    }

    #[test]
    fn notes_after_the_rows_are_a_footer() {
        let text = "a,b,c\n1,2,3\n\n\"FUENTE: INEGI, 2020.\"\nNota:,,\n\n";
        let c = census(text);
        assert_eq!((c.rows, c.blank_after, c.footer, c.ragged_count), (1, 2, 2, 0));
        assert_eq!(&text[..c.rows_end], "a,b,c\n1,2,3\n");
        // A note followed by a row was a row.
        let c = census("a,b,c\n1,2,3\nFuente: x\n4,5,6\n");
        assert_eq!((c.rows, c.footer, c.ragged.map(|r| r.line)), (3, 0, Some(3)));
    }

    #[test]
    fn a_last_row_with_missing_values_stays_a_row() {
        let c = census("state,n,source\nA,1,s\nZacatecas,,\n");
        assert_eq!((c.rows, c.footer, c.ragged_count), (2, 0, 0));
    }

    #[test]
    fn quoted_line_breaks_belong_to_the_row() {
        let text = "a,b,c\n1,2,\"x\nmore\"\n";
        let c = census(text);
        assert_eq!((c.rows, c.row_lines, c.footer, c.spanning), (1, 2, 0, true));
        assert_eq!(c.rows_end, text.len());
        let c = census("a,b\n1,\"never closed\n2,3\n");
        assert_eq!(c.unclosed, Some((2, 3, "1,\"never closed".into())));
    }

    #[test]
    fn quotes_inside_a_plain_field_are_text() {
        let c = census("a,b\nsay \"hi,2\n3,4\n");
        assert_eq!((c.rows, c.ragged_count), (2, 0));
        let c = census("a,b\n\"x\"\"y,z\",2\n");
        assert_eq!((c.rows, c.ragged_count), (1, 0));
    }

    #[test]
    fn preamble_blank_lines_and_endings_are_counted() {
        let c = of_text("Title\nDate\n\nx,y\n1,2\n\n3,4\n  \n", b',', 3);
        assert!(c.balanced(), "{c:?}");
        assert_eq!((c.preamble, c.header_line, c.rows, c.blank_inside, c.blank_after), (3, 4, 2, 1, 1));
        let c = census("x,y\r\n1,2\r\n3,4");
        assert_eq!((c.lines, c.rows, c.bare_cr), (3, 2, false));
        let c = census(&"x,y\r\n".repeat(40));
        assert_eq!((c.lines, c.rows, c.ragged_count), (40, 39, 0));
        let c = census(&format!("{}1,2,3\r\n,\r\n", "x,y\r\n".repeat(40)));
        assert_eq!((c.lines, c.rows, c.blank_after, c.ragged.map(|r| r.line)), (42, 40, 1, Some(41)));
        assert!(census("x,y\r1,2\n").bare_cr);
    }

    #[test]
    fn blocks_give_what_the_whole_text_gives() {
        let mut text = String::from("Title\nx,y,z\n");
        for i in 0..5000 {
            text.push_str(&format!("{i},\"a\nb\",{}\n", i % 7));
        }
        text.push_str("1,2\nFuente: x\n");
        let whole = of_text(&text, b',', 1);
        let mut c = Counter::new(b',', 1);
        let mut rest: Vec<u8> = Vec::new();
        for chunk in text.as_bytes().chunks(97) {
            rest.extend_from_slice(chunk);
            let used = c.feed(&rest, false);
            rest.drain(..used);
        }
        let used = c.feed(&rest, true);
        assert_eq!(used, rest.len());
        assert_eq!(c.finish(), whole);
        assert_eq!((whole.rows, whole.footer, whole.ragged.map(|r| r.line)), (5001, 1, Some(10003)));
    }

    #[test]
    fn the_fast_road_stops_at_the_first_other_line_wherever_it_falls() {
        for bad in 0..90 {
            let mut text = String::from("a,b,c\n");
            for i in 0..90 {
                let row = if i == bad {
                    format!("{i},x\n")
                } else {
                    format!("{i},{},z{}\n", "y".repeat(i % 70), i)
                };
                text.push_str(&row);
            }
            let c = census(&text);
            assert_eq!((c.rows, c.ragged_count), (90, 1), "bad row {bad}");
            assert_eq!(c.ragged.unwrap().line, bad + 2, "bad row {bad}");
        }
    }

    #[test]
    fn a_header_may_end_in_unnamed_cells_the_rows_leave_out() {
        let c = census("Entidad,,2019,2020,\nA,x,1,2\nB,y,3,4,\n");
        assert_eq!((c.width, c.min_width, c.narrow, c.ragged_count), (5, 4, 1, 0));
        let c = census("a,b,,\n1,2\n1\n");
        assert_eq!((c.min_width, c.narrow, c.ragged.map(|r| r.fields)), (2, 1, Some(1)));
        assert_eq!(split_line(b"a,\"b,\"\"c\",,\"\"", b','), [&b"a"[..], b"b,\"c", b"", b""]);
    }
}
