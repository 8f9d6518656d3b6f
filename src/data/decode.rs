//! Bytes → text: the encoding named (any WHATWG label, MacRoman) or, for `auto`, UTF-8
//! where valid and stray bytes read as the single-byte encoding that makes Spanish of
//! them, mangled names repaired; line ends made `\n`. Polars reads UTF-8 only, so this runs
//! before anything else sees a file. May use: spec, encoding_rs.

use crate::spec::dataset::Encoding;
use crate::spec::{Diagnostic, Location};
use std::path::Path;

/// What decoding did beyond reading the encoding named, for `build -v`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Decoding {
    /// Lines holding bytes that are not UTF-8 (`auto`), those bytes, and what they were
    /// read as.
    pub stray_lines: usize,
    pub stray_bytes: usize,
    pub stray_as: &'static str,
    /// Lines with mangled names repaired (`auto`), and the names.
    pub repaired_lines: usize,
    pub repaired_words: usize,
    /// The text differs from the file's bytes beyond a BOM and line ends.
    pub changed: bool,
}

impl Decoding {
    /// "41 lines: 288 bytes read as MacRoman; 3 lines: 5 names repaired (mojibake)"; `None`
    /// when nothing was repaired.
    pub fn describe(&self) -> Option<String> {
        let mut parts = Vec::new();
        if self.stray_bytes > 0 {
            parts.push(format!(
                "{} lines: {} bytes read as {}",
                self.stray_lines, self.stray_bytes, self.stray_as
            ));
        }
        if self.repaired_words > 0 {
            parts.push(format!(
                "{} lines: {} names repaired (mojibake)",
                self.repaired_lines, self.repaired_words
            ));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

/// Bytes → text: BOM dropped, the encoding applied (for `auto`: UTF-8 where valid, stray
/// bytes read as a single-byte encoding, mangled names repaired), line endings made `\n`
/// (CRLF and old Mac CR alike) so line numbers are the file's.
pub fn decode(path: &Path, bytes: &[u8], encoding: Encoding) -> Result<(String, Decoding), Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut note = Decoding::default();
    let text = match encoding.decoder() {
        Some(enc) if enc == encoding_rs::UTF_8 => {
            std::str::from_utf8(bytes).map_err(|e| not_utf8(path, bytes, e))?.to_string()
        }
        Some(enc) => {
            let text = enc.decode_with_bom_removal(bytes).0.into_owned();
            note.changed = text.as_bytes() != bytes;
            text
        }
        None => auto(bytes, &mut note),
    };
    Ok((normalise_newlines(text), note))
}

/// The error for bytes that are not UTF-8, with the encoding they look like.
fn not_utf8(path: &Path, bytes: &[u8], e: std::str::Utf8Error) -> Diagnostic {
    let lossy = String::from_utf8_lossy(bytes);
    let (enc, name) = single_byte_for(bytes);
    let (mut stray, mut lines, mut utf8) = (0, 0, false);
    for line in line_spans(bytes) {
        let n: usize = line.utf8_chunks().map(|c| c.invalid().len()).sum();
        utf8 |= line.utf8_chunks().any(|c| !c.valid().is_ascii());
        stray += n;
        lines += usize::from(n > 0);
    }
    // The word around the first stray byte, as that encoding reads it.
    let at = e.valid_up_to();
    let is_word = |b: &u8| !b.is_ascii() || b.is_ascii_alphanumeric();
    let start = bytes[..at].iter().rposition(|b| !is_word(b)).map_or(0, |i| i + 1);
    let end = bytes[at..].iter().position(|b| !is_word(b)).map_or(bytes.len(), |i| at + i);
    let word = enc.decode_without_bom_handling(&bytes[start..end]).0;
    let label = if enc == encoding_rs::MACINTOSH { "macroman" } else { "latin1" };
    let hint = if utf8 {
        format!("the file is UTF-8 except for bytes that look like {name} (`{word}`): add encoding = \"auto\" under [read] in the sidecar to read only those as {name}")
    } else {
        format!("the bytes look like {name} (`{word}`): add encoding = \"{label}\" (or \"auto\") under [read] in the sidecar")
    };
    Diagnostic::error(
        Location::at_offset(path, &lossy, at),
        format!("cannot read data: the file is not valid UTF-8 ({stray} bytes on {lines} lines are not)"),
    )
    .hint(hint)
}

/// `auto`: a UTF-16 file by its BOM; else line by line, valid UTF-8 kept as it is and only
/// the bytes that are not read as the single-byte encoding that makes Spanish of them (a
/// file of UTF-8 rows with a few hundred MacRoman bytes stays UTF-8), then mangled names
/// repaired.
fn auto(bytes: &[u8], note: &mut Decoding) -> String {
    if let Some((enc, _)) = encoding_rs::Encoding::for_bom(bytes) {
        note.changed = true;
        return enc.decode_with_bom_removal(bytes).0.into_owned();
    }
    let (enc, name) = single_byte_for(bytes);
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 8);
    for line in line_spans(bytes) {
        let mut stray = 0;
        for chunk in line.utf8_chunks() {
            text.push_str(chunk.valid());
            if !chunk.invalid().is_empty() {
                stray += chunk.invalid().len();
                text.push_str(&enc.decode_without_bom_handling(chunk.invalid()).0);
            }
        }
        note.stray_bytes += stray;
        note.stray_lines += usize::from(stray > 0);
    }
    note.stray_as = name;
    let text = repair_lines(text, note);
    note.changed = note.stray_bytes > 0 || note.repaired_words > 0;
    text
}

/// Lines of `bytes`, each with its end (`\n`, `\r\n` or a lone `\r`).
fn line_spans(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = bytes;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = match rest.iter().position(|b| *b == b'\n' || *b == b'\r') {
            Some(i) if rest[i] == b'\r' && rest.get(i + 1) == Some(&b'\n') => i + 2,
            Some(i) => i + 1,
            None => rest.len(),
        };
        let (line, tail) = rest.split_at(end);
        rest = tail;
        Some(line)
    })
}

/// The single-byte encoding the bytes that are not UTF-8 read best in: Spanish in Latin-1
/// puts its accents at 0xC0–0xFF, in MacRoman at 0x80–0x9F (where windows-1252 has only
/// rare punctuation). Ties go to windows-1252, the commoner.
fn single_byte_for(bytes: &[u8]) -> (&'static encoding_rs::Encoding, &'static str) {
    let mut counts = [0usize; 256];
    for chunk in bytes.utf8_chunks() {
        for b in chunk.invalid() {
            counts[*b as usize] += 1;
        }
    }
    let score = |enc: &'static encoding_rs::Encoding| -> i64 {
        (0x80..=0xFFu8)
            .filter(|b| counts[*b as usize] > 0)
            .map(|b| {
                let byte = [b];
                let c = enc.decode_without_bom_handling(&byte).0;
                let spanish = c.chars().all(|c| SPANISH.contains(c));
                counts[b as usize] as i64 * if spanish { 1 } else { -1 }
            })
            .sum()
    };
    if score(encoding_rs::MACINTOSH) > score(encoding_rs::WINDOWS_1252) {
        (encoding_rs::MACINTOSH, "MacRoman")
    } else {
        (encoding_rs::WINDOWS_1252, "windows-1252")
    }
}

fn normalise_newlines(text: String) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}

/// Letters (and ordinals) a Spanish text is made of beyond ASCII.
const SPANISH: &str = "áéíóúñüÁÉÍÓÚÑÜ¿¡ºª";

/// Non-ASCII characters of typeset text that may stand between letters (`O’Higgins`,
/// `Norte–Sur`): a word with only these is never taken for mojibake.
const TYPOGRAPHIC: &str = "’‘“”–—…•";

/// Each non-ASCII character of `text`: +1 when Spanish, -1 otherwise. Out of place is not
/// Spanish: a capital after a small letter (`LeÑn`), `¡`/`¿` after a letter, `º`/`ª` before
/// one (`Mªxico`).
fn letter_scores(text: &str) -> impl Iterator<Item = (char, i64)> {
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len()).filter_map(move |i| {
        if chars[i].is_ascii() {
            return None;
        }
        let c = chars[i];
        let prev = if i > 0 { chars[i - 1] } else { ' ' };
        let next = chars.get(i + 1).copied().unwrap_or(' ');
        let out_of_place = (c.is_uppercase() && prev.is_lowercase())
            || ("¡¿".contains(c) && prev.is_alphanumeric())
            || ("ºª".contains(c) && next.is_alphabetic());
        Some((c, if SPANISH.contains(c) && !out_of_place { 1 } else { -1 }))
    })
}

/// One undoing of a wrong decoding: the text encoded back to the bytes it was read from,
/// and those bytes read as they were meant.
#[derive(Clone, Copy)]
enum Undo {
    /// Latin-1 read as MacRoman (`AÒo`, `MÈxico`, `Michoac·n`).
    Latin1AsMac,
    /// MacRoman read as windows-1252 (`Jesœs`; twice: `MartÕn`, `JesÏs`, `LeÑn`).
    MacAsLatin1,
    /// UTF-8 read as windows-1252 (`LeÃ³n`).
    Utf8AsLatin1,
    /// UTF-8 read as MacRoman (`Le√≥n`).
    Utf8AsMac,
}

impl Undo {
    const ALL: [Undo; 4] = [Undo::Latin1AsMac, Undo::MacAsLatin1, Undo::Utf8AsLatin1, Undo::Utf8AsMac];

    fn apply(self, text: &str) -> Option<String> {
        use encoding_rs::{MACINTOSH as MAC, WINDOWS_1252 as W1252};
        let (read_as, meant) = match self {
            Undo::Latin1AsMac => (MAC, Some(W1252)),
            Undo::MacAsLatin1 => (W1252, Some(MAC)),
            Undo::Utf8AsLatin1 => (W1252, None),
            Undo::Utf8AsMac => (MAC, None),
        };
        let (bytes, _, unmappable) = read_as.encode(text);
        if unmappable {
            return None;
        }
        match meant {
            Some(enc) => Some(enc.decode_without_bom_handling(&bytes).0.into_owned()),
            None => String::from_utf8(bytes.into_owned()).ok(),
        }
    }
}

/// A word that went through one or two wrong decodings, repaired: only when some character
/// in it is not Spanish (and not typography), and every chain of undoings that leaves it all
/// Spanish gives the same word.
pub(super) fn repair_word(word: &str) -> Option<String> {
    let suspect = word.bytes().any(|b| b.is_ascii_alphabetic())
        && letter_scores(word).any(|(c, s)| s < 0 && !TYPOGRAPHIC.contains(c));
    if !suspect {
        return None;
    }
    let spanish = |w: &str| letter_scores(w).all(|(_, s)| s > 0);
    let mut found: Option<String> = None;
    for first in Undo::ALL {
        let Some(once) = first.apply(word) else { continue };
        let twice = Undo::ALL.iter().filter_map(|second| second.apply(&once));
        for fixed in std::iter::once(once.clone()).chain(twice) {
            if fixed != word && spanish(&fixed) {
                match &found {
                    Some(f) if *f != fixed => return None,
                    _ => found = Some(fixed),
                }
            }
        }
    }
    found
}

/// Mangled words repaired line by line (words split at ASCII punctuation and spaces, which
/// no wrong decoding changes).
fn repair_lines(text: String, note: &mut Decoding) -> String {
    if text.is_ascii() {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if line.is_ascii() {
            out.push_str(line);
            continue;
        }
        let mut repaired = 0;
        let mut rest = line;
        while !rest.is_empty() {
            let end = rest.find(|c: char| c.is_ascii() && !c.is_ascii_alphanumeric()).unwrap_or(rest.len());
            // A separator: ASCII, one byte.
            let (word, tail) = rest.split_at(end.max(1));
            match (end > 0 && !word.is_ascii()).then(|| repair_word(word)).flatten() {
                Some(fixed) => {
                    out.push_str(&fixed);
                    repaired += 1;
                }
                None => out.push_str(word),
            }
            rest = tail;
        }
        note.repaired_words += repaired;
        note.repaired_lines += usize::from(repaired > 0);
    }
    out
}

#[cfg(test)]
mod tests;
