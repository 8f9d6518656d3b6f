//! The fast path for large files: Polars' own CSV reader, lazily, so a chart's query reads
//! only the columns it needs and streams the rows in bounded memory.
//!
//! Steps: read the first lines through the exact path (`read`) to learn the delimiter, the
//! header and the column types → transcode to a temporary UTF-8 file when the bytes are not
//! clean UTF-8 with `\n` endings → a `LazyCsvReader` with that schema, text cells trimmed,
//! numbers parsed, provenance columns added. Nothing is read until a query is collected. A
//! cell Polars cannot parse is then found again by [`locate`], with its line and column.
//! May use: spec, polars.

use super::census::{self, Census};
use super::read::{self, Records};
use super::typed::{infer, parse_number};
use super::{LINE, NOTE, QUALIFIER, SOURCE};
use crate::format::Qualifier;
use crate::spec::dataset::{ColumnType, Encoding, Read};
use crate::spec::{Dataset, Diagnostic, File, Location, Sources};
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

/// What a lazy scan needs to find its bad cells again.
pub struct Scan {
    /// The CSV shown in messages (the user's file).
    pub path: PathBuf,
    /// The UTF-8 file Polars reads (the user's file, or a transcoded copy).
    pub utf8: PathBuf,
    /// Keeps a transcoded copy alive as long as a query may read it.
    _temp: Option<tempfile::TempPath>,
    pub header: Vec<String>,
    pub delimiter: u8,
    pub header_line: usize,
    /// Numeric columns (file name), their type, and whether `[columns]` declares it.
    pub numeric: Vec<(String, ColumnType, bool)>,
    pub read: Read,
    /// How Polars reads it: the types on disk, the null markers, and the expressions
    /// that turn the columns read into the dataset's (renames, months, provenance).
    schema: SchemaRef,
    nulls: Vec<String>,
    exprs: Vec<Expr>,
    /// Bytes per block when read in blocks (`batch`); small in tests.
    pub block: usize,
    /// How every line of the file was taken.
    pub census: Census,
    /// What decoding repaired.
    pub decoding: read::Decoding,
}

impl Scan {
    /// The dataset's rows from `source`: the UTF-8 file itself (`skip_lines` lines before
    /// the header), or a block of its rows (without the header). Rows are numbered from
    /// `first_line`, the line of the first row.
    pub fn frame(
        &self,
        source: ScanSources,
        skip_lines: usize,
        first_line: usize,
        header: bool,
    ) -> PolarsResult<LazyFrame> {
        let reader = LazyCsvReader::new_with_sources(source)
            .with_separator(self.delimiter)
            .with_has_header(header)
            .with_skip_lines(skip_lines)
            .with_schema(Some(self.schema.clone()))
            .with_null_values(Some(NullValues::AllColumns(
                self.nulls.iter().map(|n| n.as_str().into()).collect(),
            )))
            .with_missing_is_null(true)
            .with_decimal_comma(self.read.decimal.as_deref() == Some(","))
            // Lines as in the file when no row spans two lines and no line is blank.
            .with_row_index(Some(RowIndex { name: LINE.into(), offset: first_line as IdxSize }));
        Ok(reader.finish()?.select(self.exprs.clone()))
    }

    /// The query over the whole file.
    pub fn whole(&self) -> PolarsResult<LazyFrame> {
        let path = ScanSources::Paths(vec![PlRefPath::new(&*self.utf8.to_string_lossy())].into());
        self.frame(path, self.header_line - 1, self.header_line + 1, true)
    }
}

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
            .all(|t| super::retype::date(t, c.get_ref().date_format.as_deref()).is_ok_and(|iso| iso == t))
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
        (false, None) => {
            return Err(vec![Diagnostic::error(Location::file(path), "rows have no source")
                .hint("add a `source` column to the CSV, or `source = \"id\"` to the sidecar, naming an entry of data/sources.toml")])
        }
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

/// Month names → 1–12 as `read::month_number` reads them (in lower, Title and UPPER case;
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
        let m = read::month_number(name).expect("a month") as i64;
        let title: String = name[..1].to_uppercase() + &name[1..];
        for variant in [name.to_string(), title.clone(), name.to_uppercase(), format!("{title}.")] {
            out = when(e.clone().eq(lit(variant))).then(lit(m)).otherwise(out);
        }
    }
    out
}

/// Checks what the fast path can check only by reading the column: sources, qualifiers and
/// the constraints of `[columns]`. Reads just the columns concerned, and only when there are
/// some.
pub fn check(s: &Scanned, sidecar: &File<Dataset>, sources: &Sources) -> Result<(), Vec<Diagnostic>> {
    let spec = &sidecar.spec;
    let mut diags = Vec::new();
    let at = |line: Option<i64>, name: &str| locate_cell(&s.scan, line.unwrap_or(0) as usize, name);
    // Each query runs block by block (`batch::each`): the file is never mapped whole.
    let first_line_of = |name: &'static str| {
        move |lf: LazyFrame| {
            lf.select([col(name), col(LINE)])
                .group_by([col(name)])
                .agg([col(LINE).min()])
                .sort([LINE], SortMultipleOptions::default())
        }
    };
    if s.scan.header.iter().any(|h| h == SOURCE) {
        let q = first_line_of(SOURCE);
        let df = super::batch::each(&s.scan, &q, &q).map_err(|e| query_error(&s.scan, e))?;
        let ids = df.column(SOURCE).and_then(|c| c.str().cloned()).map_err(|e| query_error(&s.scan, e))?;
        let lines = df.column(LINE).and_then(|c| c.i64().cloned()).map_err(|e| query_error(&s.scan, e))?;
        for (cell, line) in ids.iter().zip(lines.iter()) {
            let Some(cell) = cell else {
                diags.push(Diagnostic::error(at(line, SOURCE), "row has no source").hint(
                    "every value must trace to an entry of data/sources.toml: fill the `source` cell, or set `source = \"id\"` in the sidecar",
                ));
                continue;
            };
            for id in cell.split(';').map(str::trim).filter(|i| !i.is_empty()) {
                if !sources.contains_key(id) {
                    diags.push(crate::spec::unknown_name(at(line, SOURCE), "source", id, sources.keys()));
                }
            }
        }
    }
    if s.scan.header.iter().any(|h| h == QUALIFIER) {
        let q = first_line_of(QUALIFIER);
        let df = super::batch::each(&s.scan, &q, &q).map_err(|e| query_error(&s.scan, e))?;
        let q = df.column(QUALIFIER).and_then(|c| c.str().cloned()).map_err(|e| query_error(&s.scan, e))?;
        let lines = df.column(LINE).and_then(|c| c.i64().cloned()).map_err(|e| query_error(&s.scan, e))?;
        for (v, line) in q.iter().zip(lines.iter()) {
            if let Some(v) = v.filter(|v| Qualifier::parse(v).is_none()) {
                diags.push(
                    Diagnostic::error(at(line, QUALIFIER), format!("unknown qualifier `{v}`"))
                        .hint(format!("use one of: {}", Qualifier::NAMES.join(", "))),
                );
            }
        }
    }
    for name in &spec.read.months {
        let out =
            spec.columns.get(name).and_then(|c| c.get_ref().rename.clone()).unwrap_or_else(|| name.clone());
        let q = |lf: LazyFrame| {
            lf.select([col(out.as_str()), col(LINE)]).filter(col(out.as_str()).eq(lit(NOT_A_MONTH))).limit(5)
        };
        let df = super::batch::each(&s.scan, &q, &q).map_err(|e| query_error(&s.scan, e))?;
        let lines = df.column(LINE).and_then(|c| c.i64().cloned()).map_err(|e| query_error(&s.scan, e))?;
        for line in lines.iter() {
            let at = at(line, name);
            let cell = at.snippet.as_deref().and_then(|t| {
                let i = s.scan.header.iter().position(|h| h == name)?;
                let mut r = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .delimiter(s.scan.delimiter)
                    .from_reader(t.as_bytes());
                r.records().next()?.ok()?.get(i).map(|c| c.trim().to_string())
            });
            diags.push(
                Diagnostic::error(at, format!("`{}` is not a month name", cell.unwrap_or_default()))
                    .hint("write Enero … Diciembre (or ene … dic, January … December), or remove the column from `months`"),
            );
        }
    }
    // Dates: every distinct cell (a date column has few) parsed as the exact path does.
    for (name, c) in
        spec.columns.iter().filter(|(n, c)| c.get_ref().kind == ColumnType::Date && s.scan.header.contains(n))
    {
        let c = c.get_ref();
        let out = c.rename.clone().unwrap_or_else(|| name.clone());
        let q = |lf: LazyFrame| {
            lf.select([col(out.as_str()), col(LINE)])
                .group_by([col(out.as_str())])
                .agg([col(LINE).min()])
                .sort([LINE], SortMultipleOptions::default())
        };
        let df = super::batch::each(&s.scan, &q, &q).map_err(|e| query_error(&s.scan, e))?;
        let cells = df.column(&out).and_then(|c| c.str().cloned()).map_err(|e| query_error(&s.scan, e))?;
        let lines = df.column(LINE).and_then(|c| c.i64().cloned()).map_err(|e| query_error(&s.scan, e))?;
        let mut bad = 0;
        for (cell, line) in cells.iter().zip(lines.iter()) {
            let Some(cell) = cell else { continue };
            let problem = match super::retype::date(cell, c.date_format.as_deref()) {
                Err(why) => Some((format!("`{}` in column `{name}` is not a date ({why})", cell.trim()), super::retype::DATE_HINT.to_string())),
                // The fast path keeps cells as they are: only ISO dates are kept right.
                Ok(iso) if iso != cell => Some((
                    format!("`{}` in column `{name}` is written unlike the dates in the file's first lines (2019-03-01)", cell.trim()),
                    "set fast = false under [read]: the exact reader converts every spelling of a date".to_string(),
                )),
                Ok(_) => None,
            };
            if let Some((message, hint)) = problem {
                bad += 1;
                if bad <= super::typed::MAX_ERRORS_PER_COLUMN {
                    diags.push(Diagnostic::error(at(line, name), message).hint(hint));
                }
            }
        }
    }
    for (name, c) in &spec.columns {
        let c = c.get_ref();
        let out = c.rename.clone().unwrap_or_else(|| name.clone());
        let v = || col(out.as_str());
        let mut bad: Vec<(Expr, String)> = Vec::new();
        if let Some(min) = c.min {
            bad.push((v().lt(lit(min)), format!("below its minimum {min}")));
        }
        if let Some(max) = c.max {
            bad.push((v().gt(lit(max)), format!("above its maximum {max}")));
        }
        if let Some(allowed) = &c.one_of {
            let mut any = lit(false);
            for a in allowed {
                any = any.or(v().eq(lit(a.clone())));
            }
            bad.push((v().is_not_null().and(any.not()), "not allowed (see `one_of`)".into()));
        }
        if c.unique {
            // Counted per block, then added up: a value may repeat across blocks.
            let count = |lf: LazyFrame| {
                lf.group_by([v()]).agg([len().cast(DataType::Int64).alias("__n"), col(LINE).min()])
            };
            let repeated = |lf: LazyFrame| {
                lf.group_by([v()])
                    .agg([col("__n").sum(), col(LINE).min()])
                    .filter(v().is_not_null().and(col("__n").gt(lit(1i64))))
                    .sort([LINE], SortMultipleOptions::default())
                    .limit(5)
            };
            let df = super::batch::each(&s.scan, &count, &repeated).map_err(|e| query_error(&s.scan, e))?;
            let lines =
                df.column(LINE).and_then(|c| c.i64().cloned()).map_err(|e| query_error(&s.scan, e))?;
            for line in lines.iter() {
                diags.push(
                    Diagnostic::error(at(line, name), format!("a value of column `{name}` appears twice"))
                        .hint("the sidecar says this column is unique: remove or merge the duplicate row"),
                );
            }
        }
        for (pred, why) in bad {
            let q = |lf: LazyFrame| lf.select([v(), col(LINE)]).filter(pred.clone()).limit(5);
            let df = super::batch::each(&s.scan, &q, &q).map_err(|e| query_error(&s.scan, e))?;
            let lines =
                df.column(LINE).and_then(|c| c.i64().cloned()).map_err(|e| query_error(&s.scan, e))?;
            let vals = df.column(&out).cloned().map_err(|e| query_error(&s.scan, e))?;
            for (i, line) in lines.iter().enumerate() {
                let shown = vals.get(i).map(|v| v.to_string()).unwrap_or_default();
                diags.push(
                    Diagnostic::error(at(line, name), format!("{shown} in column `{name}` is {why}"))
                        .hint("the sidecar constrains this column: correct the value, or the constraint if the value is right"),
                );
            }
        }
    }
    if diags.is_empty() {
        Ok(())
    } else {
        Err(diags)
    }
}

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
            if read::month_number(cell).is_some() && scan.read.months.contains(name) {
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
fn locate_cell(scan: &Scan, line: usize, name: &str) -> Location {
    let field = scan.header.iter().position(|h| h == name).unwrap_or(0);
    let text = line_text(&scan.utf8, line).unwrap_or_default();
    let column = read::field_column(&text, field, scan.delimiter);
    Location::at_line(&scan.path, line, column).with_snippet(&text)
}

/// Line `n` (1-based) of a UTF-8 file, read as a stream.
fn line_text(path: &Path, n: usize) -> Option<String> {
    use std::io::BufRead;
    let f = std::fs::File::open(path).ok()?;
    let line = std::io::BufReader::new(f).lines().nth(n.checked_sub(1)?)?.ok()?;
    Some(line.trim_end_matches('\r').to_string())
}
