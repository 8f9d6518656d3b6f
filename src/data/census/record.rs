//! One record at the start of some bytes, by csv's quoting rules, as the census counts
//! it: its fields, the lines and bytes it takes, a quote it leaves open. Lines without
//! quotes take a fast road, 64 bytes at a time as bit masks. May use: std, memchr.

/// One record as the census sees it.
pub(super) struct Record<'a> {
    pub(super) fields: usize,
    /// The first field, unquoted.
    pub(super) first: std::borrow::Cow<'a, [u8]>,
    /// Any field after the first holds more than spaces.
    pub(super) others: bool,
    /// Lines it spans.
    pub(super) lines: usize,
    /// Bytes it takes, with its line end.
    pub(super) len: usize,
    /// Its line end was found (false: it runs to the end of the input).
    pub(super) ended: bool,
    /// A quoted field left open: the line of the record it opens on (0-based) and its
    /// offset in the bytes.
    pub(super) unclosed: Option<(usize, usize)>,
}

/// Of the `\n`-ended lines of `span` (no quotes, no CR but before a LF), how many from the start have
/// `want` delimiters and a last byte that is neither a delimiter nor a space, and the bytes
/// they take. Works on 64-byte chunks as bit masks (one bit a byte), so a line costs a few
/// bit operations rather than a loop over its bytes.
pub(super) fn plain_lines(span: &[u8], d: u8, want: usize) -> (usize, usize) {
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
pub(super) fn split_line(line: &[u8], d: u8) -> Vec<Vec<u8>> {
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
pub(super) fn first_line(bytes: &[u8]) -> &[u8] {
    let end = memchr::memchr(b'\n', bytes).unwrap_or(bytes.len());
    let line = &bytes[..end];
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Reads one record at the start of `bytes` by csv's rules: a quote opens a quoted field
/// only at the start of a field, `""` inside one is a quote, line breaks inside one belong
/// to the field. Lines without quotes take a fast road.
pub(super) fn record(bytes: &[u8], delimiter: u8) -> Record<'_> {
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
