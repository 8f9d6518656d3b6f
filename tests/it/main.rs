//! Integration tests, one binary so Polars is linked once. Fixture projects live in
//! `tests/fixtures/`; tests copy them to a temporary folder before changing anything.

mod common;

mod bad_input;
mod build;
mod cache;
mod catalogue;
mod checks;
mod confine;
mod crash;
mod encodings;
mod extremes;
mod fuzz_corpus;
mod gallery;
mod grammar;
mod headers;
mod i18n;
mod kinds;
mod messy;
mod model;
mod per_chart;
mod readme;
mod realdata;
mod reference;
mod report;
mod rooms;
mod rows;
mod sheets;
mod tables;
mod types;
mod watch;
mod xlsx;
