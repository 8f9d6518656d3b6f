//! Arguments, printing and exit codes: 0 success, 1 errors in the project, 2 usage error.
//! The only room that prints.

use crate::build::{self, Options, Written};
use crate::spec::{self, Diagnostic, Format};
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
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
    /// Build every chart in every language, preset and format.
    Build(BuildArgs),
    /// Validate specs, data, sources and translations; write nothing.
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

#[derive(clap::Args, Debug, Default)]
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
    /// Rewrite every output even if unchanged.
    #[arg(long)]
    pub force: bool,
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
        Command::Build(args) => build_cmd(cli, args, true),
        Command::Check(sel) => {
            build_cmd(cli, &BuildArgs { select: clone_sel(sel), out: None, force: false }, false)
        }
        Command::List => list(cli),
        Command::Stats { dataset } => stats(cli, dataset),
        Command::Sources { chart } => sources(cli, chart.as_deref()),
    }
}

fn clone_sel(s: &Selection) -> Selection {
    Selection {
        only: s.only.clone(),
        lang: s.lang.clone(),
        preset: s.preset.clone(),
        format: s.format.clone(),
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

fn build_cmd(cli: &Cli, args: &BuildArgs, write: bool) -> ExitCode {
    let start = Instant::now();
    let opts = Options {
        out: args.out.clone(),
        only: args.select.only.clone(),
        langs: args.select.lang.clone(),
        presets: args.select.preset.clone(),
        formats: args.select.format.clone(),
        force: args.force,
        write,
    };
    let report = build::build(&cli.project, &opts);
    print_diags(&report.diagnostics, cli.quiet);
    let errors = report.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = report.diagnostics.len() - errors;
    if !cli.quiet {
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
        }
        let changed = report.outputs.iter().filter(|o| o.written != Written::Unchanged).count();
        let secs = start.elapsed().as_secs_f64();
        let verb = if write { "built" } else { "checked" };
        let mut line = format!("{verb} {} chart(s)", report.charts_ok);
        if report.tables_ok > 0 {
            line.push_str(&format!(", {} table(s)", report.tables_ok));
        }
        if write {
            line.push_str(&format!(
                ", wrote {changed} file(s), {} unchanged",
                report.outputs.len() - changed
            ));
        }
        if report.charts_failed > 0 {
            line.push_str(&format!(", {} chart(s) failed", report.charts_failed));
        }
        line.push_str(&format!(", {errors} error(s), {warnings} warning(s) in {secs:.2} s"));
        let _ = writeln!(out, "{line}");
    }
    if report.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn load(cli: &Cli) -> Result<spec::Project, ExitCode> {
    spec::load(&cli.project).map_err(|d| {
        let d: Vec<Diagnostic> = d.into_iter().map(|d| d.relative_to(&cli.project)).collect();
        print_diags(&d, cli.quiet);
        ExitCode::from(1)
    })
}

fn list(cli: &Cli) -> ExitCode {
    let p = match load(cli) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let lang = p.settings.languages.first().cloned().unwrap_or_else(|| "en".into());
    let mut out = std::io::stdout().lock();
    for (id, f) in &p.charts {
        let title = f.spec.title.get(&lang).unwrap_or("");
        let _ = writeln!(
            out,
            "chart    {id:<28} {:<14} {:<24} {title}",
            f.spec.kind.get_ref().name(),
            f.spec.data.get_ref()
        );
    }
    for (name, f) in &p.datasets {
        let title = f.spec.title.as_ref().and_then(|t| t.get(&lang)).unwrap_or("");
        let file = f.spec.file.as_ref().map_or_else(|| format!("{name}.csv"), |x| x.get_ref().clone());
        let _ = writeln!(out, "dataset  {name:<28} {file:<39} {title}");
    }
    for (id, s) in &p.sources {
        let _ = writeln!(out, "source   {id:<28} {}", s.short());
    }
    ExitCode::SUCCESS
}

fn sources(cli: &Cli, chart: Option<&str>) -> ExitCode {
    let p = match load(cli) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let ids: Vec<String> = match chart {
        None => p.sources.keys().cloned().collect(),
        Some(id) => match cited(&p, id) {
            Ok(ids) => ids,
            Err(d) => {
                print_diags(&d, false);
                return ExitCode::from(1);
            }
        },
    };
    let mut out = std::io::stdout().lock();
    for id in ids {
        let s = &p.sources[&id];
        let _ = writeln!(out, "[{id}] {}", s.full());
    }
    ExitCode::SUCCESS
}

/// Source ids of the rows a chart draws (or a table shows), in the project's first language.
fn cited(p: &spec::Project, id: &str) -> Result<Vec<String>, Vec<Diagnostic>> {
    let plan = build::Plan::new(p, &Options { only: vec![id.to_string()], ..Options::default() })?;
    if build::tables::is_table(p, id) {
        let frame = cifras_data_load(p, id)?;
        let sheets = build::tables::sheets(p, &plan, id, &frame)?;
        return Ok(sheets.first().map(|s| s.sources.clone()).unwrap_or_default());
    }
    let table = build::chart_table(p, id)?;
    let drawings = build::draw(p, &plan, id, &table)?;
    Ok(drawings.first().map(|d| d.chart.sources.clone()).unwrap_or_default())
}

fn cifras_data_load(p: &spec::Project, id: &str) -> Result<crate::data::Frame, Vec<Diagnostic>> {
    crate::data::load(p, p.charts[id].spec.data.get_ref())
}

/// `cifras stats DATASET`: one line per column; missing values are counted, never summed.
fn stats(cli: &Cli, dataset: &str) -> ExitCode {
    use crate::format::{number, Locale, NumberFormat};
    let p = match load(cli) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let summary = crate::data::load(&p, dataset).and_then(|f| crate::data::summary(&f));
    let summary = match summary {
        Ok(s) => s,
        Err(d) => {
            let d: Vec<Diagnostic> = d.into_iter().map(|d| d.relative_to(&cli.project)).collect();
            print_diags(&d, false);
            return ExitCode::from(1);
        }
    };
    let n =
        |v: Option<f64>| v.map_or_else(|| "–".to_string(), |v| number(v, Locale::EnUs, &NumberFormat::new()));
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "{:<24} {:>7} {:>8} {:>14} {:>12} {:>12} {:>12} {:>12} {:>9}",
        "column", "count", "missing", "sum", "min", "max", "mean", "median", "distinct"
    );
    for s in summary {
        let _ = writeln!(
            out,
            "{:<24} {:>7} {:>8} {:>14} {:>12} {:>12} {:>12} {:>12} {:>9}",
            s.column,
            s.count,
            s.missing,
            n(s.sum),
            n(s.min),
            n(s.max),
            n(s.mean),
            n(s.median),
            s.distinct.map_or_else(|| "–".to_string(), |d| d.to_string())
        );
    }
    ExitCode::SUCCESS
}
