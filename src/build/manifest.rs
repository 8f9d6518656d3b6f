//! `out/manifest.json`: what the last build wrote. Per output: the chart it belongs to, its
//! cache key, the hash of its bytes, its inputs with their hashes, the sources it cites,
//! its words for the gallery (title, alt text, source line) and its warnings. Sorted maps,
//! no timestamps: the same build writes the same bytes. May use: serde_json.
//!
//! It is also the list of files cifras owns: only files named here are ever removed.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

pub const FILE: &str = "manifest.json";

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// "cifras 0.1.0".
    pub tool: String,
    /// blake3 of the embedded font files.
    pub font: String,
    /// By path relative to the output folder, `/`-separated.
    pub outputs: BTreeMap<String, Entry>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub chart: String,
    pub lang: String,
    /// None for the data CSV.
    pub preset: Option<String>,
    /// svg, png, pdf or csv.
    pub format: String,
    pub key: String,
    /// blake3 of the file's bytes.
    pub hash: String,
    pub bytes: u64,
    /// Input file (relative to the project) → blake3 of its bytes.
    pub inputs: BTreeMap<String, String>,
    pub sources: Vec<String>,
    pub title: String,
    pub alt: String,
    pub source_line: String,
    pub warnings: Vec<Warning>,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Warning {
    /// Relative to the project.
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
}

impl Manifest {
    /// The manifest in `out`, or an empty one when there is none or it cannot be read
    /// (then every output is stale and rebuilt; no file is removed, since none is known).
    pub fn read(out: &Path) -> Manifest {
        std::fs::read(out.join(FILE)).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default()
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = serde_json::to_vec_pretty(self).unwrap_or_default();
        b.push(b'\n');
        b
    }

    /// Every input file any output of `chart` read at its last build.
    pub fn inputs_of(&self, chart: &str) -> BTreeSet<String> {
        self.outputs.values().filter(|e| e.chart == chart).flat_map(|e| e.inputs.keys().cloned()).collect()
    }

    pub fn has_chart(&self, chart: &str) -> bool {
        self.outputs.values().any(|e| e.chart == chart)
    }
}
