//! Where Polars stops: a frame becomes plain Rust columns plus per-row provenance.
//! May use: spec, format, polars.

use super::stats::COLUMN_QUALIFIER;
use super::{LINE, NOTE, QUALIFIER, SOURCE};
use crate::format::Qualifier;
use crate::spec::dataset::ColumnType;
use polars::prelude::*;
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Clone, Debug, PartialEq)]
pub enum Values {
    Text(Vec<Option<String>>),
    Number(Vec<Option<f64>>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub name: String,
    pub kind: ColumnType,
    pub unit: Option<String>,
    pub values: Values,
    /// A computed column's own qualifiers (a share of approximate figures is approximate
    /// even where the row's figure is exact); empty: the rows' qualifiers apply.
    pub qualifiers: Vec<Qualifier>,
}

impl Column {
    /// Its numbers are years (declared `type = "year"`, or named so): never grouped.
    pub fn is_year(&self) -> bool {
        self.kind == ColumnType::Year || crate::format::is_year_name(&self.name)
    }
}

/// Source ids of a row, shared by the rows that cite the same ones.
pub type Sources = std::sync::Arc<[String]>;

/// Where one row came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Provenance {
    pub sources: Sources,
    pub qualifier: Qualifier,
    pub note: Option<String>,
    /// Line of the row in its CSV (0 when the row was computed).
    pub line: usize,
}

/// The rows a chart or table may use: user columns in file order, provenance per row.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub dataset: String,
    pub path: PathBuf,
    pub columns: Vec<Column>,
    pub rows: Vec<Provenance>,
}

impl Table {
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Source ids of `rows`, each once, in data order (sorting a chart must not reorder them).
    pub fn cited(&self, rows: &[usize]) -> Vec<String> {
        let sorted;
        let rows = if rows.is_sorted() {
            rows
        } else {
            sorted = {
                let mut r = rows.to_vec();
                r.sort_unstable();
                r
            };
            &sorted
        };
        let mut ids: Vec<String> = Vec::new();
        // Membership by set: a search of `ids` per row would be quadratic in the sources.
        let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
        let mut previous: Option<&Sources> = None;
        for &r in rows {
            // Rows citing the very same list (shared when loaded) add nothing new.
            let sources = &self.rows[r].sources;
            if previous.is_some_and(|p| std::sync::Arc::ptr_eq(p, sources)) {
                continue;
            }
            previous = Some(sources);
            for id in sources.iter() {
                if seen.insert(id) {
                    ids.push(id.clone());
                }
            }
        }
        ids
    }

    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    pub fn names(&self) -> impl Iterator<Item = &String> + Clone {
        self.columns.iter().map(|c| &c.name)
    }

    /// A cell as text, whatever the column's type (numbers plainly, as in the CSV).
    pub fn text(&self, column: &str, row: usize) -> Option<String> {
        match &self.column(column)?.values {
            Values::Text(v) => v[row].clone(),
            Values::Number(v) => v[row].map(crate::format::plain),
        }
    }

    /// The qualifier of one cell: its column's own when computed, else its row's.
    pub fn qualifier(&self, column: &str, row: usize) -> Qualifier {
        match self.column(column) {
            Some(c) if !c.qualifiers.is_empty() => c.qualifiers[row],
            _ => self.rows[row].qualifier,
        }
    }

    pub fn number(&self, column: &str, row: usize) -> Option<f64> {
        match &self.column(column)?.values {
            Values::Number(v) => v[row],
            Values::Text(_) => None,
        }
    }
}

pub fn from_frame(
    dataset: &str,
    path: PathBuf,
    df: &DataFrame,
    kinds: &BTreeMap<String, (ColumnType, Option<String>)>,
) -> PolarsResult<Table> {
    let n = df.height();
    let mut columns = Vec::new();
    for c in df.columns() {
        let name = c.name().to_string();
        if [SOURCE, QUALIFIER, NOTE, LINE].contains(&name.as_str()) || name.starts_with("__") {
            continue;
        }
        // Columns made by transforms (fold, aggregate, …) take their kind from their values.
        let by_dtype = match c.dtype() {
            d if d.is_integer() => ColumnType::Integer,
            d if d.is_float() => ColumnType::Float,
            _ => ColumnType::String,
        };
        let (kind, unit) = match kinds.get(&name) {
            Some((k, u)) if k.is_numeric() == by_dtype.is_numeric() => (*k, u.clone()),
            Some((_, u)) => (by_dtype, u.clone()),
            None => (by_dtype, None),
        };
        let values = match c.dtype() {
            DataType::Int64 => Values::Number(c.i64()?.iter().map(|v| v.map(|x| x as f64)).collect()),
            DataType::Float64 => Values::Number(c.f64()?.iter().collect()),
            d if d.is_primitive_numeric() => {
                let f = c.cast(&DataType::Float64)?;
                Values::Number(f.f64()?.iter().collect())
            }
            DataType::String => Values::Text(c.str()?.iter().map(|v| v.map(str::to_string)).collect()),
            _ => {
                let s = c.cast(&DataType::String)?;
                Values::Text(s.str()?.iter().map(|v| v.map(str::to_string)).collect())
            }
        };
        let own = format!("{COLUMN_QUALIFIER}{name}");
        let qualifiers = match df.column(&own) {
            Ok(q) => q.str()?.iter().map(|q| q.and_then(Qualifier::parse).unwrap_or_default()).collect(),
            Err(_) => Vec::new(),
        };
        // A computed column has no declared type: numbers read as floats.
        let kind = match (&values, kinds.contains_key(&name)) {
            (Values::Number(_), false) if c.dtype() == &DataType::Int64 => ColumnType::Integer,
            (Values::Number(_), false) => ColumnType::Float,
            _ => kind,
        };
        columns.push(Column { name, kind, unit, values, qualifiers });
    }
    let source_column = df.column(SOURCE)?;
    let listed;
    let sources: Box<dyn Iterator<Item = Option<&str>>> = match source_column.dtype() {
        DataType::List(_) => {
            listed = texts(source_column, ";")?;
            Box::new(listed.iter().map(|s| s.as_deref()))
        }
        _ => Box::new(source_column.str()?.iter()),
    };
    let quals = df.column(QUALIFIER)?.str()?;
    // Most datasets have no notes: a million of nothing need not be copied.
    let note_column = df.column(NOTE)?;
    let notes = if note_column.null_count() == n { None } else { Some(texts(note_column, "; ")?) };
    let lines = df.column(LINE)?.i64()?;
    // Rows mostly repeat their neighbour's source and qualifier (a million rows of one
    // dataset cite one source): parse each run once and share the list.
    let mut last_sources: Option<(&str, Sources)> = None;
    let mut last_qualifier: Option<(&str, Qualifier)> = None;
    let mut rows = Vec::with_capacity(n);
    for (((i, s), q), line) in sources.enumerate().zip(quals.iter()).zip(lines.iter()) {
        let s = s.unwrap_or("");
        let ids = match &last_sources {
            Some((last, ids)) if *last == s => ids.clone(),
            _ => {
                let ids: Sources =
                    s.split(';').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect();
                last_sources = Some((s, ids.clone()));
                ids
            }
        };
        let q = q.unwrap_or("");
        let qualifier = match last_qualifier {
            Some((last, parsed)) if last == q => parsed,
            _ => {
                let parsed = Qualifier::parse(q).unwrap_or_default();
                last_qualifier = Some((q, parsed));
                parsed
            }
        };
        rows.push(Provenance {
            sources: ids,
            qualifier,
            note: notes.as_ref().and_then(|notes| notes[i].clone()).filter(|n| !n.is_empty()),
            line: line.map_or(0, |l| l as usize),
        });
    }
    Ok(Table { dataset: dataset.to_string(), path, columns, rows })
}

/// A provenance column as text: plain, or (rows combined by a transform) a list of the
/// combined rows' values, joined with `sep`.
fn texts(c: &polars::prelude::Column, sep: &str) -> PolarsResult<Vec<Option<String>>> {
    if let DataType::List(_) = c.dtype() {
        let lists = c.list()?;
        return (0..lists.len())
            .map(|i| lists.get_as_series(i))
            .map(|l| {
                let Some(l) = l else { return Ok(None) };
                let parts: Vec<String> = l.str()?.iter().flatten().map(str::to_string).collect();
                Ok((!parts.is_empty()).then(|| parts.join(sep)))
            })
            .collect();
    }
    Ok(c.str()?.iter().map(|v| v.map(str::to_string)).collect())
}
