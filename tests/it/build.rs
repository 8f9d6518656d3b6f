//! `cifras build` end to end on the fixture project: files, bytes, determinism.

use crate::common::{cifras, edit, files, fixture};

#[test]
fn two_builds_give_identical_bytes() {
    let (_t1, a) = fixture("basic");
    let (_t2, b) = fixture("basic");
    assert_eq!(cifras(&a, &["build"]).code, 0);
    assert_eq!(cifras(&b, &["build"]).code, 0);
    let fa = files(&a.join("out"));
    let fb = files(&b.join("out"));
    assert!(fa.len() >= 21, "7 charts × (svg + png + csv), got {}", fa.len());
    assert_eq!(fa, fb);
}

#[test]
fn outputs_are_where_the_design_says() {
    let (_t, dir) = fixture("basic");
    let run = cifras(&dir, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("built 7 chart(s), wrote 23 file(s), 0 unchanged"), "{}", run.stdout);
    for id in ["bar", "column", "slope", "line", "part", "timeline", "stat"] {
        for ext in ["svg", "png"] {
            assert!(dir.join(format!("out/report/en/{id}.{ext}")).is_file(), "{id}.{ext}");
        }
        assert!(dir.join(format!("out/data/{id}.csv")).is_file());
    }
    // Besides the charts: the manifest and the review gallery.
    assert!(dir.join("out/manifest.json").is_file() && dir.join("out/index.html").is_file());
}

#[test]
fn svgs_are_xml_with_title_desc_and_escaped_text() {
    let (_t, dir) = fixture("basic");
    edit(&dir.join("data/arms.csv"), "Guerrero", "Guerrero <b>&\"co\"");
    assert_eq!(cifras(&dir, &["build", "--only", "bar"]).code, 0);
    let svg = std::fs::read_to_string(dir.join("out/report/en/bar.svg")).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("valid XML");
    let root = doc.root_element();
    assert_eq!(root.attribute("role"), Some("img"));
    assert_eq!(root.attribute("aria-labelledby"), Some("bar-en-title bar-en-desc"));
    let title = root.children().find(|n| n.has_tag_name("title")).unwrap();
    assert_eq!(title.text(), Some("Arms by state"));
    let desc = root.children().find(|n| n.has_tag_name("desc")).unwrap().text().unwrap();
    assert!(desc.starts_with("Bar chart."), "{desc}");
    let texts: Vec<&str> =
        root.descendants().filter(|n| n.has_tag_name("text")).filter_map(|n| n.text()).collect();
    assert!(texts.contains(&"Guerrero <b>&\"co\""), "{texts:?}");
    assert!(svg.contains("Guerrero &lt;b&gt;&amp;&quot;co&quot;"));
    // Real text at the real size: the body size is 8 points, not plotters' size / 1.24.
    assert!(svg.contains("font-size=\"8\""));
}

#[test]
fn pngs_decode_at_300_dpi_of_the_report_width() {
    let (_t, dir) = fixture("basic");
    assert_eq!(cifras(&dir, &["build"]).code, 0);
    for (path, bytes) in files(&dir.join("out/report/en")) {
        if path.extension().is_some_and(|e| e == "png") {
            let dec = png::Decoder::new(std::io::Cursor::new(bytes));
            let reader = dec.read_info().expect("PNG decodes");
            let info = reader.info();
            assert_eq!(info.width, 1890, "{}: 160 mm at 300 dpi", path.display());
            let dims = info.pixel_dims.expect("pHYs");
            assert_eq!(dims.xppu, 11811);
            let svg =
                std::fs::read_to_string(dir.join("out/report/en").join(path.with_extension("svg"))).unwrap();
            let h: f64 = svg.split("height=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
            assert_eq!(info.height, (h * 4.1667).round() as u32);
        }
    }
}

#[test]
fn png_draws_the_text() {
    // A chart whose text vanished would be near-empty: compare against the same chart with no text.
    let (_t, dir) = fixture("basic");
    assert_eq!(cifras(&dir, &["build", "--only", "stat"]).code, 0);
    let bytes = std::fs::read(dir.join("out/report/en/stat.png")).unwrap();
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes)).read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    reader.next_frame(&mut buf).unwrap();
    let dark = buf.chunks(3).filter(|p| p[0] < 100 && p[1] < 100 && p[2] < 100).count();
    assert!(dark > 5_000, "only {dark} dark pixels: text was not drawn");
}

#[test]
fn data_csv_holds_the_rows_drawn_with_sources() {
    let (_t, dir) = fixture("basic");
    assert_eq!(cifras(&dir, &["build", "--only", "stat,bar"]).code, 0);
    let csv = std::fs::read_to_string(dir.join("out/data/stat.csv")).unwrap();
    assert_eq!(
        csv,
        "figure,value,unit,period,source,qualifier,note\nMurders,276000,people,2006–2019,report-b,more_than,\nUnsolved,98,percent,,report-b,estimate,\n"
    );
    let csv = std::fs::read_to_string(dir.join("out/data/bar.csv")).unwrap();
    assert!(csv.starts_with("state,units,source,qualifier,note\nGuanajuato,2766,report-a,exact,\n"), "{csv}");
}

#[test]
fn an_unchanged_rebuild_rewrites_nothing() {
    let (_t, dir) = fixture("basic");
    assert_eq!(cifras(&dir, &["build"]).code, 0);
    let before: Vec<_> = files(&dir.join("out"))
        .into_iter()
        .map(|(p, _)| (p.clone(), std::fs::metadata(dir.join("out").join(&p)).unwrap().modified().unwrap()))
        .collect();
    let run = cifras(&dir, &["build"]);
    assert!(
        run.stdout.contains("built 0 chart(s), 7 up to date, wrote 0 file(s), 2 unchanged"),
        "{}",
        run.stdout
    );
    let after: Vec<_> = files(&dir.join("out"))
        .into_iter()
        .map(|(p, _)| (p.clone(), std::fs::metadata(dir.join("out").join(&p)).unwrap().modified().unwrap()))
        .collect();
    assert_eq!(before, after);
}

#[test]
fn list_and_sources() {
    let (_t, dir) = fixture("basic");
    let run = cifras(&dir, &["list"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.lines().any(|l| l.starts_with("chart    bar ") && l.contains("Arms by state")),
        "{}",
        run.stdout
    );
    assert!(run.stdout.lines().any(|l| l.starts_with("source   report-a")));
    let run = cifras(&dir, &["sources", "--chart", "stat"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "[report-b] Report B, Agency B.\n");
    let run = cifras(&dir, &["sources"]);
    assert_eq!(run.stdout, "[report-a] Group A, Report A, 2020.\n[report-b] Report B, Agency B.\n");
}

#[test]
fn out_and_only_flags() {
    let (_t, dir) = fixture("basic");
    let run = cifras(&dir, &["build", "--only", "bar", "--out", "elsewhere"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(dir.join("elsewhere/report/en/bar.svg").is_file());
    assert!(!dir.join("elsewhere/report/en/line.svg").exists());
    assert!(!dir.join("out").exists());
    let run = cifras(&dir, &["build", "--only", "baar"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("unknown chart `baar`") && run.stderr.contains("did you mean `bar`?"),
        "{}",
        run.stderr
    );
    let run = cifras(&dir, &["build", "--format", "gif"]);
    assert_eq!(run.code, 2, "usage errors exit 2");
}

#[test]
fn a_closed_pipe_on_stdout_is_no_crash() {
    // `cifras build -v | head -1`: the reader goes away before the build has said all.
    let (_t, dir) = fixture("basic");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_cifras"))
        .args(["build", "-v"])
        .current_dir(&dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run cifras");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}
