//! Any bytes as a CSV, read with `[read]` options chosen by the first two bytes (encoding,
//! delimiter, preamble lines, thousands and decimal separators, null values): the reader
//! must return records or a diagnostic, never panic.
use cifras_fuzz::data::read;
use cifras_fuzz::spec::dataset::{Encoding, Read};

// Assigning fields one by one keeps this compiling as `[read]` gains options.
#[allow(clippy::field_reassign_with_default)]
fn main() {
    let path = std::env::temp_dir().join(format!("cifras-fuzz-csv-{}.csv", std::process::id()));
    afl::fuzz!(|data: &[u8]| {
        if data.len() < 2 {
            return;
        }
        let (a, b) = (data[0], data[1]);
        let encoding =
            [Encoding::Utf8, Encoding::Latin1, Encoding::Windows1252, Encoding::Macroman, Encoding::Auto]
                [(a % 5) as usize];
        let mut opts = Read::default();
        opts.encoding = Some(encoding);
        opts.delimiter = Some([",", ";", "|", "\t", "::"][((a / 5) % 5) as usize].to_string());
        opts.skip_rows = Some((b % 4) as usize);
        opts.thousands = [None, Some(","), Some("."), Some(" ")][((b / 4) % 4) as usize].map(str::to_string);
        opts.decimal = [None, Some(","), Some(".")][((b / 16) % 3) as usize].map(str::to_string);
        opts.null_values = Some(vec![String::new(), "NA".into()]);
        std::fs::write(&path, &data[2..]).unwrap();
        match read::records(&path, &opts) {
            Ok(r) => {
                for (i, line) in r.lines.iter().enumerate() {
                    let _ = r.cell(&path, *line, i % r.header.len().max(1));
                }
            }
            Err(d) => {
                let _ = d.to_string();
            }
        }
    });
}
