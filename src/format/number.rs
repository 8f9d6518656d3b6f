//! Number formats (plain, percent, currency; compact words from a million) and
//! [`number`], which writes one value in a locale; [`unit_format`] reads a row's unit
//! cell. May use: std.

use super::currency::{place_symbol, CURRENCIES};
use super::decimal::{Decimals, Figure, Magnitude};
use super::{Locale, NBSP, NOT_A_NUMBER};

#[derive(Clone, Debug, PartialEq, Default)]
pub enum Style {
    #[default]
    Plain,
    /// The value is already in percent units: 70 means 70 %.
    Percent,
    /// ISO 4217 code: "USD", "EUR", "MXN", "GBP"; other codes print as the code itself.
    Currency(String),
}

/// How to write one number. Build it with [`NumberFormat::new`] and the builders;
/// the derived `Default` has `group: false`, which suits codes, not figures.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct NumberFormat {
    pub style: Style,
    /// None = as many as needed up to 2, trailing zeros trimmed (compact: up to 1;
    /// currency: 0 for whole amounts, else 2, so cents never show as "$3.5").
    pub decimals: Option<usize>,
    /// 1 200 000 -> "1.2 million". Words rather than "M"/"bn", because labels are read
    /// by the general public. No effect below one million, nor on percents.
    pub compact: bool,
    /// Digit grouping; true via `new()`, false for codes and identifiers.
    pub group: bool,
}

impl NumberFormat {
    pub fn new() -> Self {
        NumberFormat { group: true, ..NumberFormat::default() }
    }

    pub fn percent() -> Self {
        NumberFormat { style: Style::Percent, ..NumberFormat::new() }
    }

    /// The code is upper-cased so that "usd" from a config file finds its symbol.
    pub fn currency(code: &str) -> Self {
        NumberFormat { style: Style::Currency(code.trim().to_ascii_uppercase()), ..NumberFormat::new() }
    }

    pub fn compact() -> Self {
        NumberFormat { compact: true, ..NumberFormat::new() }
    }

    pub fn decimals(self, n: usize) -> Self {
        NumberFormat { decimals: Some(n), ..self }
    }

    pub fn grouping(self, group: bool) -> Self {
        NumberFormat { group, ..self }
    }

    pub fn with_compact(self, compact: bool) -> Self {
        NumberFormat { compact, ..self }
    }
}

/// Formats a number. Non-finite values format as "–" (en dash): callers must never
/// pass them for data, but the formatter must never panic.
pub fn number(value: f64, locale: Locale, fmt: &NumberFormat) -> String {
    if !value.is_finite() {
        return NOT_A_NUMBER.to_string();
    }
    let compact = fmt.compact && fmt.style != Style::Percent && Magnitude::for_abs(value.abs()).is_some();
    let figure = if compact {
        Figure::compact(value, fmt.decimals.map_or(Decimals::UpTo(1), Decimals::Fixed))
    } else {
        match (&fmt.style, fmt.decimals) {
            (Style::Currency(_), None) => Figure::money(value),
            (_, decimals) => Figure::new(value, None, decimals.map_or(Decimals::UpTo(2), Decimals::Fixed)),
        }
    };
    dress(&figure, locale, fmt, fmt.compact)
}

/// The format a row's unit cell asks for ("percent", "million USD", "million EUR", "units"),
/// and the multiplier from stored values to the figure: tables format per-row units with
/// it (the chart room reads units the same way).
pub fn unit_format(unit: &str) -> (NumberFormat, f64) {
    let unit = unit.trim().to_lowercase();
    let mut nf = NumberFormat::new();
    let mut multiplier = 1.0;
    let mut words: Vec<&str> = unit.split_whitespace().collect();
    match words.first() {
        Some(&"million") => {
            multiplier = 1e6;
            nf.compact = true;
            words.remove(0);
        }
        Some(&"billion") => {
            multiplier = 1e9;
            nf.compact = true;
            words.remove(0);
        }
        _ => {}
    }
    match words.as_slice() {
        ["percent"] | ["%"] => nf.style = Style::Percent,
        [code] if ["usd", "eur", "mxn", "gbp"].contains(code) => {
            nf.style = Style::Currency(code.to_uppercase())
        }
        _ => {}
    }
    (nf, multiplier)
}

/// `words`: in Spanish, spell the currency out ("80 millones de dólares") instead of
/// using a symbol; chosen with compaction, the style for readers rather than ledgers.
/// Not CLDR: its es short currency form is "80 M US$", which the press does not write.
pub(super) fn dress(figure: &Figure, locale: Locale, fmt: &NumberFormat, words: bool) -> String {
    let sign = figure.sign(locale);
    let body = figure.unsigned(locale, fmt.group);
    match &fmt.style {
        Style::Plain => format!("{sign}{body}"),
        // CLDR percentFormats: en, en-GB and es-MX "#,##0%"; es "#,##0 %" with U+00A0.
        // es-MX really has no space in CLDR (inherited from es-419), so neither do we.
        Style::Percent => match locale {
            Locale::EsEs => format!("{sign}{body}{NBSP}%"),
            _ => format!("{sign}{body}%"),
        },
        Style::Currency(code) => {
            let currency = CURRENCIES.iter().find(|c| c.code == code.as_str());
            match currency {
                Some(c) if words && locale.is_spanish() => {
                    let (one, other) = c.spanish_names(locale);
                    let name = if figure.magnitude.is_none() && figure.digits.is_one() { one } else { other };
                    // "de" follows the noun "millones", not a bare number: "276,000 dólares".
                    let link = if figure.magnitude.is_some() { " de " } else { " " };
                    format!("{sign}{body}{link}{name}")
                }
                _ => {
                    let symbol = currency.map_or(code.as_str(), |c| c.symbol(locale));
                    place_symbol(locale, &sign, symbol, &body)
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NB: &str = "\u{a0}";

    fn plain() -> NumberFormat {
        NumberFormat::new()
    }

    fn usd() -> NumberFormat {
        NumberFormat::currency("USD")
    }

    fn eur() -> NumberFormat {
        NumberFormat::currency("EUR")
    }

    fn mxn() -> NumberFormat {
        NumberFormat::currency("MXN")
    }

    #[test]
    fn number_table() {
        use Locale::*;
        let nb = |s: &str| s.replace('_', NB);
        let cases: Vec<(f64, Locale, NumberFormat, String)> = vec![
            // Grouping in all four locales, es-ES minimum grouping digits = 2.
            (1234.0, EnUs, plain(), "1,234".into()),
            (1234.0, EnGb, plain(), "1,234".into()),
            (1234.0, EsMx, plain(), "1,234".into()),
            (1234.0, EsEs, plain(), "1234".into()),
            (12345.0, EsEs, plain(), "12.345".into()),
            (1234567.0, EsEs, plain(), "1.234.567".into()),
            (12345.0, EsMx, plain(), "12,345".into()),
            (999.0, EsEs, plain(), "999".into()),
            (-1234.5, EsEs, plain(), "−1234,5".into()),
            (-12345.5, EsEs, plain(), "−12.345,5".into()),
            (-1234.5, EsMx, plain(), "−1,234.5".into()),
            (-1234.5, EnUs, plain(), "−1,234.5".into()),
            (1234567.891, EnGb, plain(), "1,234,567.89".into()),
            (12345.0, EnUs, plain().grouping(false), "12345".into()),
            (12345.0, EnUs, NumberFormat::default(), "12345".into()),
            // Decimals.
            (1.23456, EnUs, plain(), "1.23".into()),
            (2.5, EnUs, plain(), "2.5".into()),
            (2.0, EnUs, plain(), "2".into()),
            (2.0, EnUs, plain().decimals(2), "2.00".into()),
            (1234.5, EsEs, plain().decimals(2), "1234,50".into()),
            (0.5, EsEs, plain(), "0,5".into()),
            // Rounding: half away from zero on the decimal digits.
            (0.125, EnUs, plain().decimals(2), "0.13".into()),
            (0.125, EnUs, plain(), "0.13".into()),
            (2.5, EnUs, plain().decimals(0), "3".into()),
            (-2.5, EnUs, plain().decimals(0), "−3".into()),
            (1.005, EnUs, plain().decimals(2), "1.01".into()),
            (999.996, EnUs, plain(), "1,000".into()),
            (0.3, EnUs, plain().decimals(3), "0.300".into()),
            // Negative zero and negatives that round to zero.
            (-0.0, EnUs, plain(), "0".into()),
            (-0.0, EsEs, plain().decimals(1), "0,0".into()),
            (-0.001, EnUs, plain(), "0".into()),
            // Percent.
            (70.0, EnUs, NumberFormat::percent(), "70%".into()),
            (70.0, EnGb, NumberFormat::percent(), "70%".into()),
            (70.0, EsMx, NumberFormat::percent(), "70%".into()),
            (70.0, EsEs, NumberFormat::percent(), nb("70_%")),
            (12.5, EsEs, NumberFormat::percent(), nb("12,5_%")),
            (-3.25, EnUs, NumberFormat::percent().decimals(1), "−3.3%".into()),
            (2_500_000.0, EnUs, NumberFormat::percent().with_compact(true), "2,500,000%".into()),
            // Currency, symbol form.
            (1234.0, EnUs, usd(), "$1,234".into()),
            (1234.5, EnUs, usd(), "$1,234.50".into()),
            (-1234.0, EnUs, usd(), "−$1,234".into()),
            (1234.0, EnGb, usd(), "US$1,234".into()),
            (1234.0, EnUs, eur(), "€1,234".into()),
            (1234.0, EnUs, mxn(), "MX$1,234".into()),
            (1234.0, EsMx, usd(), "US$1,234".into()),
            (1234.0, EsMx, mxn(), "$1,234".into()),
            (1234.0, EsMx, eur(), nb("EUR_1,234")),
            (1234.0, EsEs, eur(), nb("1234_€")),
            (12345.0, EsEs, eur(), nb("12.345_€")),
            (-12345.5, EsEs, eur(), nb("−12.345,50_€")),
            (1234.0, EsEs, usd(), nb("1234_US$")),
            (1234.0, EnUs, NumberFormat::currency("chf"), nb("CHF_1,234")),
            (1234.0, EnGb, NumberFormat::currency("GBP"), "£1,234".into()),
            // Currency, compact.
            (80e6, EnUs, usd().with_compact(true), "$80 million".into()),
            (34e6, EnUs, eur().with_compact(true), "€34 million".into()),
            (80e6, EnUs, mxn().with_compact(true), "MX$80 million".into()),
            (276_000.0, EnUs, usd().with_compact(true), "$276,000".into()),
            (80e6, EsMx, usd().with_compact(true), "80 millones de dólares".into()),
            (34e6, EsMx, eur().with_compact(true), "34 millones de euros".into()),
            (34e6, EsEs, eur().with_compact(true), "34 millones de euros".into()),
            (1e6, EsMx, usd().with_compact(true), "1 millón de dólares".into()),
            (2.5e9, EsEs, usd().with_compact(true), "2,5 mil millones de dólares".into()),
            (-1.5e6, EsMx, mxn().with_compact(true), "−1.5 millones de pesos".into()),
            (3e6, EsEs, mxn().with_compact(true), "3 millones de pesos mexicanos".into()),
            (276_000.0, EsMx, usd().with_compact(true), "276,000 dólares".into()),
            (1.0, EsMx, usd().with_compact(true), "1 dólar".into()),
            // Compact numbers.
            (1.2e6, EnUs, NumberFormat::compact(), "1.2 million".into()),
            (1_234_567.0, EnUs, NumberFormat::compact(), "1.2 million".into()),
            (1_050_000.0, EnUs, NumberFormat::compact(), "1.1 million".into()),
            (34e6, EnGb, NumberFormat::compact(), "34 million".into()),
            (1e9, EnUs, NumberFormat::compact(), "1 billion".into()),
            (3e12, EnUs, NumberFormat::compact(), "3 trillion".into()),
            (999_960_000.0, EnUs, NumberFormat::compact(), "1 billion".into()),
            (276_000.0, EnUs, NumberFormat::compact(), "276,000".into()),
            (1_250_000.0, EnUs, NumberFormat::compact().decimals(2), "1.25 million".into()),
            (1e6, EnUs, NumberFormat::compact().decimals(1), "1.0 million".into()),
            (1.2e6, EsEs, NumberFormat::compact(), "1,2 millones".into()),
            (1.2e6, EsMx, NumberFormat::compact(), "1.2 millones".into()),
            (1e6, EsMx, NumberFormat::compact(), "1 millón".into()),
            (-1e6, EsEs, NumberFormat::compact(), "−1 millón".into()),
            (-1.5e6, EsEs, NumberFormat::compact(), "−1,5 millones".into()),
            (1e9, EsMx, NumberFormat::compact(), "mil millones".into()),
            (1e9, EsEs, usd().with_compact(true), "mil millones de dólares".into()),
            (1.5e6, EsEs, NumberFormat::compact(), "1,5 millones".into()),
            (2.5e9, EsEs, NumberFormat::compact(), "2,5 mil millones".into()),
            (1e12, EsEs, NumberFormat::compact(), "1 billón".into()),
            (4e12, EsMx, NumberFormat::compact(), "4 billones".into()),
            (1.5e15, EsEs, NumberFormat::compact(), "1500 billones".into()),
        ];
        assert!(cases.len() >= 40);
        let mut failures = Vec::new();
        for (value, locale, fmt, expected) in &cases {
            let got = number(*value, *locale, fmt);
            if &got != expected {
                failures.push(format!("{value} {locale} {fmt:?}: got {got:?}, want {expected:?}"));
            }
        }
        assert!(
            failures.is_empty(),
            "{} of {} cases failed:\n{}",
            failures.len(),
            cases.len(),
            failures.join("\n")
        );
    }

    #[test]
    fn minus_is_the_typographic_minus_never_a_hyphen() {
        for &locale in Locale::all() {
            for fmt in [plain(), NumberFormat::percent(), usd(), NumberFormat::compact()] {
                let s = number(-2_500_000.5, locale, &fmt);
                assert!(s.contains('\u{2212}'), "{locale} {fmt:?}: {s}");
                assert!(!s.contains('-'), "{locale} {fmt:?}: {s}");
            }
        }
    }

    #[test]
    fn non_finite_values_never_panic() {
        let formats = [
            plain(),
            NumberFormat::percent(),
            usd(),
            NumberFormat::compact(),
            eur().with_compact(true).decimals(3),
            NumberFormat::default(),
        ];
        for &locale in Locale::all() {
            for fmt in &formats {
                for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
                    assert_eq!(number(v, locale, fmt), "–", "{v} {locale} {fmt:?}");
                }
            }
        }
    }

    #[test]
    fn extreme_finite_values_do_not_panic() {
        for &locale in Locale::all() {
            for v in [f64::MAX, f64::MIN, f64::MIN_POSITIVE, 5e-324, 1e15 + 0.3] {
                for fmt in [plain(), NumberFormat::compact(), usd().with_compact(true)] {
                    assert!(!number(v, locale, &fmt).is_empty());
                }
            }
        }
        assert_eq!(number(5e-324, Locale::EnUs, &plain()), "0");
        assert!(number(f64::MAX, Locale::EnUs, &NumberFormat::compact()).ends_with(" trillion"));
    }

    #[test]
    fn number_format_builders() {
        assert!(NumberFormat::new().group);
        assert!(!NumberFormat::default().group);
        assert_eq!(NumberFormat::percent().style, Style::Percent);
        assert_eq!(NumberFormat::currency(" usd").style, Style::Currency("USD".into()));
        assert!(NumberFormat::compact().compact && NumberFormat::compact().group);
        let f = NumberFormat::percent().decimals(3);
        assert_eq!((f.style, f.decimals, f.compact, f.group), (Style::Percent, Some(3), false, true));
    }
}
