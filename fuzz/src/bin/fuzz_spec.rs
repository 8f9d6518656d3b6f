//! Any bytes as `charts/x.toml` (and, split at a NUL, as `data/sources.toml`, a sidecar and
//! `cifras.toml`) of a project: `spec::load` must answer with a value or diagnostics, never panic.
use cifras_fuzz::spec;

fn main() {
    let dir = std::env::temp_dir().join(format!("cifras-fuzz-spec-{}", std::process::id()));
    for d in ["charts", "data"] {
        std::fs::create_dir_all(dir.join(d)).unwrap();
    }
    afl::fuzz!(|data: &[u8]| {
        let mut parts = data.splitn(4, |b| *b == 0);
        let files = ["charts/x.toml", "data/sources.toml", "data/d.toml", "cifras.toml"];
        for f in files {
            let _ = std::fs::remove_file(dir.join(f));
        }
        for f in files {
            match parts.next() {
                Some(bytes) => std::fs::write(dir.join(f), bytes).unwrap(),
                None => break,
            }
        }
        if let Err(diags) = spec::load(&dir) {
            for d in diags {
                let _ = d.to_string();
            }
        }
    });
}
