//! Integration tests, one binary so Polars is linked once. Fixture projects live in
//! `tests/fixtures/`; tests copy them to a temporary folder before changing anything.

mod common;

mod bad_input;
mod build;
mod messy;
mod model;
mod realdata;
mod report;
