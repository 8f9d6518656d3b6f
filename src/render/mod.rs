//! Exporters: a laid-out scene becomes SVG (the canonical drawing), then PNG and PDF from
//! that SVG. They see only the scene, never the spec or the data.
//!
//! May use: layout (scene and font bytes), plotters, resvg, png, svg2pdf.

mod pdf;
mod png;
mod svg;

pub use pdf::pdf;
pub use png::{png, tree};
pub use svg::{escape, outlined, svg};
