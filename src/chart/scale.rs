//! Linear scales and "nice" ticks (steps of 1, 2, 2.5 or 5 × 10ⁿ). May use: std only.

/// Maps a data domain onto 0..1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Linear {
    pub lo: f64,
    pub hi: f64,
}

impl Linear {
    pub fn new(lo: f64, hi: f64) -> Linear {
        if hi > lo {
            Linear { lo, hi }
        } else {
            // A single value still gets a visible extent.
            Linear { lo, hi: lo + 1.0 }
        }
    }

    pub fn map(&self, v: f64) -> f64 {
        (v - self.lo) / (self.hi - self.lo)
    }
}

/// A step of 1, 2, 2.5 or 5 × 10ⁿ giving the count of intervals closest to `target`.
pub fn nice_step(span: f64, target: usize) -> f64 {
    if span <= 0.0 || !span.is_finite() {
        return 1.0;
    }
    let target = target.max(1) as f64;
    let mag = 10f64.powi((span / target).log10().floor() as i32);
    [1.0, 2.0, 2.5, 5.0, 10.0, 20.0]
        .iter()
        .map(|f| f * mag)
        .min_by(|a, b| ((span / a) - target).abs().total_cmp(&((span / b) - target).abs()))
        .unwrap_or(mag)
}

/// Ticks covering `lo..=hi` with a nice step, extended outward to whole steps.
pub fn nice_ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    let (lo, hi) = if hi > lo { (lo, hi) } else { (lo, lo + 1.0) };
    let step = nice_step(hi - lo, target);
    let start = (lo / step).floor() as i64;
    let end = (hi / step).ceil() as i64;
    // Multiplying integers by the step (not accumulating) keeps ticks exact: 0.3, not 0.30000000000000004.
    (start..=end).map(|i| round_to_step(i as f64 * step, step)).collect()
}

fn round_to_step(v: f64, step: f64) -> f64 {
    let decimals = (-step.log10().floor()).max(0.0) as i32 + 1;
    let p = 10f64.powi(decimals);
    (v * p).round() / p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_nice() {
        assert_eq!(nice_ticks(0.0, 2766.0, 5), vec![0.0, 500.0, 1000.0, 1500.0, 2000.0, 2500.0, 3000.0]);
        assert_eq!(nice_ticks(0.0, 1.0, 5), vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        assert_eq!(nice_ticks(0.0, 0.3, 3), vec![0.0, 0.1, 0.2, 0.3]);
        assert_eq!(nice_ticks(2000.0, 2018.0, 4), vec![2000.0, 2005.0, 2010.0, 2015.0, 2020.0]);
        assert_eq!(nice_ticks(0.0, 1000.0, 4), vec![0.0, 250.0, 500.0, 750.0, 1000.0]);
    }

    #[test]
    fn linear_maps_domain_to_unit() {
        let s = Linear::new(0.0, 3000.0);
        assert_eq!(s.map(1500.0), 0.5);
        assert_eq!(Linear::new(5.0, 5.0).map(5.0), 0.0);
    }
}
