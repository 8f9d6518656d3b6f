//! The bottom room: small pieces every room may use — diagnostics (file, line, column,
//! message, hint) and one markup escaper. May use: std only.

pub mod diag;
pub mod escape;

pub use diag::{Diagnostic, Location, Severity};
