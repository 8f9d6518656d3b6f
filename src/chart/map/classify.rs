//! Class breaks for a choropleth: quantiles, equal intervals, Fisher–Jenks natural breaks,
//! or breaks the user gives; and the class (0..k) of a value.
//!
//! Classes are closed above: with inner breaks `b₁ < … < bₖ₋₁`, class 0 holds `v ≤ b₁`,
//! class `i` holds `bᵢ < v ≤ bᵢ₊₁`, the last class `v > bₖ₋₁` (a break is the largest value
//! of its class, as in Jenks's and jenkspy's output).
//!
//! - `quantile`: breaks at the `i/k` quantiles, **type 7** (linear interpolation between
//!   order statistics: R's default `quantile()`, NumPy's default, `d3.quantile`):
//!   with the values sorted `x₀ ≤ … ≤ xₙ₋₁`, `h = (n − 1)·p`, `Q(p) = x⌊h⌋ + (h − ⌊h⌋)·(x⌊h⌋+1 − x⌊h⌋)`.
//! - `equal`: `min + i·(max − min)/k`.
//! - `jenks`: exact Fisher–Jenks by dynamic programming over the sorted values, minimising
//!   the sum over classes of squared deviations from the class mean; a class never splits
//!   equal values; O(k·n²).
//! - `breaks`: the user's inner breaks, kept as given (strictly increasing, finite).
//!
//! Ties and fewer distinct values than classes: for the computed methods every class
//! returned holds at least one value. A break equal to an earlier one, or one that would
//! leave its class or the classes above it empty, is dropped, so the result may have
//! **fewer classes than asked** (`Classes::count`), never an empty one; with a single
//! distinct value there is one class and no break. User breaks are never dropped.
//!
//! May use: std.

use std::fmt;

/// The fewest and most classes a choropleth may ask for.
pub const MIN_CLASSES: usize = 3;
pub const MAX_CLASSES: usize = 7;

/// Why no breaks could be made.
#[derive(Clone, Debug, PartialEq)]
pub enum ClassifyError {
    /// `classes` outside 3..=7 (for user breaks: their count + 1).
    Classes(usize),
    /// No values to classify.
    NoValues,
    /// A value or a break is NaN or infinite.
    NotFinite(f64),
    /// User breaks not strictly increasing: the two offending neighbours.
    NotIncreasing(f64, f64),
}

impl fmt::Display for ClassifyError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            ClassifyError::Classes(k) => {
                write!(f, "a map takes {MIN_CLASSES} to {MAX_CLASSES} classes, not {k}")
            }
            ClassifyError::NoValues => write!(f, "there are no values to classify"),
            ClassifyError::NotFinite(v) => write!(f, "{v} cannot be classified: values must be finite"),
            ClassifyError::NotIncreasing(a, b) => {
                write!(f, "breaks must increase: {b} follows {a}")
            }
        }
    }
}

impl std::error::Error for ClassifyError {}

/// How to make the breaks.
#[derive(Clone, Debug, PartialEq)]
pub enum Method {
    Quantile,
    Equal,
    Jenks,
    /// The user's inner breaks.
    Breaks(Vec<f64>),
}

/// Inner breaks, ascending; `breaks.len() + 1` classes.
#[derive(Clone, Debug, PartialEq)]
pub struct Classes {
    pub breaks: Vec<f64>,
}

impl Classes {
    /// How many classes there are.
    pub fn count(&self) -> usize {
        self.breaks.len() + 1
    }

    /// The class of `v`, 0..count(): how many breaks lie strictly below it.
    pub fn class(&self, v: f64) -> usize {
        self.breaks.partition_point(|&b| b < v)
    }

    /// `class` as a function.
    pub fn classifier(&self) -> impl Fn(f64) -> usize + '_ {
        move |v| self.class(v)
    }
}

/// Breaks by `method` for `values` into `k` classes (for `Method::Breaks`, `k` is ignored:
/// the breaks say how many).
pub fn classify(method: &Method, values: &[f64], k: usize) -> Result<Classes, ClassifyError> {
    match method {
        Method::Quantile => quantile(values, k),
        Method::Equal => equal(values, k),
        Method::Jenks => jenks(values, k),
        Method::Breaks(b) => breaks(b),
    }
}

/// Checks `k` and the values; returns them sorted.
fn prepare(values: &[f64], k: usize) -> Result<Vec<f64>, ClassifyError> {
    if !(MIN_CLASSES..=MAX_CLASSES).contains(&k) {
        return Err(ClassifyError::Classes(k));
    }
    if let Some(&v) = values.iter().find(|v| !v.is_finite()) {
        return Err(ClassifyError::NotFinite(v));
    }
    if values.is_empty() {
        return Err(ClassifyError::NoValues);
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    Ok(sorted)
}

/// Keeps the candidate breaks (ascending) that leave no class empty.
fn keep_filled(sorted: &[f64], candidates: impl IntoIterator<Item = f64>) -> Classes {
    let max = sorted[sorted.len() - 1];
    let mut breaks: Vec<f64> = Vec::new();
    for b in candidates {
        let low = breaks.last().copied().unwrap_or(f64::NEG_INFINITY);
        // Some value in (low, b], and some value above b.
        let filled = sorted.iter().any(|&v| v > low && v <= b);
        if filled && max > b {
            breaks.push(b);
        }
    }
    Classes { breaks }
}

/// Type-7 quantile of sorted values.
fn type7(sorted: &[f64], p: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Breaks at the `i/k` quantiles (type 7).
pub fn quantile(values: &[f64], k: usize) -> Result<Classes, ClassifyError> {
    let sorted = prepare(values, k)?;
    Ok(keep_filled(&sorted, (1..k).map(|i| type7(&sorted, i as f64 / k as f64))))
}

/// `k` intervals of equal width from the smallest to the largest value.
pub fn equal(values: &[f64], k: usize) -> Result<Classes, ClassifyError> {
    let sorted = prepare(values, k)?;
    let (lo, hi) = (sorted[0], sorted[sorted.len() - 1]);
    Ok(keep_filled(&sorted, (1..k).map(|i| lo + (hi - lo) * i as f64 / k as f64)))
}

/// Fisher–Jenks natural breaks: the partition of the sorted values into at most `k`
/// contiguous classes with the least total within-class sum of squared deviations. Breaks
/// are only placed between different values, so with `d < k` distinct values there are `d`
/// classes.
pub fn jenks(values: &[f64], k: usize) -> Result<Classes, ClassifyError> {
    let x = prepare(values, k)?;
    let n = x.len();
    let distinct = 1 + x.windows(2).filter(|w| w[0] < w[1]).count();
    let k = k.min(distinct);
    if k == 1 {
        return Ok(Classes { breaks: Vec::new() });
    }
    // Prefix sums of the values shifted by their mean (less cancellation).
    let mean = x.iter().sum::<f64>() / n as f64;
    let mut s1 = vec![0.0; n + 1];
    let mut s2 = vec![0.0; n + 1];
    for (i, v) in x.iter().enumerate() {
        let d = v - mean;
        s1[i + 1] = s1[i] + d;
        s2[i + 1] = s2[i] + d * d;
    }
    // Sum of squared deviations of x[i..j].
    let ssd = |i: usize, j: usize| {
        let (s, q, m) = (s1[j] - s1[i], s2[j] - s2[i], (j - i) as f64);
        (q - s * s / m).max(0.0)
    };
    // A class may start at i only if x[i] differs from x[i - 1].
    let starts = |i: usize| i == 0 || x[i - 1] < x[i];
    // cost[c][j]: least cost of x[..j] in c + 1 classes; from[c][j]: where the last starts.
    let inf = f64::INFINITY;
    let mut cost = vec![vec![inf; n + 1]; k];
    let mut from = vec![vec![0usize; n + 1]; k];
    for (j, c0) in cost[0].iter_mut().enumerate().skip(1) {
        *c0 = ssd(0, j);
    }
    for c in 1..k {
        for j in (c + 1)..=n {
            if j < n && !starts(j) {
                continue; // x[..j] would end inside a run of equal values
            }
            for i in c..j {
                if !starts(i) || cost[c - 1][i] == inf {
                    continue;
                }
                let total = cost[c - 1][i] + ssd(i, j);
                if total < cost[c][j] {
                    cost[c][j] = total;
                    from[c][j] = i;
                }
            }
        }
    }
    // Walk back from the full range: each class's last value is a break.
    let mut breaks = Vec::with_capacity(k - 1);
    let mut j = n;
    for c in (1..k).rev() {
        let i = from[c][j];
        breaks.push(x[i - 1]);
        j = i;
    }
    breaks.reverse();
    Ok(Classes { breaks })
}

/// The user's inner breaks: 2 to 6 of them (3..=7 classes), finite, strictly increasing.
pub fn breaks(breaks: &[f64]) -> Result<Classes, ClassifyError> {
    let k = breaks.len() + 1;
    if !(MIN_CLASSES..=MAX_CLASSES).contains(&k) {
        return Err(ClassifyError::Classes(k));
    }
    if let Some(&b) = breaks.iter().find(|b| !b.is_finite()) {
        return Err(ClassifyError::NotFinite(b));
    }
    if let Some(w) = breaks.windows(2).find(|w| w[0] >= w[1]) {
        return Err(ClassifyError::NotIncreasing(w[0], w[1]));
    }
    Ok(Classes { breaks: breaks.to_vec() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: &[f64], b: &[f64]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-9)
    }

    /// 32 made-up state rates (one per state, not real figures), used for the comparison
    /// with jenkspy and NumPy below.
    const RATES: [f64; 32] = [
        4.1, 25.3, 9.8, 7.2, 12.5, 30.1, 8.9, 48.7, 15.2, 20.4, 60.3, 55.8, 9.1, 22.7, 18.3, 52.6, 45.0,
        11.4, 16.9, 20.8, 10.5, 13.9, 21.6, 28.4, 35.2, 41.1, 17.3, 24.8, 10.2, 19.6, 2.3, 62.9,
    ];

    #[test]
    fn classes_outside_3_to_7_are_an_error() {
        let v = [1.0, 2.0, 3.0, 4.0];
        for k in [0, 1, 2, 8, 12] {
            assert_eq!(quantile(&v, k), Err(ClassifyError::Classes(k)));
            assert_eq!(equal(&v, k), Err(ClassifyError::Classes(k)));
            assert_eq!(jenks(&v, k), Err(ClassifyError::Classes(k)));
        }
        assert_eq!(jenks(&[], 3), Err(ClassifyError::NoValues));
        assert!(matches!(quantile(&[1.0, f64::NAN], 3), Err(ClassifyError::NotFinite(v)) if v.is_nan()));
        assert_eq!(breaks(&[1.0]), Err(ClassifyError::Classes(2)));
        assert_eq!(breaks(&[1.0; 7]), Err(ClassifyError::Classes(8)));
        assert_eq!(breaks(&[1.0, 3.0, 2.0]), Err(ClassifyError::NotIncreasing(3.0, 2.0)));
        assert_eq!(breaks(&[1.0, 1.0]), Err(ClassifyError::NotIncreasing(1.0, 1.0)));
        assert_eq!(breaks(&[1.0, f64::INFINITY]), Err(ClassifyError::NotFinite(f64::INFINITY)));
        assert_eq!(ClassifyError::Classes(9).to_string(), "a map takes 3 to 7 classes, not 9");
    }

    #[test]
    fn quantile_type_7_by_hand() {
        // x = 1..=10 (n = 10), k = 4, p = 0.25, 0.5, 0.75:
        //   h = 9·0.25 = 2.25 → x₂ + 0.25·(x₃ − x₂) = 3 + 0.25 = 3.25
        //   h = 9·0.5  = 4.5  → x₄ + 0.5·(x₅ − x₄)  = 5 + 0.5  = 5.5
        //   h = 9·0.75 = 6.75 → x₆ + 0.75·(x₇ − x₆) = 7 + 0.75 = 7.75
        let v: Vec<f64> = (1..=10).rev().map(f64::from).collect();
        let c = quantile(&v, 4).unwrap();
        assert!(close(&c.breaks, &[3.25, 5.5, 7.75]), "{:?}", c.breaks);
        // 3 → class 0, 3.25 → class 0 (closed above), 4 → class 1, 10 → class 3.
        let f = c.classifier();
        assert_eq!([f(1.0), f(3.0), f(3.25), f(4.0), f(5.5), f(6.0), f(10.0)], [0, 0, 0, 1, 1, 2, 3]);
        // x = [2, 4, 8, 16, 32], k = 3, p = 1/3, 2/3:
        //   h = 4/3 → x₁ + (1/3)·(x₂ − x₁) = 4 + 4/3 = 16/3
        //   h = 8/3 → x₂ + (2/3)·(x₃ − x₂) = 8 + 16/3 = 40/3
        let c = quantile(&[32.0, 2.0, 16.0, 4.0, 8.0], 3).unwrap();
        assert!(close(&c.breaks, &[16.0 / 3.0, 40.0 / 3.0]), "{:?}", c.breaks);
    }

    #[test]
    fn quantile_matches_numpy() {
        // NumPy 2.4.6, np.quantile(RATES, [0.25, 0.5, 0.75]) (default method "linear" =
        // type 7) → [11.175, 20.0, 31.375]; [0.2, 0.4, 0.6, 0.8] → [10.26, 17.06, 22.26, 39.92].
        assert!(close(&quantile(&RATES, 4).unwrap().breaks, &[11.175, 20.0, 31.375]));
        assert!(close(&quantile(&RATES, 5).unwrap().breaks, &[10.26, 17.06, 22.26, 39.92]));
    }

    #[test]
    fn ties_give_fewer_classes_never_empty_ones() {
        // x = [1, 1, 1, 1, 1, 1, 2, 3] (n = 8), k = 4: type-7 quartiles at h = 7·p = 1.75,
        // 3.5, 5.25 are 1, 1 and x₅ + 0.25·(x₆ − x₅) = 1.25. The second 1 would leave (1, 1]
        // empty and 1.25 would leave (1, 1.25] empty: both dropped. Result [1]: the classes
        // {1 ×6} and {2, 3}.
        let v = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 2.0, 3.0];
        let c = quantile(&v, 4).unwrap();
        assert_eq!(c.breaks, vec![1.0]);
        assert_eq!(c.count(), 2);
        // One distinct value: one class, no break, for every method.
        let same = [5.0; 6];
        for m in [Method::Quantile, Method::Equal, Method::Jenks] {
            let c = classify(&m, &same, 5).unwrap();
            assert_eq!(c.count(), 1, "{m:?}");
            assert_eq!(c.class(5.0), 0);
        }
        // Two distinct values, 5 classes asked: 2 classes.
        let two = [1.0, 1.0, 2.0, 2.0, 2.0];
        for m in [Method::Quantile, Method::Equal, Method::Jenks] {
            let c = classify(&m, &two, 5).unwrap();
            assert_eq!(c.count(), 2, "{m:?}: {:?}", c.breaks);
            assert_eq!((c.class(1.0), c.class(2.0)), (0, 1), "{m:?}");
        }
        // Every class the computed methods return holds a value.
        for m in [Method::Quantile, Method::Equal, Method::Jenks] {
            for k in MIN_CLASSES..=MAX_CLASSES {
                for v in [&RATES[..], &v[..], &[0.0, 1.0, 2.0, 3.0, 100.0][..]] {
                    let c = classify(&m, v, k).unwrap();
                    for class in 0..c.count() {
                        assert!(
                            v.iter().any(|&x| c.class(x) == class),
                            "{m:?} k={k} {v:?}: class {class} empty"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn equal_by_hand() {
        // min 0, max 100, k = 4: width 25 → breaks 25, 50, 75.
        let c = equal(&[0.0, 10.0, 30.0, 55.0, 80.0, 100.0], 4).unwrap();
        assert_eq!(c.breaks, vec![25.0, 50.0, 75.0]);
        assert_eq!([c.class(0.0), c.class(25.0), c.class(25.5), c.class(100.0)], [0, 0, 1, 3]);
        // [0, 1, 2, 3, 100], k = 5: width 20 → 20, 40, 60, 80; (20, 40], (40, 60] and
        // (60, 80] hold nothing, so only 20 stays: {0, 1, 2, 3}, {100}.
        assert_eq!(equal(&[0.0, 1.0, 2.0, 3.0, 100.0], 5).unwrap().breaks, vec![20.0]);
    }

    #[test]
    fn jenks_textbook() {
        // Three obvious groups: breaks after 3 and after 12. Within-class SSD 2 + 2 + 2 = 6;
        // any other 3-class split mixes two groups (e.g. {1,2,3,10} alone costs
        // 114 − 16²/4 = 50).
        let v = [1.0, 2.0, 3.0, 10.0, 11.0, 12.0, 20.0, 21.0, 22.0];
        let c = jenks(&v, 3).unwrap();
        assert_eq!(c.breaks, vec![3.0, 12.0]);
        assert_eq!(v.map(|x| c.class(x)), [0, 0, 0, 1, 1, 1, 2, 2, 2]);
        // By hand, x = [1, 2, 4, 7, 11, 16], k = 3. Candidate splits (SSD per class):
        //   {1,2,4} 4.667 | {7,11} 8 | {16} 0  → 12.667
        //   {1,2,4} 4.667 | {7} 0 | {11,16} 12.5 → 17.167
        //   {1,2} 0.5 | {4,7} 4.5 | {11,16} 12.5 → 17.5
        //   {1,2} 0.5 | {4,7,11} 24.667 | {16} 0 → 25.167
        //   {1,2,4,7} 21 | {11} 0 | {16} 0       → 21
        // so the breaks are 4 and 11.
        assert_eq!(jenks(&[16.0, 1.0, 7.0, 2.0, 11.0, 4.0], 3).unwrap().breaks, vec![4.0, 11.0]);
    }

    #[test]
    fn jenks_never_splits_equal_values() {
        // [1, 1, 1, 5, 5, 9], k = 3: three distinct values, three classes, one each.
        let c = jenks(&[1.0, 1.0, 1.0, 5.0, 5.0, 9.0], 3).unwrap();
        assert_eq!(c.breaks, vec![1.0, 5.0]);
        // [1, 1, 2], k = 3: only two distinct values → two classes.
        assert_eq!(jenks(&[1.0, 1.0, 2.0], 3).unwrap().breaks, vec![1.0]);
    }

    #[test]
    fn jenks_matches_jenkspy() {
        // jenkspy 0.4.1 (PyPI, with NumPy 2.4.6), jenks_breaks(RATES, n_classes=k); it
        // returns [min, inner breaks…, max]:
        //   k=3 [2.3, 15.2, 35.2, 62.9]
        //   k=4 [2.3, 15.2, 30.1, 48.7, 62.9]
        //   k=5 [2.3, 12.5, 22.7, 35.2, 48.7, 62.9]
        //   k=6 [2.3, 7.2, 15.2, 25.3, 35.2, 48.7, 62.9]
        //   k=7 [2.3, 7.2, 15.2, 22.7, 30.1, 41.1, 52.6, 62.9]
        // and for the textbook values [1, 2, 3, 10, 11, 12, 20, 21, 22], k=3: [1, 3, 12, 22].
        let expected: [&[f64]; 5] = [
            &[15.2, 35.2],
            &[15.2, 30.1, 48.7],
            &[12.5, 22.7, 35.2, 48.7],
            &[7.2, 15.2, 25.3, 35.2, 48.7],
            &[7.2, 15.2, 22.7, 30.1, 41.1, 52.6],
        ];
        for (k, e) in (3..=7).zip(expected) {
            assert_eq!(jenks(&RATES, k).unwrap().breaks, e, "k={k}");
        }
    }

    #[test]
    fn user_breaks_are_kept_as_given() {
        let c = classify(&Method::Breaks(vec![10.0, 20.0, 40.0]), &[], 0).unwrap();
        assert_eq!(c.breaks, vec![10.0, 20.0, 40.0]);
        assert_eq!(
            [c.class(-5.0), c.class(10.0), c.class(10.1), c.class(40.0), c.class(1e9)],
            [0, 0, 1, 2, 3]
        );
    }
}
