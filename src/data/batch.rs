//! Large files in blocks. When the query over a scanned file begins with filters, or an
//! aggregate that adds up (see `stats::push`), the file is read in blocks of whole rows,
//! each block runs those filters and the aggregate's partial sums, and the rest of the
//! query runs on what the blocks leave. Each block is mapped on its own (the next one found
//! ahead, on a thread of its own) and unmapped when done, where Polars maps the whole file
//! at once: a 500 MB file then costs a few blocks of memory, not 500 MB. The plan it reads
//! is a `lazy::Scan`. May use: spec, polars (with memmap2, memchr for the blocks).

use super::lazy::Scan;
use super::stats::{self, Fetch};
use super::transform;
use crate::spec::transform::{Step, Transform};
use crate::spec::Diagnostic;
use polars::prelude::*;
use polars_buffer::Buffer;
use std::io::{Read, Seek};
use std::sync::mpsc::sync_channel;

/// Bytes read at a time; a row longer than this makes its block longer.
pub const BLOCK: usize = 32 << 20;

/// `steps` over the scanned file, block by block, or `None` when they do not begin with
/// filters or an aggregate that adds up (the whole query then runs as one). Each block
/// runs the leading filters and that aggregate's partial sums; the rest of the steps run
/// on the stacked result.
pub fn apply(scan: &Scan, steps: &[Step], fetch: &mut Fetch) -> Result<Option<DataFrame>, Vec<Diagnostic>> {
    // Filling blanks down carries values from one row to the next, across blocks.
    if !scan.read.fill_down.is_empty() {
        return Ok(None);
    }
    let k = steps.iter().position(|s| !matches!(s.op, Transform::Filter(_))).unwrap_or(steps.len());
    let at = steps.get(k).or(steps.last()).map(|s| s.at.clone()).unwrap_or_default();
    let error = |e: PolarsError| vec![Diagnostic::error(at.clone(), format!("cannot read CSV ({e})"))];
    let probe = transform::apply_lazy(scan.whole().map_err(error)?, &steps[..k], fetch)?;
    let aggregate = steps.get(k).and_then(|s| match &s.op {
        Transform::Aggregate(a) if stats::push(&probe, a).is_some() => Some((&s.at, a)),
        _ => None,
    });
    if k == 0 && aggregate.is_none() {
        return Ok(None);
    }
    let partial = each_block(scan, &error, |lf| {
        let lf = transform::apply_lazy(lf, &steps[..k], fetch)?;
        let query = match aggregate {
            Some((_, agg)) => stats::push(&lf, agg).ok_or_else(|| {
                vec![Diagnostic::error(at.clone(), "a block of the file does not read like its start")]
            })?,
            None => lf,
        };
        transform::collect(query, at.clone())
    })?;
    let Some(partial) = partial else { return Ok(None) };
    match aggregate {
        Some((at, agg)) => {
            let df = stats::finish_pushed(partial, at, agg)?;
            transform::apply(df, &steps[k + 1..], fetch).map(Some)
        }
        None => transform::apply(partial, &steps[k..], fetch).map(Some),
    }
}

/// `query` on each block of the scanned file, the results stacked; `None` for a file
/// without rows. Errors are made by `error` (from Polars and I/O) or by `query`.
fn each_block<E>(
    scan: &Scan,
    error: &dyn Fn(PolarsError) -> E,
    mut query: impl FnMut(LazyFrame) -> Result<DataFrame, E>,
) -> Result<Option<DataFrame>, E> {
    let mut partial: Option<DataFrame> = None;
    let mut failure = None;
    std::thread::scope(|s| {
        let (send, blocks) = sync_channel(1);
        s.spawn(move || read_blocks(scan, |b| send.send(b).is_ok()));
        for block in blocks {
            let result =
                block.map_err(|e: std::io::Error| error(e.into())).and_then(|(bytes, first_line)| {
                    let source = ScanSources::Buffers(Arc::from([bytes]));
                    query(scan.frame(source, 0, first_line, false).map_err(error)?)
                });
            match (result, &mut partial) {
                (Ok(df), Some(p)) => {
                    if let Err(e) = p.vstack_mut_owned(df) {
                        failure = Some(error(e));
                        break;
                    }
                }
                (Ok(df), None) => partial = Some(df),
                (Err(d), _) => {
                    failure = Some(d);
                    break;
                }
            }
        }
        // Dropping the receiver stops the reader at its next block.
    });
    match failure {
        Some(e) => Err(e),
        None => Ok(partial),
    }
}

/// A query over the whole scanned file, run block by block: `query` on each block, then
/// `merge` on their results stacked (for a filter or a minimum by group, the same query
/// again). For the checks of `scan`, which would otherwise map the whole file at once.
pub fn each(
    scan: &Scan,
    query: &dyn Fn(LazyFrame) -> LazyFrame,
    merge: &dyn Fn(LazyFrame) -> LazyFrame,
) -> PolarsResult<DataFrame> {
    match each_block(scan, &|e| e, |lf| query(lf).collect())? {
        Some(partial) => merge(partial.lazy()).collect(),
        None => query(scan.whole()?).collect(),
    }
}

/// Maps offsets are aligned to: a multiple of any page size in use.
const ALIGN: usize = 64 << 10;

/// Gives the rows of `scan`'s UTF-8 file to `take`, in blocks of whole rows, each with the
/// line number of its first row, until `take` returns false. Each block is a map of its
/// own part of the file, unmapped when Polars is done with it: the pages read come and
/// go with their block instead of adding up to the whole file.
fn read_blocks(scan: &Scan, mut take: impl FnMut(std::io::Result<(Buffer<u8>, usize)>) -> bool) {
    if let Err(e) = blocks(scan, &mut take) {
        take(Err(e));
    }
}

fn blocks(
    scan: &Scan,
    take: &mut impl FnMut(std::io::Result<(Buffer<u8>, usize)>) -> bool,
) -> std::io::Result<()> {
    let file = std::fs::File::open(&scan.utf8)?;
    let len = file.metadata()?.len() as usize;
    let mut pos = rows_start(&file, scan.header_line)?;
    let mut line = scan.header_line + 1;
    let mut want = scan.block;
    while pos < len {
        let end = (pos + want).min(len);
        let from = pos / ALIGN * ALIGN;
        // SAFETY: the map is read only; as for Polars' own map of the file, the file must
        // not be truncated while the build reads it (cifras holds it only for this block).
        let map = unsafe { memmap2::MmapOptions::new().offset(from as u64).len(end - from).map(&file)? };
        let rows = &map[pos - from..];
        let cut = if end == len { rows.len() } else { rows_end(rows) };
        if cut == 0 {
            // Not one whole row yet: map more.
            want *= 2;
            continue;
        }
        let lines = memchr::memchr_iter(b'\n', &rows[..cut]).count();
        let blank = rows[..cut].iter().all(u8::is_ascii_whitespace);
        let block = Buffer::from_owner(map).sliced(pos - from..pos - from + cut);
        if !blank && !take(Ok((block, line))) {
            return Ok(());
        }
        line += lines;
        pos += cut;
        want = scan.block;
    }
    Ok(())
}

/// The offset of the first row: just past the header, line `header_line` (1-based).
fn rows_start(file: &std::fs::File, header_line: usize) -> std::io::Result<usize> {
    let mut head = Vec::new();
    let mut want = 1 << 20;
    loop {
        head.clear();
        let read = file.take(want as u64).read_to_end(&mut head);
        let mut f = file;
        f.seek(std::io::SeekFrom::Start(0))?;
        read?;
        if let Some(end) = nth_line_end(&head, header_line) {
            return Ok(end);
        }
        if head.len() < want {
            return Ok(head.len());
        }
        want *= 2;
    }
}

/// The offset just past the `n`th line end (1-based) of `bytes`.
fn nth_line_end(bytes: &[u8], n: usize) -> Option<usize> {
    memchr::memchr_iter(b'\n', bytes).nth(n.checked_sub(1)?).map(|i| i + 1)
}

/// The offset just past the last line end that ends a row: outside quotes, which may hold
/// line ends of their own. 0 when there is none.
fn rows_end(bytes: &[u8]) -> usize {
    if memchr::memchr(b'"', bytes).is_none() {
        return memchr::memrchr(b'\n', bytes).map_or(0, |i| i + 1);
    }
    let mut quoted = false;
    let mut end = 0;
    for (i, b) in bytes.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => end = i + 1,
            _ => {}
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_end_after_whole_rows() {
        assert_eq!(rows_end(b"a,b\n1,2\n3,"), 8);
        assert_eq!(rows_end(b"a,b\n1,\"x\ny\"\n3,\"z\n"), 12);
        assert_eq!(rows_end(b"1,2"), 0);
        assert_eq!(nth_line_end(b"t\n\na,b\n1,2\n", 3), Some(7));
    }
}
