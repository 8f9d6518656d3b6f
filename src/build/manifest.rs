//! `out/manifest.json`: what the last build wrote. Per output: the chart it belongs to, its
//! cache key, the hash of its bytes, its inputs with their hashes, the sources it cites,
//! its words for the gallery (title, alt text, source line) and its warnings. Sorted maps,
//! no timestamps: the same build writes the same bytes. May use: serde_json, spec, data (line counts).
//!
//! It is also the list of files cifras owns: only files named here are ever removed, and
//! only when each lies inside the output folder (see [`Manifest::read`]).

use crate::spec::confine::{is_confined, kind};
use crate::spec::{Diagnostic, Location};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

pub const FILE: &str = "manifest.json";

/// cifras's own files in the output folder: never an output, so never removed as one.
const OWN: [&str; 4] = [FILE, super::gallery::FILE, super::key::STATS, super::lock::FILE];

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// "cifras 0.1.0".
    pub tool: String,
    /// blake3 of the embedded font files.
    pub font: String,
    /// By path relative to the output folder, `/`-separated.
    pub outputs: BTreeMap<String, Entry>,
    /// By data file (relative to the project): how its lines were taken when last read.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub datasets: BTreeMap<String, Lines>,
}

/// How the lines of a data file were taken: rows + header + skipped lines = lines.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lines {
    pub lines: usize,
    pub rows: usize,
    /// Lines the rows span (more than `rows` when cells hold line breaks).
    pub row_lines: usize,
    pub header: usize,
    /// Skipped: titles before the header, blank lines, notes after the last row.
    pub preamble: usize,
    pub blank: usize,
    pub footer: usize,
    /// The header's line: after the preamble, the first line as wide as the table.
    #[serde(default)]
    pub header_line: usize,
    /// Unnamed columns at the end that held nothing (a trailing delimiter), dropped.
    #[serde(default)]
    pub dropped_columns: usize,
    /// What decoding repaired ("41 lines: 288 bytes read as MacRoman"), when anything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decoding: Option<String>,
}

impl Lines {
    pub fn of(c: &crate::data::Census) -> Lines {
        Lines {
            lines: c.lines,
            rows: c.rows,
            row_lines: c.row_lines,
            header: c.header_lines,
            preamble: c.preamble,
            blank: c.blank_inside + c.blank_after,
            footer: c.footer,
            header_line: c.header_line,
            dropped_columns: c.dropped_columns,
            decoding: None,
        }
    }

    /// "3 rows; skipped 2 preamble line(s), 1 footer line(s)".
    pub fn describe(&self) -> String {
        let rows = if self.rows == self.row_lines {
            format!("{} rows", self.rows)
        } else {
            format!("{} rows on {} lines", self.rows, self.row_lines)
        };
        let skipped: Vec<String> =
            [(self.preamble, "preamble"), (self.blank, "blank"), (self.footer, "footer")]
                .into_iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, why)| format!("{n} {why} line(s)"))
                .collect();
        let mut out = if skipped.is_empty() {
            format!("{rows}; no line skipped")
        } else {
            format!("{rows}; skipped {}", skipped.join(", "))
        };
        if self.preamble > 0 {
            out += &format!("; header on line {}", self.header_line);
        }
        if self.dropped_columns > 0 {
            out += &format!("; dropped {} empty unnamed column(s) at the end", self.dropped_columns);
        }
        out
    }
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
    /// The manifest in `out`, or an empty one when there is none, it cannot be read, or it
    /// cannot be trusted (then every output is stale and rebuilt; no file is removed, since
    /// none is known). It is data, never an instruction: an output path that could lead
    /// outside `out/` or an input outside the project makes all of it untrusted, and the
    /// warning returned says why; such paths are never removed, written or read.
    pub fn read(out: &Path) -> (Manifest, Option<Diagnostic>) {
        let path = out.join(FILE);
        let distrust = |at: Location, why: String| {
            let d = Diagnostic::warning(at, format!("cannot trust the manifest: {why}")).hint(
                "it is cifras's own record and was changed outside cifras: every output is rebuilt, and no file it names is removed",
            );
            (Manifest::default(), Some(d))
        };
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.is_file() => {}
            // A FIFO would block the read forever; a link would be read through.
            Ok(m) => return distrust(Location::file(&path), format!("it is {}, not a file", kind(&m))),
            Err(_) => return (Manifest::default(), None),
        }
        let Ok(text) = std::fs::read_to_string(&path) else { return (Manifest::default(), None) };
        let Ok(manifest) = serde_json::from_str::<Manifest>(&text) else {
            return (Manifest::default(), None);
        };
        let at = |p: &str| {
            let quoted = serde_json::to_string(p).unwrap_or_default();
            text.find(&quoted).map_or_else(|| Location::file(&path), |i| Location::at_offset(&path, &text, i))
        };
        for (out_path, e) in &manifest.outputs {
            if !is_confined(Path::new(out_path)) {
                return distrust(at(out_path), format!("output `{out_path}` is outside the output folder"));
            }
            if OWN.contains(&out_path.as_str()) {
                return distrust(at(out_path), format!("output `{out_path}` is one of cifras's own files"));
            }
            if let Some(input) = e.inputs.keys().find(|i| !is_confined(Path::new(i))) {
                return distrust(at(input), format!("input `{input}` is outside the project"));
            }
        }
        (manifest, None)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(inputs: &[&str]) -> Entry {
        Entry {
            chart: "bar".into(),
            lang: "en".into(),
            preset: None,
            format: "csv".into(),
            key: String::new(),
            hash: String::new(),
            bytes: 0,
            inputs: inputs.iter().map(|i| (i.to_string(), String::new())).collect(),
            sources: vec![],
            title: String::new(),
            alt: String::new(),
            source_line: String::new(),
            warnings: vec![],
        }
    }

    /// Writes a manifest of `outputs` (path, inputs) and reads it back.
    fn read_back(outputs: &[(&str, &[&str])]) -> (Manifest, Option<Diagnostic>) {
        let dir = tempfile::tempdir().unwrap();
        let outputs = outputs.iter().map(|(p, i)| (p.to_string(), entry(i))).collect();
        let m = Manifest { outputs, ..Manifest::default() };
        std::fs::write(dir.path().join(FILE), m.to_bytes()).unwrap();
        Manifest::read(dir.path())
    }

    #[test]
    fn a_manifest_naming_paths_outside_is_not_trusted() {
        let (m, d) = read_back(&[("data/bar.csv", &["data/arms.csv"])]);
        assert!(d.is_none() && m.outputs.len() == 1);
        for (out, input) in [
            ("../../x", "data/a.csv"),
            ("/abs", "data/a.csv"),
            (FILE, "data/a.csv"),
            ("data/bar.csv", "/dev/zero"),
            ("data/bar.csv", "../secret"),
        ] {
            let (m, d) = read_back(&[(out, &[input])]);
            let d = d.expect("a warning");
            assert!(m.outputs.is_empty() && !d.is_error(), "{out} {input}");
            assert!(d.message.starts_with("cannot trust the manifest: "), "{}", d.message);
            assert!(d.location.line > 0, "points at the path in the file");
        }
    }
}
