//! The fuzzing corpus (`fuzz/corpus/`) and every crash AFL++ ever found
//! (`fuzz/regressions/`), replayed through the code the fuzz targets drive: each input
//! must give a value or diagnostics that render, never a panic.

use crate::common::root;
use cifras::spec::dataset::{Encoding, Read};
use std::path::PathBuf;

fn inputs(target: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["fuzz/corpus", "fuzz/regressions"] {
        if let Ok(rd) = std::fs::read_dir(root().join(dir).join(target)) {
            out.extend(rd.flatten().map(|e| e.path()));
        }
    }
    out.sort();
    out
}

#[test]
fn spec_inputs_never_panic() {
    let files = inputs("spec");
    assert!(files.len() >= 3, "the spec corpus is there");
    let tmp = tempfile::tempdir().unwrap();
    for f in files {
        let data = std::fs::read(&f).unwrap();
        let dir = tmp.path().join("p");
        let _ = std::fs::remove_dir_all(&dir);
        for d in ["charts", "data"] {
            std::fs::create_dir_all(dir.join(d)).unwrap();
        }
        // As in fuzz/src/bin/fuzz_spec.rs: NUL separates up to four files.
        let names = ["charts/x.toml", "data/sources.toml", "data/d.toml", "cifras.toml"];
        for (name, bytes) in names.iter().zip(data.splitn(4, |b| *b == 0)) {
            std::fs::write(dir.join(name), bytes).unwrap();
        }
        if let Err(diags) = cifras::spec::load(&dir) {
            assert!(!diags.is_empty(), "{f:?}");
            for d in diags {
                assert!(!d.to_string().is_empty());
            }
        }
    }
}

// Assigning fields one by one keeps this compiling as `[read]` gains options.
#[allow(clippy::field_reassign_with_default)]
#[test]
fn csv_inputs_never_panic() {
    let files = inputs("csv");
    assert!(files.len() >= 3, "the CSV corpus is there");
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("x.csv");
    for f in files {
        let data = std::fs::read(&f).unwrap();
        if data.len() < 2 {
            continue;
        }
        // As in fuzz/src/bin/fuzz_csv.rs: two bytes choose the [read] options.
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
        match cifras::data::records(&path, &opts) {
            Ok(r) => assert_eq!(r.rows.len(), r.lines.len(), "{f:?}"),
            Err(d) => assert!(!d.to_string().is_empty()),
        }
    }
}

#[test]
fn transform_inputs_never_panic() {
    let files = inputs("transform");
    assert!(files.len() >= 3, "the transform corpus is there");
    // As in fuzz/src/bin/fuzz_transform.rs: the input is the sidecar of a fixed dataset.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("data")).unwrap();
    std::fs::create_dir_all(dir.join("charts")).unwrap();
    std::fs::write(
        dir.join("data/d.csv"),
        "state,year,Enero,Febrero,units,source,qualifier,note\nGuanajuato,2020,1,2,2766,a,exact,\n\
         Guerrero,2020,3,,2039,a,more_than,x\n,2021,5,6,1199,b,approx,\nVeracruz,2021,NA,8,-3,a;b,,\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("data/pop.csv"),
        "state,population,source\nGuanajuato,6000000,a\nGuerrero,3500000,b\n",
    )
    .unwrap();
    std::fs::write(dir.join("data/pop.toml"), "title = \"Population\"\n").unwrap();
    std::fs::write(
        dir.join("data/sources.toml"),
        "[a]\ntitle = \"A\"\nauthor = \"A\"\n[b]\ntitle = \"B\"\nauthor = \"B\"\n",
    )
    .unwrap();
    let mut loaded = 0;
    for f in files {
        std::fs::write(dir.join("data/d.toml"), std::fs::read(&f).unwrap()).unwrap();
        let Ok(project) = cifras::spec::load(dir) else { continue };
        match cifras::data::load(&project, "d") {
            Ok(frame) => {
                loaded += 1;
                if let Ok(t) = cifras::data::table_in(&project, &frame, &[]) {
                    let csv = cifras::build::rows_csv(&t, &(0..t.len()).collect::<Vec<_>>());
                    assert!(csv.ends_with(b"\n"), "{f:?}");
                }
            }
            Err(d) => assert!(d.iter().all(|d| !d.to_string().is_empty())),
        }
    }
    assert!(loaded >= 3, "the seeds load");
}
