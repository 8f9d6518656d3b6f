//! The fast path for large files: Polars' own CSV reader, lazily, so a chart's query reads
//! only the columns it needs and streams the rows in bounded memory.
//!
//! Steps: read the first lines through the exact path (`read`) to learn the delimiter, the
//! header and the column types → transcode to a temporary UTF-8 file when the bytes are not
//! clean UTF-8 with `\n` endings → a `LazyCsvReader` with that schema, text cells trimmed,
//! numbers parsed, provenance columns added (the plan is a [`Scan`], of `lazy`). Nothing is
//! read until a query is collected. What only the rows can tell is checked by [`check`];
//! a cell Polars cannot parse is then found again by [`locate`], with its line and column.
//! May use: spec, format, polars, tempfile.

mod check;
mod locate;
#[cfg(test)]
mod tests;

pub use super::lazy::Scan;
pub use check::check;
pub use locate::locate;

use super::census::{self, Census};
use super::read::{self, Records};
use super::typed::infer;
use super::{provenance, LINE, NOTE, QUALIFIER, SOURCE};
use crate::format::Qualifier;
use crate::spec::dataset::{ColumnType, Encoding, Read};
use crate::spec::{Dataset, Diagnostic, File, Location};
use polars::prelude::*;
use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Files above this size take the fast path unless `[read] fast = false`.
pub const FAST_BYTES: u64 = 8 << 20;
/// How much of the file's start is read exactly, for the header and the types.
const HEAD_BYTES: usize = 1 << 20;

pub fn wanted(path: &Path, read: &Read) -> bool {
    !crate::spec::is_spreadsheet(path)
        && read.fast.unwrap_or_else(|| std::fs::metadata(path).is_ok_and(|m| m.len() > FAST_BYTES))
}

/// A planned scan, with what reading its start found: column types, warnings.
pub struct Scanned {
    pub lf: LazyFrame,
    pub warnings: Vec<Diagnostic>,
    pub kinds: BTreeMap<String, (ColumnType, Option<String>)>,
    pub scan: Arc<Scan>,
}

/// The first `HEAD_BYTES` of `path`, cut at the last whole line.
fn head(path: &Path) -> std::io::Result<(Vec<u8>, bool)> {
    let mut f = std::fs::File::open(path)?;
    let mut buf = Vec::with_capacity(HEAD_BYTES);
    (&mut f).take(HEAD_BYTES as u64).read_to_end(&mut buf)?;
    let whole = buf.len() < HEAD_BYTES;
    if !whole {
        if let Some(i) = buf.iter().rposition(|b| *b == b'\n' || *b == b'\r') {
            buf.truncate(i + 1);
        }
    }
    Ok((buf, whole))
}

fn io_error(path: &Path, e: std::io::Error) -> Vec<Diagnostic> {
    vec![Diagnostic::error(Location::file(path), format!("cannot read data file ({e})"))
        .hint("check the `file` key of the sidecar, or add the CSV under data/")]
}

/// Plans a lazy read of `path` for `sidecar`; `None` when the file needs what only the exact
/// path does (thousands separators, cells padded with spaces), which then reads it.
pub fn scan(path: &Path, sidecar: &File<Dataset>) -> Result<Option<Scanned>, Vec<Diagnostic>> {
    let spec = &sidecar.spec;
    let read = &spec.read;
    let (bytes, whole) = head(path).map_err(|e| io_error(path, e))?;
    let encoding = read.encoding.unwrap_or(Encoding::Utf8);
    let (head_text, mut decoding) = read::decode(path, &bytes, encoding).map_err(|d| vec![d])?;
    // Clean: UTF-8 as it is on disk, newlines `\n` or `\r\n` (Polars reads both), no footer.
    let bom = bytes.starts_with(b"\xEF\xBB\xBF");
    let raw = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes)).ok();
    let mut same_text = raw.is_some_and(|r| r.replace("\r\n", "\n") == head_text);
    // Under any encoding but strict UTF-8 a clean start says nothing of the rest (a stray
    // byte or a mangled name may come on any line): the whole file is decoded, and read
    // from disk only if that changed nothing.
    let mut decoded = None;
    if same_text && !whole && encoding != Encoding::Utf8 {
        let all = std::fs::read(path).map_err(|e| io_error(path, e))?;
        let (text, note) = read::decode(path, &all, encoding).map_err(|d| vec![d])?;
        same_text = !note.changed;
        decoding = note;
        decoded = Some(text).filter(|_| !same_text);
    }
    let mut rec = match read::split(path, head_text, read, whole) {
        Ok(r) => r,
        // The first megabyte holds no whole row (a 10 MB line, say): the exact path reads it all.
        Err(_) if !whole => return Ok(None),
        Err(d) => return Err(vec![d]),
    };
    read::prepare(path, &mut rec, read, &sidecar.whole())?;
    let thousands = read.thousands.as_deref().is_some_and(|t| !t.is_empty());
    let decimal = read.decimal.as_deref().is_some_and(|d| d != "." && d != ",");
    let padded = rec.rows.iter().flatten().any(|c| c.trim().len() != c.len());
    if thousands || decimal || padded {
        return Ok(None);
    }
    // Every line of the whole file accounted for before Polars reads any: a row of the
    // wrong width is an error here as on the exact path, never a row Polars pads or cuts.
    let skip = rec.census.header_line.saturating_sub(1);
    let on_disk = if same_text {
        Some(census::of_file(path, rec.delimiter, skip).map_err(|e| io_error(path, e))?)
            .filter(|c| !c.bare_cr)
    } else {
        None
    };
    let (utf8, temp, census) = match on_disk {
        Some(c) if !bom && c.blank_after == 0 && c.footer == 0 => {
            shape_ok(path, &c, rec.delimiter)?;
            (path.to_path_buf(), None, c)
        }
        _ => {
            // Decode once into a temporary UTF-8 copy of the rows (Polars reads UTF-8 only).
            let mut text = match decoded {
                Some(text) => text,
                None if whole => rec.text.clone(),
                None => {
                    let all = std::fs::read(path).map_err(|e| io_error(path, e))?;
                    let (text, note) = read::decode(path, &all, encoding).map_err(|d| vec![d])?;
                    decoding = note;
                    text
                }
            };
            let c = census::of_text(&text, rec.delimiter, skip);
            shape_ok(path, &c, rec.delimiter)?;
            if c.spanning || c.blank_inside > 0 {
                return Ok(None);
            }
            text.truncate(c.rows_end);
            let mut tmp = tempfile::Builder::new()
                .prefix("cifras-")
                .suffix(".csv")
                .tempfile()
                .map_err(|e| io_error(path, e))?;
            std::io::Write::write_all(&mut tmp, text.as_bytes()).map_err(|e| io_error(path, e))?;
            let tp = tmp.into_temp_path();
            (tp.to_path_buf(), Some(tp), c)
        }
    };
    // Polars numbers rows by their order: right only while each row is one line and no
    // blank line sits between rows. Otherwise the exact path reads the file.
    // Rows that leave out the header's unnamed end cells, or such cells dropped: Polars
    // would read them by the file's width.
    if census.spanning || census.blank_inside > 0 || census.narrow > 0 || rec.census.dropped_columns > 0 {
        return Ok(None);
    }
    // Dates written other than ISO are converted cell by cell: the exact path does that.
    if !dates_are_iso(&rec, sidecar) {
        return Ok(None);
    }
    rec.decoding = decoding;
    build(path, utf8, temp, rec, census, sidecar).map(Some)
}

/// Whether every declared date column holds ISO dates in the rows read so far.
fn dates_are_iso(rec: &Records, sidecar: &File<Dataset>) -> bool {
    sidecar.spec.columns.iter().filter(|(_, c)| c.get_ref().kind == ColumnType::Date).all(|(name, c)| {
        let Some(i) = rec.header.iter().position(|h| h == name) else { return true };
        rec.rows
            .iter()
            .map(|r| r[i].trim())
            .filter(|t| !t.is_empty())
            .all(|t| super::date::date(t, c.get_ref().date_format.as_deref()).is_ok_and(|iso| iso == t))
    })
}

fn shape_ok(path: &Path, c: &Census, delimiter: u8) -> Result<(), Vec<Diagnostic>> {
    match read::shape_error(path, c, delimiter) {
        Some(d) => Err(vec![d]),
        None => Ok(()),
    }
}

fn kind_dtype(kind: ColumnType) -> DataType {
    match kind {
        ColumnType::Integer | ColumnType::Year => DataType::Int64,
        ColumnType::Float => DataType::Float64,
        _ => DataType::String,
    }
}

fn build(
    path: &Path,
    utf8: PathBuf,
    temp: Option<tempfile::TempPath>,
    rec: Records,
    census: Census,
    sidecar: &File<Dataset>,
) -> Result<Scanned, Vec<Diagnostic>> {
    let spec = &sidecar.spec;
    let read = &spec.read;
    // Declared columns the CSV lacks are a transform's: `retype` applies them after it.
    let nulls: Vec<String> = read.null_values.clone().unwrap_or_else(|| vec![String::new()]);
    let is_null = |s: &str| {
        nulls.iter().any(|n| n == s.trim()) || (nulls.contains(&String::new()) && s.trim().is_empty())
    };
    let mut fields = Vec::new();
    let mut exprs = Vec::new();
    let mut kinds = BTreeMap::new();
    let mut numeric = Vec::new();
    let months: Vec<&String> = read.months.iter().collect();
    for (i, name) in rec.header.iter().enumerate() {
        if [SOURCE, QUALIFIER, NOTE].contains(&name.as_str()) {
            fields.push(Field::new(name.as_str().into(), DataType::String));
            continue;
        }
        let declared = spec.columns.get(name).map(|c| c.get_ref());
        let kind = declared.map(|c| c.kind).unwrap_or_else(|| {
            let cells: Vec<&str> = rec.rows.iter().map(|r| r[i].as_str()).collect();
            infer(&cells, read, &is_null)
        });
        let out = declared.and_then(|c| c.rename.clone()).unwrap_or_else(|| name.clone());
        // Month names and carried-forward blanks are text on disk, whatever they become.
        let on_disk = if months.contains(&name) { DataType::String } else { kind_dtype(kind) };
        fields.push(Field::new(name.as_str().into(), on_disk.clone()));
        let mut e = col(name.as_str());
        if read.fill_down.contains(name) {
            e = e.fill_null_with_strategy(FillNullStrategy::Forward(None));
        }
        if months.contains(&name) {
            e = month_expr(e);
        }
        if kind.is_numeric() {
            numeric.push((name.clone(), kind, declared.is_some()));
        }
        exprs.push(e.alias(out.as_str()));
        kinds.insert(out, (kind, declared.and_then(|d| d.unit.clone())));
    }
    let has = |n: &str| rec.header.iter().any(|h| h == n);
    exprs.push(match (has(SOURCE), &spec.source) {
        (true, Some(s)) => col(SOURCE).fill_null(lit(s.get_ref().clone())),
        (true, None) => col(SOURCE),
        (false, Some(s)) => lit(s.get_ref().clone()).alias(SOURCE),
        (false, None) => return Err(vec![provenance::no_sources(path)]),
    });
    exprs.push(if has(QUALIFIER) {
        col(QUALIFIER).fill_null(lit(Qualifier::Exact.as_str()))
    } else {
        lit(Qualifier::Exact.as_str()).alias(QUALIFIER)
    });
    exprs.push(if has(NOTE) { col(NOTE) } else { lit(NULL).cast(DataType::String).alias(NOTE) });
    exprs.push(col(LINE).cast(DataType::Int64));

    let schema: Schema = fields.into_iter().collect();
    let warnings = rec.warnings.clone();
    let scan = Scan {
        path: path.to_path_buf(),
        utf8,
        _temp: temp,
        header: rec.header.clone(),
        delimiter: rec.delimiter,
        header_line: rec.header_line,
        numeric,
        read: read.clone(),
        schema: Arc::new(schema),
        nulls,
        exprs,
        block: super::batch::BLOCK,
        census,
        decoding: rec.decoding.clone(),
    };
    let lf = scan
        .whole()
        .map_err(|e| vec![Diagnostic::error(Location::file(path), format!("cannot read CSV ({e})"))])?;
    Ok(Scanned { lf, kinds, scan: Arc::new(scan), warnings })
}

/// What a month column holds for a cell that is no month name (found by `check`).
const NOT_A_MONTH: i64 = -1;

/// Month names → 1–12 as `date::month_number` reads them (in lower, Title and UPPER case;
/// Polars' string functions are not compiled in).
fn month_expr(e: Expr) -> Expr {
    // Any other word becomes NOT_A_MONTH, which `check` reports with its line.
    let mut out = when(e.clone().is_null()).then(lit(NULL).cast(DataType::Int64)).otherwise(lit(NOT_A_MONTH));
    for name in [
        "enero",
        "ene",
        "january",
        "jan",
        "febrero",
        "feb",
        "february",
        "marzo",
        "mar",
        "march",
        "abril",
        "abr",
        "april",
        "apr",
        "mayo",
        "may",
        "junio",
        "jun",
        "june",
        "julio",
        "jul",
        "july",
        "agosto",
        "ago",
        "august",
        "aug",
        "septiembre",
        "setiembre",
        "sep",
        "sept",
        "september",
        "octubre",
        "oct",
        "october",
        "noviembre",
        "nov",
        "november",
        "diciembre",
        "dic",
        "december",
        "dec",
    ] {
        let m = super::date::month_number(name).expect("a month") as i64;
        let title: String = name[..1].to_uppercase() + &name[1..];
        for variant in [name.to_string(), title.clone(), name.to_uppercase(), format!("{title}.")] {
            out = when(e.clone().eq(lit(variant))).then(lit(m)).otherwise(out);
        }
    }
    out
}
