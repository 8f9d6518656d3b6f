//! `out/index.html`, the review gallery: every chart per language and preset, links to
//! every file, escaped text, nothing external; opened in headless Chromium, every image
//! loads and the console stays silent.

use crate::common::{cifras, edit, fixture};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn with_pdf(dir: &Path) {
    edit(&dir.join("cifras.toml"), "formats = [\"svg\", \"png\"]", "formats = [\"svg\", \"png\", \"pdf\"]");
}

#[test]
fn the_gallery_links_every_output_and_escapes_every_text() {
    let (_t, dir) = fixture("basic");
    with_pdf(&dir);
    edit(&dir.join("data/arms.csv"), "Guerrero", "Guerrero <img src=x onerror=alert(1)>");
    edit(&dir.join("charts/bar.toml"), "\"Arms by state\"", "'Arms & \"states\" <script>'");
    let run = cifras(&dir, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(dir.join("out/index.html")).unwrap();
    for id in ["bar", "column", "line", "part", "slope", "stat", "timeline"] {
        for f in ["report/en/{}.svg", "report/en/{}.png", "report/en/{}.pdf", "data/{}.csv"] {
            let link = f.replace("{}", id);
            assert!(html.contains(&format!("href=\"{link}\"")), "no link to {link}");
            assert!(dir.join("out").join(&link).is_file(), "{link} missing");
        }
        assert!(html.contains(&format!("<img src=\"report/en/{id}.png\"")), "{id}");
    }
    assert!(html.contains("Arms &amp; &quot;states&quot; &lt;script&gt;"));
    assert!(!html.contains("<script>\"") && !html.contains("<img src=x"));
    assert!(html.contains("Guerrero &lt;img src=x onerror=alert(1)&gt;"), "alt text escaped");
    assert_eq!(html.matches("<script").count(), 1, "one inline script, ours");
    for external in ["http:", "https:", "<link", "@import", "url(", "src=\"/"] {
        assert!(!html.contains(external), "external reference {external}");
    }
}

/// Debian's `chromium`, or another Chromium on PATH.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        for d in std::env::split_paths(&path) {
            let p = d.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// Opens `page` headless and returns (DOM after load, stderr).
fn open(chromium: &Path, page: &Path, profile: &Path) -> (String, String) {
    let url = format!("file://{}", page.canonicalize().unwrap().display());
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
            &format!("--user-data-dir={}", profile.display()),
            "--dump-dom",
            &url,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chromium");
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("chromium did not finish within 120 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = child.wait_with_output().unwrap();
    (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn every_image_of_the_gallery_loads_in_chromium() {
    let Some(chromium) = chromium() else {
        println!("skipped: chromium not found (.ci/run installs Debian's chromium)");
        return;
    };
    let (t, dir) = fixture("basic");
    with_pdf(&dir);
    assert_eq!(cifras(&dir, &["build"]).code, 0);
    let (dom, log) = open(&chromium, &dir.join("out/index.html"), &t.path().join("profile-1"));
    assert!(dom.contains("data-images=\"7 0\""), "7 images, none broken:\n{dom}");
    assert_eq!(dom.matches("data-loaded=\"yes\"").count(), 7);
    assert!(dom.contains("all 7 image(s) loaded"));
    let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(console.is_empty(), "console messages: {console:?}");

    // The check can fail: a missing image is seen as such.
    std::fs::remove_file(dir.join("out/report/en/stat.png")).unwrap();
    let (dom, _) = open(&chromium, &dir.join("out/index.html"), &t.path().join("profile-2"));
    assert!(dom.contains("data-images=\"7 1\""), "{dom}");
    assert!(dom.contains("1 image(s) failed to load"));
}
