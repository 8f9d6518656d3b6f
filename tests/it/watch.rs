//! `cifras watch` on a temporary project: it builds, rebuilds after an edit, keeps going
//! after an error and says when the project is good again. Waits are bounded.

use crate::common::{edit, fixture};
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

const LIMIT: Duration = Duration::from_secs(60);

/// Kills the watcher even when an assertion fails.
struct Watcher(Child);

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn lines_of(r: impl Read + Send + 'static, tx: std::sync::mpsc::Sender<String>) {
    std::thread::spawn(move || {
        for l in BufReader::new(r).lines().map_while(Result::ok) {
            if tx.send(l).is_err() {
                break;
            }
        }
    });
}

/// Waits for a line containing `want`, returning everything read meanwhile on failure.
fn wait_for(rx: &Receiver<String>, want: &str) {
    let start = Instant::now();
    let mut seen = Vec::new();
    while start.elapsed() < LIMIT {
        if let Ok(l) = rx.recv_timeout(Duration::from_millis(200)) {
            let hit = l.contains(want);
            seen.push(l);
            if hit {
                return;
            }
        }
    }
    panic!("no line with {want:?} within {LIMIT:?}; got:\n{}", seen.join("\n"));
}

#[test]
fn watch_rebuilds_on_change_and_survives_errors() {
    let (_t, dir) = fixture("basic");
    let mut child = Command::new(env!("CARGO_BIN_EXE_cifras"))
        .args(["watch"])
        .current_dir(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = channel();
    lines_of(child.stdout.take().unwrap(), tx.clone());
    lines_of(child.stderr.take().unwrap(), tx);
    let _w = Watcher(child);

    wait_for(&rx, "watching");
    let svg = dir.join("out/report/en/bar.svg");
    let first = std::fs::read(&svg).unwrap();

    edit(&dir.join("data/arms.csv"), "Guerrero,2039", "Guerrero,3039");
    let start = Instant::now();
    while std::fs::read(&svg).unwrap() == first {
        assert!(start.elapsed() < LIMIT, "bar.svg did not change within {LIMIT:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
    wait_for(&rx, "rebuilt 2 chart(s): data arms.csv changed (bar, column)");

    edit(&dir.join("charts/bar.toml"), "kind = \"bar\"", "kind = \"barr\"");
    wait_for(&rx, "the project has errors");
    edit(&dir.join("charts/bar.toml"), "kind = \"barr\"", "kind = \"bar\"");
    wait_for(&rx, "the project is good again");
}
