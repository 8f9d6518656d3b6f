//! Axis ticks: a set of values written with shared decimals and, from a million, in
//! one shared magnitude. May use: std.

use super::decimal::{Decimal, Decimals, Figure, Magnitude};
use super::number::dress;
use super::{Locale, NumberFormat, Style, NOT_A_NUMBER};
use std::collections::HashSet;

/// Most decimals `ticks` will pick on its own; beyond this a tick set is noise, not data.
const MAX_TICK_DECIMALS: usize = 6;

/// Axis ticks, all written with the same number of decimals so the labels line up and
/// "1" never sits next to "1.5".
///
/// Decimals: `fmt.decimals` if set. Otherwise the fewest decimals that write every tick
/// exactly (0, 0.5, 1 -> "0.0", "0.5", "1.0"; 0, 0.25 -> two decimals), tolerating float
/// noise such as 0.30000000000000004. If some tick needs more than six, the fewest that
/// still tell the ticks apart. Currency ticks that would show one decimal show two (cents).
///
/// Compaction: exactly when the largest finite |tick| is at least one million, whatever
/// `fmt.compact` says (long axis labels collide), and never for percents. Every tick then
/// uses the unit of the largest one ("0.5 million", "1.0 million") so they compare at a
/// glance, except zero, which is written "0": it is zero in any unit.
///
/// Non-finite ticks come out as "–". Years are not ticks here; format them with [`year`](super::year).
pub fn ticks(values: &[f64], locale: Locale, fmt: &NumberFormat) -> Vec<String> {
    let largest = values.iter().filter(|v| v.is_finite()).fold(0.0_f64, |m, v| m.max(v.abs()));
    let magnitude = match fmt.style {
        Style::Percent => None,
        _ => Magnitude::for_abs(largest),
    };
    let decimals = fmt.decimals.unwrap_or_else(|| {
        let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        let shared = shared_decimals(&finite, magnitude);
        match (&fmt.style, magnitude) {
            (Style::Currency(_), None) if shared == 1 => 2,
            _ => shared,
        }
    });
    // Spanish compact currency reads "millones de dólares"; the axis follows suit.
    let words = magnitude.is_some();
    values
        .iter()
        .map(|&v| {
            if !v.is_finite() {
                NOT_A_NUMBER.to_string()
            } else if magnitude.is_some() && v == 0.0 {
                "0".to_string()
            } else {
                dress(&Figure::new(v, magnitude, Decimals::Fixed(decimals)), locale, fmt, words)
            }
        })
        .collect()
}

fn shared_decimals(values: &[f64], magnitude: Option<Magnitude>) -> usize {
    let scale = magnitude.map_or(1.0, |m| 10f64.powi(m.exponent() as i32));
    let scaled: Vec<f64> = values.iter().map(|v| v / scale).collect();
    let largest = scaled.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    // Tick generators step in binary (0.1 * 3 = 0.30000000000000004); a tick counts as
    // written exactly when rounding moves it by less than a billionth of the axis.
    let tolerance = (largest * 1e-9).max(1e-12);
    let needed = |v: f64| {
        (0..=MAX_TICK_DECIMALS).find(|&d| {
            let p = 10f64.powi(d as i32);
            ((v * p).round() / p - v).abs() <= tolerance
        })
    };
    let exact = scaled.iter().try_fold(0, |acc, &v| needed(v).map(|d| acc.max(d)));
    if let Some(d) = exact {
        return d;
    }
    let distinct = values.iter().map(|v| (v + 0.0).to_bits()).collect::<HashSet<_>>().len();
    (0..=MAX_TICK_DECIMALS)
        .find(|&d| {
            let shown: HashSet<(bool, Decimal)> = values
                .iter()
                .map(|&v| {
                    let f = Figure::new(v, magnitude, Decimals::Fixed(d));
                    (f.negative, f.digits)
                })
                .collect();
            shown.len() == distinct
        })
        .unwrap_or(MAX_TICK_DECIMALS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain() -> NumberFormat {
        NumberFormat::new()
    }

    fn usd() -> NumberFormat {
        NumberFormat::currency("USD")
    }

    #[test]
    fn ticks_share_decimals() {
        let en = Locale::EnUs;
        assert_eq!(ticks(&[0.0, 500.0, 1000.0, 1500.0], en, &plain()), ["0", "500", "1,000", "1,500"]);
        assert_eq!(ticks(&[0.0, 0.5, 1.0], en, &plain()), ["0.0", "0.5", "1.0"]);
        assert_eq!(ticks(&[0.0, 0.5, 1.0], Locale::EsEs, &plain()), ["0,0", "0,5", "1,0"]);
        assert_eq!(
            ticks(&[0.0, 0.25, 0.5, 0.75, 1.0], en, &plain()),
            ["0.00", "0.25", "0.50", "0.75", "1.00"]
        );
        assert_eq!(ticks(&[0.0, 0.1, 0.2, 0.1 + 0.2], en, &plain()), ["0.0", "0.1", "0.2", "0.3"]);
        assert_eq!(ticks(&[0.0, 1.0, 2.0], en, &plain().decimals(1)), ["0.0", "1.0", "2.0"]);
        assert_eq!(ticks(&[-10.0, 0.0, 10.0], en, &plain()), ["−10", "0", "10"]);
        assert_eq!(ticks(&[5000.0, 10000.0], Locale::EsEs, &plain()), ["5000", "10.000"]);
        assert!(ticks(&[], en, &plain()).is_empty());
    }

    #[test]
    fn ticks_that_cannot_be_written_exactly_are_still_told_apart() {
        let third = 1.0 / 3.0;
        assert_eq!(ticks(&[0.0, third, 2.0 * third], Locale::EnUs, &plain()), ["0.0", "0.3", "0.7"]);
    }

    #[test]
    fn ticks_compact_from_one_million() {
        let en = Locale::EnUs;
        assert_eq!(
            ticks(&[0.0, 5e5, 1e6, 1.5e6], en, &plain()),
            ["0", "0.5 million", "1.0 million", "1.5 million"]
        );
        assert_eq!(ticks(&[0.0, 2e6, 4e6], Locale::EsMx, &plain()), ["0", "2 millones", "4 millones"]);
        assert_eq!(ticks(&[-1e9, 0.0, 1e9], Locale::EsEs, &plain()), ["−mil millones", "0", "mil millones"]);
        assert_eq!(ticks(&[0.0, 400e3, 800e3], en, &plain()), ["0", "400,000", "800,000"]);
        assert_eq!(ticks(&[0.0, 40e6, 80e6], en, &usd()), ["0", "$40 million", "$80 million"]);
        assert_eq!(
            ticks(&[0.0, 40e6, 80e6], Locale::EsMx, &usd()),
            ["0", "40 millones de dólares", "80 millones de dólares"]
        );
    }

    #[test]
    fn ticks_in_percent_and_currency() {
        assert_eq!(
            ticks(&[0.0, 25.0, 50.0], Locale::EsEs, &NumberFormat::percent()),
            ["0\u{a0}%", "25\u{a0}%", "50\u{a0}%"]
        );
        assert_eq!(ticks(&[0.0, 25.0, 50.0], Locale::EsMx, &NumberFormat::percent()), ["0%", "25%", "50%"]);
        assert_eq!(ticks(&[0.0, 0.5, 1.0], Locale::EnUs, &usd()), ["$0.00", "$0.50", "$1.00"]);
        assert_eq!(ticks(&[0.0, 500.0, 1000.0], Locale::EnUs, &usd()), ["$0", "$500", "$1,000"]);
    }

    #[test]
    fn non_finite_ticks_do_not_disturb_the_rest() {
        assert_eq!(
            ticks(&[0.0, f64::NAN, 0.5, f64::INFINITY], Locale::EnUs, &plain()),
            ["0.0", "–", "0.5", "–"]
        );
        assert_eq!(ticks(&[f64::NAN], Locale::EsEs, &plain()), ["–"]);
    }
}
