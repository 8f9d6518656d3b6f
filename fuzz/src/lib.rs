//! cifras' spec room, number formatter and CSV reader, compiled from `../src` as they are,
//! for fuzzing without Polars.

#[path = "../../src/format.rs"]
pub mod format;
#[path = "../../src/data/read.rs"]
pub mod read;
#[path = "../../src/spec/mod.rs"]
pub mod spec;

pub mod data {
    pub use super::read;
}
