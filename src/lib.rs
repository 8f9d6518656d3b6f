//! cifras turns cited figures into publication charts and tables.
//!
//! Data flows one way through the rooms (see ARCHITECTURE.md):
//! `spec` (the user's files) → `data` (CSV → Polars → plain columns with provenance)
//! → `chart` (the model, in panel units) → `layout` (points, text measured with the
//! embedded font) → `render` (SVG, PNG, PDF); `table` exports summary tables (CSV,
//! Markdown, LaTeX, HTML, XLSX). `format` formats numbers for all of them;
//! `build` runs the whole; `cli` is the only room that prints. `base` (diagnostics, one
//! markup escaper) sits below them all.

pub mod base;
pub mod build;
pub mod chart;
pub mod cli;
pub mod data;
pub mod format;
pub mod layout;
pub mod render;
pub mod spec;
pub mod table;
