//! Arguments, printing and exit codes: 0 success, 1 errors in the project (or stale
//! outputs for `build --check`), 2 usage error. The only room that prints: diagnostics,
//! summaries, and the build's progress (a bar on a terminal, plain lines otherwise,
//! nothing with `-q`). May use: build, spec.

use crate::build::{self, Event, Mode, Options, Report, Written};
use crate::spec::{self, Diagnostic, Format};
use clap::{Parser, Subcommand};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Instant;

#[derive(Parser, Debug)]
#[command(name = "cifras", version, about = "Cited figures → publication charts and tables")]
pub struct Cli {
    /// The project folder (holding charts/ and data/).
    #[arg(long, global = true, default_value = ".")]
    pub project: PathBuf,
    /// Print only errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Print every file written.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build every stale chart in every language, preset and format.
    Build(BuildArgs),
    /// Build, then rebuild on every change to data, charts, theme or settings (Ctrl-C stops).
    Watch(BuildArgs),
    /// Validate specs, data, sources, translations, layout and consistency rules; write nothing.
    Check(Selection),
    /// List charts, datasets and sources, one per line.
    List,
    /// Count, sum, min, max, mean and median of each column of a dataset.
    Stats {
        /// The dataset's name (its file name in data/, without .csv).
        dataset: String,
    },
    /// Print the bibliography, whole or for one chart.
    Sources {
        /// Only the sources of this chart's drawn rows.
        #[arg(long)]
        chart: Option<String>,
    },
}

#[derive(clap::Args, Clone, Debug, Default)]
pub struct Selection {
    /// Only these charts (ids, comma-separated or repeated).
    #[arg(long, value_delimiter = ',', num_args = 1..)]
    pub only: Vec<String>,
    /// Languages, e.g. en,es.
    #[arg(long, value_delimiter = ',')]
    pub lang: Option<Vec<String>>,
    /// Presets, e.g. report,slide.
    #[arg(long, value_delimiter = ',')]
    pub preset: Option<Vec<String>>,
    /// Formats: svg, png, pdf.
    #[arg(long, value_delimiter = ',', value_parser = parse_format)]
    pub format: Option<Vec<Format>>,
}

#[derive(clap::Args, Debug, Default)]
pub struct BuildArgs {
    #[command(flatten)]
    pub select: Selection,
    /// Output folder (default: `out`, or cifras.toml's `out`).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Rebuild and rewrite every output, whatever the cache says, re-reading every input
    /// (the hashes recorded in out/.cifras.hashes are not trusted).
    #[arg(long)]
    pub force: bool,
    /// Build nothing; exit 1 naming every output that is missing or stale (for CI).
    #[arg(long)]
    pub check: bool,
    /// Rendering threads (default: one per core).
    #[arg(long, short = 'j', value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
}

fn parse_format(s: &str) -> Result<Format, String> {
    Format::parse(s).ok_or_else(|| format!("unknown format `{s}` (use svg, png or pdf)"))
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    run(&cli)
}

fn run(cli: &Cli) -> ExitCode {
    match &cli.command {
        Command::Build(args) => build_cmd(cli, args, if args.check { Mode::Stale } else { Mode::Build }),
        Command::Watch(args) => watch_cmd(cli, args),
        Command::Check(sel) => {
            build_cmd(cli, &BuildArgs { select: sel.clone(), ..BuildArgs::default() }, Mode::Check)
        }
        Command::List => query(cli, |p| Ok(build::list(p))),
        Command::Stats { dataset } => query(cli, |p| build::stats(p, dataset)),
        Command::Sources { chart } => query(cli, |p| build::sources(p, chart.as_deref())),
    }
}

fn print_diags(diags: &[Diagnostic], quiet: bool) {
    let mut err = std::io::stderr().lock();
    for d in diags {
        if quiet && !d.is_error() {
            continue;
        }
        let _ = writeln!(err, "{d}\n");
    }
}

fn options(args: &BuildArgs, mode: Mode) -> Options {
    Options {
        out: args.out.clone(),
        only: args.select.only.clone(),
        langs: args.select.lang.clone(),
        presets: args.select.preset.clone(),
        formats: args.select.format.clone(),
        force: args.force,
        mode,
        jobs: args.jobs.map(usize::from),
    }
}

fn build_cmd(cli: &Cli, args: &BuildArgs, mode: Mode) -> ExitCode {
    let start = Instant::now();
    let opts = options(args, mode);
    let progress = Progress::new(cli.quiet);
    let report = build::build_with(&cli.project, &opts, &|e| progress.event(e));
    progress.finish();
    print_diags(&report.diagnostics, cli.quiet);
    if mode == Mode::Stale {
        return check_summary(cli, &report);
    }
    summary(cli, &report, start, mode.writes());
    if report.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `build --check`: every stale output on stdout, a verdict on stderr when stale.
fn check_summary(cli: &Cli, report: &Report) -> ExitCode {
    let mut out = std::io::stdout().lock();
    for (path, why) in &report.stale {
        let _ = writeln!(out, "stale {} ({why})", path.display());
    }
    if !report.stale.is_empty() {
        let _ = writeln!(
            std::io::stderr(),
            "error: {} output(s) missing or stale\n  = help: run `cifras build` and commit out/",
            report.stale.len()
        );
        return ExitCode::from(1);
    }
    if report.has_errors() {
        return ExitCode::from(1);
    }
    if !cli.quiet {
        let _ = writeln!(out, "all outputs are up to date ({} chart(s))", report.charts_current);
    }
    ExitCode::SUCCESS
}

fn summary(cli: &Cli, report: &Report, start: Instant, write: bool) {
    let errors = report.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = report.diagnostics.len() - errors;
    if cli.quiet {
        return;
    }
    let mut out = std::io::stdout().lock();
    if cli.verbose {
        for o in &report.outputs {
            let tag = match o.written {
                Written::New => "new",
                Written::Changed => "changed",
                Written::Unchanged => "unchanged",
            };
            let _ = writeln!(out, "{tag:>9} {}", o.path.display());
        }
        for (file, lines) in &report.datasets {
            let _ = writeln!(out, "{file}: {}", lines.describe());
        }
        for (file, note) in &report.decodings {
            let _ = writeln!(out, "{file}: {note}");
        }
    }
    if write {
        for (why, ids) in &report.rebuilt {
            let _ = writeln!(out, "rebuilt {} chart(s): {why} ({})", ids.len(), some(ids, cli.verbose));
        }
        if !report.removed.is_empty() {
            let _ = writeln!(out, "removed {} output(s) nothing builds any more", report.removed.len());
            for p in report.removed.iter().filter(|_| cli.verbose) {
                let _ = writeln!(out, "  removed {}", p.display());
            }
        }
        if report.temps_removed > 0 {
            let _ = writeln!(
                out,
                "cleaned up {} temporary file(s) of an interrupted build",
                report.temps_removed
            );
        }
    }
    let changed = report.outputs.iter().filter(|o| o.written != Written::Unchanged).count();
    let secs = start.elapsed().as_secs_f64();
    let verb = if write { "built" } else { "checked" };
    let mut line = format!("{verb} {} chart(s)", report.charts_ok);
    if report.tables_ok > 0 {
        line.push_str(&format!(", {} table(s)", report.tables_ok));
    }
    if report.charts_current > 0 {
        line.push_str(&format!(", {} up to date", report.charts_current));
    }
    if write {
        line.push_str(&format!(", wrote {changed} file(s), {} unchanged", report.outputs.len() - changed));
    }
    if report.charts_failed > 0 {
        line.push_str(&format!(", {} chart(s) failed", report.charts_failed));
    }
    line.push_str(&format!(", {errors} error(s), {warnings} warning(s) in {secs:.2} s"));
    let _ = writeln!(out, "{line}");
}

/// Chart ids for a summary line: all of them with `-v`, else the first eight.
fn some(ids: &[String], all: bool) -> String {
    const SHOWN: usize = 8;
    if all || ids.len() <= SHOWN {
        ids.join(", ")
    } else {
        format!("{}, … and {} more", ids[..SHOWN].join(", "), ids.len() - SHOWN)
    }
}

/// `watch`: build, then rebuild on each change; say when a broken project is good again.
fn watch_cmd(cli: &Cli, args: &BuildArgs) -> ExitCode {
    let opts = options(args, Mode::Build);
    if args.check {
        let _ = writeln!(std::io::stderr(), "error: `watch` cannot be combined with --check");
        return ExitCode::from(2);
    }
    let progress = Progress::new(cli.quiet);
    // When the current build started: reset as a change is seen, from the progress thread.
    let start = Mutex::new(Instant::now());
    let on_event = |e: Event| {
        if let Event::Changed(files) = &e {
            if let Ok(mut s) = start.lock() {
                *s = Instant::now();
            }
            if !cli.quiet {
                let list: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
                say(format_args!("changed: {}", list.join(", ")));
            }
        }
        progress.event(e);
    };
    let mut broken = false;
    let mut first = true;
    build::watch(&cli.project, &opts, &on_event, &mut |report| {
        progress.finish();
        print_diags(&report.diagnostics, cli.quiet);
        let began = start.lock().map(|s| *s).unwrap_or_else(|_| Instant::now());
        summary(cli, report, began, true);
        let errors = report.has_errors();
        if errors {
            eprintln!("the project has errors; watching for changes…");
        } else if broken && !cli.quiet {
            say(format_args!("the project is good again"));
        }
        if first && !cli.quiet {
            say(format_args!("watching charts/, data/ and cifras.toml (Ctrl-C stops)"));
        }
        first = false;
        broken = errors;
        true
    });
    ExitCode::SUCCESS
}

/// The build's progress: a bar on stderr when it is a terminal, else one line per chart on
/// stdout, nothing with `-q`. Events come from several threads.
struct Progress {
    mode: Shown,
    state: Mutex<(usize, usize)>,
}

#[derive(Clone, Copy, PartialEq)]
enum Shown {
    Quiet,
    Lines,
    Bar,
}

impl Progress {
    fn new(quiet: bool) -> Progress {
        let mode = if quiet {
            Shown::Quiet
        } else if std::io::stderr().is_terminal() {
            Shown::Bar
        } else {
            Shown::Lines
        };
        Progress { mode, state: Mutex::new((0, 0)) }
    }

    fn event(&self, e: Event) {
        if self.mode == Shown::Quiet {
            return;
        }
        let Ok(mut st) = self.state.lock() else { return };
        match e {
            Event::Waiting(out) => {
                eprintln!("another cifras build is writing to {}; waiting for it to finish…", out.display())
            }
            Event::Start { charts, .. } => *st = (0, charts),
            Event::Chart { id, files } => {
                st.0 += 1;
                match self.mode {
                    Shown::Bar => draw_bar(st.0, st.1, &id),
                    _ => say(format_args!("built {id} ({files} file(s))")),
                }
            }
            Event::Changed(_) => {}
            Event::Failed(id) => {
                st.0 += 1;
                match self.mode {
                    Shown::Bar => draw_bar(st.0, st.1, &id),
                    _ => say(format_args!("failed {id}")),
                }
            }
        }
    }

    /// Clears the bar so what follows starts on a clean line.
    fn finish(&self) {
        if self.mode == Shown::Bar {
            if let Ok(mut st) = self.state.lock() {
                if st.1 > 0 {
                    eprint!("\r\x1b[2K");
                }
                *st = (0, 0);
            }
        }
    }
}

fn draw_bar(done: usize, total: usize, id: &str) {
    const WIDTH: usize = 30;
    let total = total.max(1);
    let filled = WIDTH * done.min(total) / total;
    let id: String = id.chars().take(40).collect();
    eprint!("\r\x1b[2K[{}{}] {done}/{total} {id}", "=".repeat(filled), " ".repeat(WIDTH - filled));
    let _ = std::io::stderr().flush();
}

/// The project for `list`, `sources` and `stats`: a broken chart spec or sidecar is left
/// out with a warning naming it, so the rest can still be listed and summarised.
fn load(cli: &Cli) -> Result<spec::Project, ExitCode> {
    let p = spec::load_each(&cli.project).map_err(|d| {
        let d: Vec<Diagnostic> = d.into_iter().map(|d| d.relative_to(&cli.project)).collect();
        print_diags(&d, cli.quiet);
        ExitCode::from(1)
    })?;
    let broken: Vec<String> = p
        .broken_charts
        .keys()
        .map(|id| format!("charts/{id}.toml"))
        .chain(p.broken_datasets.keys().map(|n| format!("data/{n}.toml")))
        .collect();
    if !broken.is_empty() && !cli.quiet {
        let _ = writeln!(
            std::io::stderr(),
            "warning: left out {} spec(s) with errors: {}\n  = help: `cifras check` shows the errors\n",
            broken.len(),
            broken.join(", ")
        );
    }
    Ok(p)
}

/// `list`, `stats` or `sources`: the text `ask` makes of the project on stdout, or its
/// errors (printed even with `-q`) and exit 1.
fn query(cli: &Cli, ask: impl FnOnce(&spec::Project) -> Result<String, Vec<Diagnostic>>) -> ExitCode {
    let p = match load(cli) {
        Ok(p) => p,
        Err(c) => return c,
    };
    match ask(&p) {
        Ok(text) => {
            let _ = write!(std::io::stdout().lock(), "{text}");
            ExitCode::SUCCESS
        }
        Err(d) => {
            let d: Vec<Diagnostic> = d.into_iter().map(|d| d.relative_to(&cli.project)).collect();
            print_diags(&d, false);
            ExitCode::from(1)
        }
    }
}

/// One line on standard output; a closed pipe (`cifras build -v | head`) is no error.
fn say(line: std::fmt::Arguments) {
    let _ = writeln!(std::io::stdout(), "{line}");
}
