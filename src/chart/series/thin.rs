//! Long lines reduced to what a pixel column can show: each column's first, lowest,
//! highest and last point, so the drawn envelope is the same. May use: std only.

/// Columns across the panel for [`thin`]: more than the widest preset has pixels (slide,
/// 1920 px), so no pixel column loses anything it would show.
pub(super) const THIN_COLUMNS: usize = 4096;

/// A long line reduced to what can be seen: in each of `columns` slices of the panel's
/// width, its first, lowest, highest and last points, in order. Every extreme of every
/// column is kept, so the drawn envelope is the same; lines short enough to show every
/// point are returned whole. Points are in panel units, x in 0–1 and increasing.
#[cfg(test)]
pub(in crate::chart) fn thin(points: &[(f64, f64)], columns: usize) -> Vec<(f64, f64)> {
    let mut line = Thinner::new(columns);
    for p in points {
        line.push(*p);
    }
    line.finish()
}

/// A column's first, lowest, highest and last point, with their indices.
type Kept = [(usize, (f64, f64)); 4];

/// [`thin`] point by point, so a long line is never held whole: the first `4 × columns`
/// points are kept as they come (a line that short is drawn whole); past that, each
/// column keeps its first, lowest, highest and last point.
pub(in crate::chart) struct Thinner {
    columns: usize,
    /// Points so far, while there are at most `4 × columns` of them.
    raw: Vec<(f64, f64)>,
    /// Points kept from finished columns, once thinning.
    out: Vec<(f64, f64)>,
    /// The current column: its number and its first, lowest, highest and last point, each
    /// with its index (to keep them in order, each once).
    column: Option<(usize, Kept)>,
    count: usize,
}

impl Thinner {
    pub(in crate::chart) fn new(columns: usize) -> Thinner {
        Thinner { columns, raw: Vec::new(), out: Vec::new(), column: None, count: 0 }
    }

    fn column_of(&self, x: f64) -> usize {
        ((x * self.columns as f64) as usize).min(self.columns - 1)
    }

    pub(in crate::chart) fn push(&mut self, p: (f64, f64)) {
        let thinning = self.column.is_some();
        if !thinning && self.raw.len() < 4 * self.columns {
            self.raw.push(p);
            return;
        }
        if !thinning {
            // Too long to draw whole: thin what was kept, then go on point by point.
            for q in std::mem::take(&mut self.raw) {
                self.add(q);
            }
        }
        self.add(p);
    }

    fn add(&mut self, p: (f64, f64)) {
        let c = self.column_of(p.0);
        let i = self.count;
        self.count += 1;
        match &mut self.column {
            Some((cur, kept)) if *cur == c => {
                if p.1 < kept[1].1 .1 {
                    kept[1] = (i, p);
                }
                if p.1 > kept[2].1 .1 {
                    kept[2] = (i, p);
                }
                kept[3] = (i, p);
            }
            _ => {
                self.close();
                self.column = Some((c, [(i, p); 4]));
            }
        }
    }

    /// Adds the current column's points, in order, each once.
    fn close(&mut self) {
        if let Some((_, mut kept)) = self.column.take() {
            kept.sort_unstable_by_key(|k| k.0);
            let mut last = usize::MAX;
            for (i, p) in kept {
                if i != last {
                    self.out.push(p);
                    last = i;
                }
            }
        }
    }

    /// The line to draw, and a fresh start.
    pub(in crate::chart) fn finish(&mut self) -> Vec<(f64, f64)> {
        self.close();
        self.count = 0;
        if self.out.is_empty() {
            std::mem::take(&mut self.raw)
        } else {
            std::mem::take(&mut self.out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::thin;

    /// A seeded random walk (xorshift), as long as the benchmark's.
    fn walk(n: usize) -> Vec<(f64, f64)> {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut y = 0.0;
        (0..n)
            .map(|i| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                y += (state % 2001) as f64 / 1000.0 - 1.0;
                (i as f64 / (n - 1) as f64, y)
            })
            .collect()
    }

    /// Thinning as first written, over a whole line at once.
    fn reference_thin(points: &[(f64, f64)], columns: usize) -> Vec<(f64, f64)> {
        if points.len() <= 4 * columns {
            return points.to_vec();
        }
        let column = |x: f64| ((x * columns as f64) as usize).min(columns - 1);
        let mut out = Vec::new();
        let mut start = 0;
        while start < points.len() {
            let c = column(points[start].0);
            let (mut end, mut lo, mut hi) = (start, start, start);
            while end < points.len() && column(points[end].0) == c {
                if points[end].1 < points[lo].1 {
                    lo = end;
                }
                if points[end].1 > points[hi].1 {
                    hi = end;
                }
                end += 1;
            }
            let mut keep = [start, lo, hi, end - 1];
            keep.sort_unstable();
            let mut last = usize::MAX;
            for i in keep {
                if i != last {
                    out.push(points[i]);
                    last = i;
                }
            }
            start = end;
        }
        out
    }

    #[test]
    fn thinning_point_by_point_equals_thinning_at_once() {
        for n in [2, 10, 4 * 64, 4 * 64 + 1, 1000, 100_000] {
            let pts = walk(n);
            assert_eq!(thin(&pts, 64), reference_thin(&pts, 64), "{n} points");
        }
        // One thinner, several runs (a line broken by missing values).
        let mut line = super::Thinner::new(64);
        for run in [walk(5000), walk(3), walk(300)] {
            for p in &run {
                line.push(*p);
            }
            assert_eq!(line.finish(), reference_thin(&run, 64));
        }
    }

    #[test]
    fn thinning_keeps_every_visible_extreme() {
        let pts = walk(1_000_000);
        let columns = 4096;
        let thinned = thin(&pts, columns);
        assert!(thinned.len() <= 4 * columns, "{} points", thinned.len());
        assert_eq!(thinned.first(), pts.first());
        assert_eq!(thinned.last(), pts.last());
        // Every kept point is an original point, in order.
        assert!(thinned.windows(2).all(|w| w[0].0 < w[1].0));
        // Per column of the thinning grid (1/4096 of the panel, under a pixel of any preset)
        // and of coarser grids, the same lowest and highest value: nothing visible is lost.
        for cols in [columns, 2048, 512, 1] {
            let col = |x: f64| ((x * cols as f64) as usize).min(cols - 1);
            let mut env = vec![(f64::MAX, f64::MIN); cols];
            for p in &pts {
                let e = &mut env[col(p.0)];
                *e = (e.0.min(p.1), e.1.max(p.1));
            }
            let mut kept = vec![(f64::MAX, f64::MIN); cols];
            for p in &thinned {
                let e = &mut kept[col(p.0)];
                *e = (e.0.min(p.1), e.1.max(p.1));
            }
            assert_eq!(env, kept, "envelope at {cols} columns");
        }
    }

    #[test]
    fn short_lines_are_untouched() {
        let pts = walk(5000);
        assert_eq!(thin(&pts, 4096), pts);
    }
}
