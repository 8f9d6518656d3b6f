//! Any bytes as the sidecar of a small fixed dataset: `[read]` options, `[columns]` types
//! and constraints, and `[[transform]]` steps of every kind (filter, sort, limit, fold,
//! pivot, fill_down, aggregate, calculate, lookup, window, top) run through the real
//! pipeline, Polars included. Loading must give rows or diagnostics, never a panic.

const CSV: &str = "state,year,Enero,Febrero,units,source,qualifier,note
Guanajuato,2020,1,2,2766,a,exact,
Guerrero,2020,3,,2039,a,more_than,x
,2021,5,6,1199,b,approx,
Veracruz,2021,NA,8,-3,a;b,,
";
const POP: &str = "state,population,source\nGuanajuato,6000000,a\nGuerrero,3500000,b\n";

fn main() {
    let dir = std::env::temp_dir().join(format!("cifras-fuzz-transform-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("data")).unwrap();
    std::fs::create_dir_all(dir.join("charts")).unwrap();
    std::fs::write(dir.join("data/d.csv"), CSV).unwrap();
    std::fs::write(dir.join("data/pop.csv"), POP).unwrap();
    std::fs::write(dir.join("data/pop.toml"), "title = \"Population\"\n").unwrap();
    std::fs::write(
        dir.join("data/sources.toml"),
        "[a]\ntitle = \"A\"\nauthor = \"A\"\n[b]\ntitle = \"B\"\nauthor = \"B\"\n",
    )
    .unwrap();
    afl::fuzz!(|data: &[u8]| {
        std::fs::write(dir.join("data/d.toml"), data).unwrap();
        let Ok(project) = cifras::spec::load(&dir) else { return };
        match cifras::data::load(&project, "d") {
            Ok(frame) => {
                if let Ok(t) = cifras::data::table_in(&project, &frame, &[]) {
                    let _ = cifras::build::rows_csv(&t, &(0..t.len()).collect::<Vec<_>>());
                }
            }
            Err(diags) => {
                for d in diags {
                    let _ = d.to_string();
                }
            }
        }
    });
}
