//! A planned lazy read of a large CSV ([`Scan`]): what Polars needs to read the file whole
//! or a block of its rows (the schema, the null markers, the expressions that make the
//! dataset's columns), and what finding a bad cell again needs. Made by `scan`, read whole
//! there and in blocks by `batch`: both use it, neither through the other.
//! May use: spec, polars, tempfile.

use super::census::Census;
use super::read;
use super::LINE;
use crate::spec::dataset::{ColumnType, Read};
use polars::prelude::*;
use std::path::PathBuf;

/// A lazy read planned by `scan`: how Polars reads the file, and what finding its bad cells
/// again needs.
pub struct Scan {
    /// The CSV shown in messages (the user's file).
    pub path: PathBuf,
    /// The UTF-8 file Polars reads (the user's file, or a transcoded copy).
    pub utf8: PathBuf,
    /// Keeps a transcoded copy alive as long as a query may read it.
    pub(super) _temp: Option<tempfile::TempPath>,
    pub header: Vec<String>,
    pub delimiter: u8,
    pub header_line: usize,
    /// Numeric columns (file name), their type, and whether `[columns]` declares it.
    pub numeric: Vec<(String, ColumnType, bool)>,
    pub read: Read,
    /// How Polars reads it: the types on disk, the null markers, and the expressions
    /// that turn the columns read into the dataset's (renames, months, provenance).
    pub(super) schema: SchemaRef,
    pub(super) nulls: Vec<String>,
    pub(super) exprs: Vec<Expr>,
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
