//! Locale-aware formatting of every figure cifras prints: plain numbers, percents,
//! currency amounts, compact numbers ("1.2 million"), qualifier phrases
//! ("more than 276,000") and years, for en-US, en-GB, es-MX and es-ES.
//! Charts, alt text and tables all format through this module, so a figure reads
//! the same in the chart, in the screen-reader description and in the table.
//!
//! It uses nothing but std. The CLDR facts these four locales need (separators,
//! minimum grouping digits, percent and currency patterns, long compact names, the
//! plural "one" rule) are few and stable, so they are written down here next to the
//! tests that pin them, rather than pulling in ICU data for hundreds of locales.
//! The CLDR values below were read from unicode-org/cldr-json (CLDR 45):
//! `cldr-numbers-modern/main/es/numbers.json`, `cldr-numbers-full/main/es-MX/numbers.json`,
//! `cldr-numbers-full/main/en-GB/numbers.json` and the matching `currencies.json` files.
//!
//! Deliberate departures from CLDR, all for typography or for readers of human-rights
//! reports, are marked "Not CLDR" where they are made.

use std::collections::HashSet;
use std::fmt;

/// Not CLDR: CLDR gives U+002D for these locales, but in print a hyphen reads as a dash
/// and is visibly shorter than a plus sign; U+2212 is the typographic minus.
const MINUS: char = '\u{2212}';
/// Keeps "70 %" and "1234 €" on one line when a label or table cell wraps.
const NBSP: char = '\u{a0}';

/// What a non-finite value formats as. Callers must never pass NaN or infinities as
/// data, but a chart with one bad cell should still render instead of panicking.
pub const NOT_A_NUMBER: &str = "\u{2013}";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Locale {
    EnUs,
    EnGb,
    EsMx,
    EsEs,
}

impl Locale {
    /// "en-US", "en-GB", "es-MX", "es-ES" (case-insensitive, '_' accepted); None otherwise.
    pub fn parse(tag: &str) -> Option<Locale> {
        let tag = tag.trim().replace('_', "-");
        Locale::all().iter().copied().find(|l| l.tag().eq_ignore_ascii_case(&tag))
    }

    pub fn tag(self) -> &'static str {
        match self {
            Locale::EnUs => "en-US",
            Locale::EnGb => "en-GB",
            Locale::EsMx => "es-MX",
            Locale::EsEs => "es-ES",
        }
    }

    pub fn language(self) -> &'static str {
        match self {
            Locale::EnUs | Locale::EnGb => "en",
            Locale::EsMx | Locale::EsEs => "es",
        }
    }

    pub fn all() -> &'static [Locale] {
        &[Locale::EnUs, Locale::EnGb, Locale::EsMx, Locale::EsEs]
    }

    /// Default locale for a language code: "en" -> EnUs, "es" -> EsMx.
    pub fn for_language(lang: &str) -> Option<Locale> {
        match lang.trim().to_ascii_lowercase().as_str() {
            "en" => Some(Locale::EnUs),
            "es" => Some(Locale::EsMx),
            _ => None,
        }
    }

    fn is_spanish(self) -> bool {
        self.language() == "es"
    }

    fn symbols(self) -> Symbols {
        match self {
            // CLDR en, en-GB (via en-001), es-MX (via es-419): "." and ",", min grouping 1.
            Locale::EnUs | Locale::EnGb | Locale::EsMx => {
                Symbols { decimal: '.', group: ',', min_grouping: 1, minus: MINUS }
            }
            // CLDR es: decimal ",", group ".", minimumGroupingDigits 2, so four-digit
            // numbers stay ungrouped (1234) while 12.345 and 1.234.567 are grouped.
            Locale::EsEs => Symbols { decimal: ',', group: '.', min_grouping: 2, minus: MINUS },
        }
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

#[derive(Clone, Copy)]
struct Symbols {
    decimal: char,
    group: char,
    /// CLDR minimumGroupingDigits: the leftmost group must have at least this many
    /// digits before any separator is written.
    min_grouping: usize,
    minus: char,
}

/// How sure a source is about a figure. Reports on violations rarely have exact
/// counts, and the hedge must travel with the number into every output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Qualifier {
    #[default]
    Exact,
    Approx,
    Almost,
    MoreThan,
    AtLeast,
    LessThan,
    Estimate,
}

impl Qualifier {
    pub const NAMES: &'static [&'static str] =
        &["exact", "approx", "almost", "more_than", "at_least", "less_than", "estimate"];

    /// Same order as `NAMES`, so parsing and naming cannot drift apart.
    const ALL: [Qualifier; 7] = [
        Qualifier::Exact,
        Qualifier::Approx,
        Qualifier::Almost,
        Qualifier::MoreThan,
        Qualifier::AtLeast,
        Qualifier::LessThan,
        Qualifier::Estimate,
    ];

    /// "exact" | "approx" | "almost" | "more_than" | "at_least" | "less_than" | "estimate".
    /// Case and '-' or ' ' for '_' are forgiven, since these come from hand-written files.
    pub fn parse(s: &str) -> Option<Qualifier> {
        let key = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        Qualifier::ALL.iter().copied().find(|q| q.as_str() == key)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::Approx => "approx",
            Qualifier::Almost => "almost",
            Qualifier::MoreThan => "more_than",
            Qualifier::AtLeast => "at_least",
            Qualifier::LessThan => "less_than",
            Qualifier::Estimate => "estimate",
        }
    }
}

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

// Qualifier arithmetic: computed figures never claim more exactness than their inputs.
// The rules are written out in `data::stats` and README.md ("Provenance of computed figures").

/// The qualifier of a value that grows with every input (sum, mean, min, …).
pub fn qualifier_of_sum(qs: impl IntoIterator<Item = Qualifier>) -> Qualifier {
    use Qualifier::*;
    let qs: Vec<Qualifier> = qs.into_iter().collect();
    let any = |q: Qualifier| qs.contains(&q);
    if any(Estimate) {
        return Estimate;
    }
    if any(Approx) {
        return Approx;
    }
    let lower = any(MoreThan) || any(AtLeast);
    let upper = any(LessThan) || any(Almost);
    match (lower, upper) {
        (true, true) => Approx,
        (true, false) if any(MoreThan) => MoreThan,
        (true, false) => AtLeast,
        (false, true) if any(LessThan) => LessThan,
        (false, true) => Almost,
        (false, false) => Exact,
    }
}

/// The qualifier a term lends a value it is subtracted from (or divides).
pub fn qualifier_turned(q: Qualifier) -> Qualifier {
    use Qualifier::*;
    match q {
        MoreThan => LessThan,
        LessThan | Almost => MoreThan,
        AtLeast => Approx,
        other => other,
    }
}

/// The qualifier of a ratio of inputs: exact only when all are.
pub fn qualifier_of_ratio(qs: impl IntoIterator<Item = Qualifier>) -> Qualifier {
    let qs: Vec<Qualifier> = qs.into_iter().collect();
    if qs.contains(&Qualifier::Estimate) {
        Qualifier::Estimate
    } else if qs.iter().all(|&q| q == Qualifier::Exact) {
        Qualifier::Exact
    } else {
        Qualifier::Approx
    }
}

/// The words for a qualifier, empty for `Exact`. Short, as in press copy: charts
/// have little room and alt text is read aloud.
pub fn qualifier_phrase(q: Qualifier, locale: Locale) -> &'static str {
    if locale.is_spanish() {
        match q {
            Qualifier::Exact => "",
            Qualifier::Approx => "alrededor de",
            Qualifier::Almost => "casi",
            // CLDR es miscPatterns "atLeast" is "Más de {0}"; the press says "más de" too.
            Qualifier::MoreThan => "más de",
            Qualifier::AtLeast => "al menos",
            Qualifier::LessThan => "menos de",
            Qualifier::Estimate => "est.",
        }
    } else {
        match q {
            Qualifier::Exact => "",
            Qualifier::Approx => "about",
            Qualifier::Almost => "almost",
            Qualifier::MoreThan => "more than",
            Qualifier::AtLeast => "at least",
            Qualifier::LessThan => "less than",
            Qualifier::Estimate => "est.",
        }
    }
}

/// Adds the qualifier phrase around an already formatted number.
pub fn qualified(formatted: &str, q: Qualifier, locale: Locale) -> String {
    match qualifier_phrase(q, locale) {
        "" => formatted.to_string(),
        phrase => format!("{phrase} {formatted}"),
    }
}

/// Compact forms for tight labels (bar ends, map callouts), same in every locale.
/// `Almost` shares "<" with `LessThan`: both say the true figure is below the one shown.
pub fn qualifier_symbol(q: Qualifier) -> &'static str {
    match q {
        Qualifier::Exact => "",
        Qualifier::Approx => "≈",
        Qualifier::Almost => "<",
        Qualifier::MoreThan => ">",
        Qualifier::AtLeast => "≥",
        Qualifier::LessThan => "<",
        Qualifier::Estimate => "~",
    }
}

/// The symbol form of [`qualified`]: ">276,000". No space, as in CLDR's "~{0}".
pub fn qualified_symbol(formatted: &str, q: Qualifier) -> String {
    format!("{}{formatted}", qualifier_symbol(q))
}

/// A number as data files write it (the CSV of the rows drawn, keys compared as text):
/// whole numbers without a decimal point, others in the shortest form that reads back as
/// the same value, never in exponent notation. Appends to `out`.
pub fn plain_into(x: f64, out: &mut String) {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        out.push_str(itoa::Buffer::new().format(x as i64));
    } else if let Some((m, k)) = few_decimals(x) {
        // Digits of m with the point k places from the right: the one decimal with k
        // places that reads back as x, so the one `Display` writes, found without its
        // general (and slow) shortest-digits search.
        let mut buffer = itoa::Buffer::new();
        let digits = buffer.format(m.unsigned_abs());
        if m < 0 {
            out.push('-');
        }
        if digits.len() > k {
            out.push_str(&digits[..digits.len() - k]);
            out.push('.');
            out.push_str(&digits[digits.len() - k..]);
        } else {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', k - digits.len()));
            out.push_str(digits);
        }
    } else {
        // Not Ryu: where two shortest forms tie it can pick the other one, and a value
        // must read the same in every file cifras writes.
        use std::fmt::Write as _;
        let _ = write!(out, "{x}");
    }
}

/// `x` as m / 10^k with k from 1 to 6 as small as can be, when that division gives back
/// exactly `x`. Below 10^9 doubles lie closer together than 10^-7, so no other decimal
/// with k places reads back as `x`, and none with fewer does (k is the least).
fn few_decimals(x: f64) -> Option<(i64, usize)> {
    const POW: [f64; 7] = [1.0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6];
    if x.is_nan() || x.abs() >= 1e9 {
        return None;
    }
    (1..POW.len()).find_map(|k| {
        let m = (x * POW[k]).round();
        (m / POW[k] == x).then_some((m as i64, k))
    })
}

/// [`plain_into`], as a new string.
pub fn plain(x: f64) -> String {
    let mut s = String::new();
    plain_into(x, &mut s);
    s
}

/// Whether a column named `name` holds years (`year`, `año`, `anio`, `ano`, any case):
/// its numbers print as years, never grouped.
pub fn is_year_name(name: &str) -> bool {
    matches!(name.trim().to_lowercase().as_str(), "year" | "año" | "anio" | "ano")
}

/// A year is never grouped: 2018 -> "2018" in every locale, negative years with the
/// locale's minus.
pub fn year(y: i64, locale: Locale) -> String {
    let digits = y.unsigned_abs().to_string();
    if y < 0 {
        format!("{}{digits}", locale.symbols().minus)
    } else {
        digits
    }
}

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
/// Non-finite ticks come out as "–". Years are not ticks here; format them with [`year`].
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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Magnitude {
    Million,
    Billion,
    Trillion,
}

impl Magnitude {
    fn exponent(self) -> usize {
        match self {
            Magnitude::Million => 6,
            Magnitude::Billion => 9,
            Magnitude::Trillion => 12,
        }
    }

    /// Below a million nothing is compacted: "276,000" is already short and exact.
    fn for_abs(abs: f64) -> Option<Magnitude> {
        if abs >= 1e12 {
            Some(Magnitude::Trillion)
        } else if abs >= 1e9 {
            Some(Magnitude::Billion)
        } else if abs >= 1e6 {
            Some(Magnitude::Million)
        } else {
            None
        }
    }

    fn next(self) -> Option<Magnitude> {
        match self {
            Magnitude::Million => Some(Magnitude::Billion),
            Magnitude::Billion => Some(Magnitude::Trillion),
            Magnitude::Trillion => None,
        }
    }

    /// CLDR long decimal formats: en "0 million" / "0 billion" / "0 trillion" (no plural);
    /// es "0 millón" / "0 millones", "0 mil millones" (1e9: Spanish has no word for it),
    /// "0 billón" / "0 billones" (1e12).
    fn word(self, locale: Locale, one: bool) -> &'static str {
        match (locale.is_spanish(), self, one) {
            (false, Magnitude::Million, _) => "million",
            (false, Magnitude::Billion, _) => "billion",
            (false, Magnitude::Trillion, _) => "trillion",
            (true, Magnitude::Million, true) => "millón",
            (true, Magnitude::Million, false) => "millones",
            (true, Magnitude::Billion, _) => "mil millones",
            (true, Magnitude::Trillion, true) => "billón",
            (true, Magnitude::Trillion, false) => "billones",
        }
    }
}

#[derive(Clone, Copy)]
enum Decimals {
    Fixed(usize),
    UpTo(usize),
}

/// An unsigned decimal as digit values, the point between `int` and `frac`.
/// Rounding on decimal digits rather than on the binary value is what makes 0.125 round
/// to 0.13 and 1.005 to 1.01, as a reader of the source table expects.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Decimal {
    /// Never empty, no leading zeros except a lone 0.
    int: Vec<u8>,
    frac: Vec<u8>,
}

impl Decimal {
    /// Starts from the shortest digits that round-trip to `v` (Rust's `Display` never
    /// uses an exponent), i.e. the number as it was typed in the source data.
    fn from_abs(v: f64) -> Decimal {
        let text = format!("{}", v.abs());
        let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
        let digits = |s: &str| s.bytes().filter(u8::is_ascii_digit).map(|b| b - b'0').collect::<Vec<u8>>();
        let mut d = Decimal { int: digits(int), frac: digits(frac) };
        d.normalize_int();
        d
    }

    fn normalize_int(&mut self) {
        let leading = self.int.iter().take_while(|&&d| d == 0).count();
        self.int.drain(..leading.min(self.int.len().saturating_sub(1)));
        if self.int.is_empty() {
            self.int.push(0);
        }
    }

    /// Divides by 10^places by moving the point, so compaction adds no binary error.
    fn shift_left(mut self, places: usize) -> Decimal {
        if self.int.len() <= places {
            let pad = places + 1 - self.int.len();
            self.int.splice(0..0, std::iter::repeat_n(0, pad));
        }
        let split = self.int.len() - places;
        let mut frac = self.int.split_off(split);
        frac.append(&mut self.frac);
        let mut d = Decimal { int: self.int, frac };
        d.normalize_int();
        d
    }

    /// Half away from zero; the value is a magnitude, so that is "5 and up rounds up".
    fn round(mut self, decimals: usize) -> Decimal {
        if self.frac.len() <= decimals {
            self.frac.resize(decimals, 0);
            return self;
        }
        let up = self.frac[decimals] >= 5;
        self.frac.truncate(decimals);
        if up {
            let mut carry = true;
            for d in self.frac.iter_mut().rev().chain(self.int.iter_mut().rev()) {
                if *d == 9 {
                    *d = 0;
                } else {
                    *d += 1;
                    carry = false;
                    break;
                }
            }
            if carry {
                self.int.insert(0, 1);
            }
        }
        self
    }

    fn trim_trailing_zeros(mut self) -> Decimal {
        while self.frac.last() == Some(&0) {
            self.frac.pop();
        }
        self
    }

    fn is_zero(&self) -> bool {
        self.int.iter().chain(&self.frac).all(|&d| d == 0)
    }

    /// CLDR plural rule for Spanish "one" is `n = 1`, which includes 1.0 and 1.00.
    fn is_one(&self) -> bool {
        self.int == [1] && self.frac.iter().all(|&d| d == 0)
    }

    fn localized(&self, sym: Symbols, group: bool) -> String {
        let n = self.int.len();
        let grouped = group && n >= 3 + sym.min_grouping;
        let mut out = String::with_capacity(n + n / 3 + self.frac.len() + 1);
        for (i, &d) in self.int.iter().enumerate() {
            if grouped && i > 0 && (n - i).is_multiple_of(3) {
                out.push(sym.group);
            }
            out.push(char::from(b'0' + d));
        }
        if !self.frac.is_empty() {
            out.push(sym.decimal);
            out.extend(self.frac.iter().map(|&d| char::from(b'0' + d)));
        }
        out
    }
}

/// A rounded value, ready to be dressed as plain number, percent or currency.
struct Figure {
    /// False for -0 and for negatives that round to zero: "−0" misleads.
    negative: bool,
    digits: Decimal,
    magnitude: Option<Magnitude>,
}

impl Figure {
    fn new(value: f64, magnitude: Option<Magnitude>, decimals: Decimals) -> Figure {
        let mut digits = Decimal::from_abs(value);
        if let Some(m) = magnitude {
            digits = digits.shift_left(m.exponent());
        }
        let digits = match decimals {
            Decimals::Fixed(n) => digits.round(n),
            Decimals::UpTo(n) => digits.round(n).trim_trailing_zeros(),
        };
        Figure { negative: value < 0.0 && !digits.is_zero(), digits, magnitude }
    }

    /// Picks the unit after rounding, so 999,960,000 reads "1 billion", not "1000 million".
    fn compact(value: f64, decimals: Decimals) -> Figure {
        let mut magnitude = Magnitude::for_abs(value.abs());
        loop {
            let figure = Figure::new(value, magnitude, decimals);
            match magnitude.and_then(Magnitude::next) {
                Some(next) if figure.digits.int.len() > 3 => magnitude = Some(next),
                _ => return figure,
            }
        }
    }

    /// Whole amounts without decimals ("$1,234"), anything else with cents ("$1,234.50").
    fn money(value: f64) -> Figure {
        let cents = Figure::new(value, None, Decimals::Fixed(2));
        if cents.digits.frac.iter().all(|&d| d == 0) {
            Figure::new(value, None, Decimals::Fixed(0))
        } else {
            cents
        }
    }

    fn sign(&self, locale: Locale) -> String {
        if self.negative {
            locale.symbols().minus.to_string()
        } else {
            String::new()
        }
    }

    /// "1,234.5", "1.2 million", "1,2 millones": no sign, no unit.
    fn unsigned(&self, locale: Locale, group: bool) -> String {
        let digits = self.digits.localized(locale.symbols(), group);
        match self.magnitude {
            Some(m) => format!("{digits} {}", m.word(locale, self.digits.is_one())),
            None => digits,
        }
    }
}

/// `words`: in Spanish, spell the currency out ("80 millones de dólares") instead of
/// using a symbol; chosen with compaction, the style for readers rather than ledgers.
/// Not CLDR: its es short currency form is "80 M US$", which the press does not write.
fn dress(figure: &Figure, locale: Locale, fmt: &NumberFormat, words: bool) -> String {
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

/// CLDR currency patterns: en, en-GB and es-MX "¤#,##0.00" (symbol first), es
/// "#,##0.00 ¤" (symbol last, after U+00A0). CLDR currencySpacing puts U+00A0 between
/// digits and a symbol that ends in a letter, so "EUR 1,234" but "US$1,234".
fn place_symbol(locale: Locale, sign: &str, symbol: &str, body: &str) -> String {
    match locale {
        Locale::EsEs => format!("{sign}{body}{NBSP}{symbol}"),
        _ => {
            let gap = if symbol.chars().last().is_some_and(char::is_alphabetic) { "\u{a0}" } else { "" };
            format!("{sign}{symbol}{gap}{body}")
        }
    }
}

struct Currency {
    code: &'static str,
    en_us: &'static str,
    en_gb: &'static str,
    es_mx: &'static str,
    es_es: &'static str,
    es_mx_names: (&'static str, &'static str),
    es_es_names: (&'static str, &'static str),
}

impl Currency {
    fn symbol(&self, locale: Locale) -> &'static str {
        match locale {
            Locale::EnUs => self.en_us,
            Locale::EnGb => self.en_gb,
            Locale::EsMx => self.es_mx,
            Locale::EsEs => self.es_es,
        }
    }

    fn spanish_names(&self, locale: Locale) -> (&'static str, &'static str) {
        match locale {
            Locale::EsEs => self.es_es_names,
            _ => self.es_mx_names,
        }
    }
}

/// Symbols are CLDR's `symbol` for each locale except where marked. Spanish names are
/// the short forms the press uses ("dólares", not CLDR's "dólares estadounidenses").
const CURRENCIES: &[Currency] = &[
    Currency {
        code: "USD",
        en_us: "$",
        // CLDR en-GB (via en-001): "US$".
        en_gb: "US$",
        // Not CLDR: es-MX has "USD"; Mexican financial press writes "US$", which is as
        // unambiguous next to the peso's "$" and is CLDR's es symbol.
        es_mx: "US$",
        es_es: "US$",
        es_mx_names: ("dólar", "dólares"),
        es_es_names: ("dólar", "dólares"),
    },
    Currency {
        code: "EUR",
        en_us: "€",
        en_gb: "€",
        // CLDR es-MX: "EUR" (the € sign is only its narrow form there).
        es_mx: "EUR",
        es_es: "€",
        es_mx_names: ("euro", "euros"),
        es_es_names: ("euro", "euros"),
    },
    Currency {
        code: "MXN",
        en_us: "MX$",
        en_gb: "MX$",
        // CLDR es-MX: "$" is the peso at home.
        es_mx: "$",
        es_es: "MXN",
        es_mx_names: ("peso", "pesos"),
        // In Spain a bare "pesos" does not say which peso.
        es_es_names: ("peso mexicano", "pesos mexicanos"),
    },
    Currency {
        code: "GBP",
        en_us: "£",
        en_gb: "£",
        es_mx: "GBP",
        es_es: "GBP",
        es_mx_names: ("libra esterlina", "libras esterlinas"),
        es_es_names: ("libra esterlina", "libras esterlinas"),
    },
];

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
            (1e9, EsMx, NumberFormat::compact(), "1 mil millones".into()),
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
    fn qualifiers_in_both_languages() {
        let more_than = |locale| qualified(&number(276_000.0, locale, &plain()), Qualifier::MoreThan, locale);
        assert_eq!(more_than(Locale::EnUs), "more than 276,000");
        assert_eq!(more_than(Locale::EnGb), "more than 276,000");
        assert_eq!(more_than(Locale::EsMx), "más de 276,000");
        assert_eq!(more_than(Locale::EsEs), "más de 276.000");

        let en = [
            (Qualifier::Exact, "1,000"),
            (Qualifier::Approx, "about 1,000"),
            (Qualifier::Almost, "almost 1,000"),
            (Qualifier::MoreThan, "more than 1,000"),
            (Qualifier::AtLeast, "at least 1,000"),
            (Qualifier::LessThan, "less than 1,000"),
            (Qualifier::Estimate, "est. 1,000"),
        ];
        for (q, want) in en {
            assert_eq!(qualified("1,000", q, Locale::EnUs), want);
        }
        let es = [
            (Qualifier::Exact, "1,000"),
            (Qualifier::Approx, "alrededor de 1,000"),
            (Qualifier::Almost, "casi 1,000"),
            (Qualifier::MoreThan, "más de 1,000"),
            (Qualifier::AtLeast, "al menos 1,000"),
            (Qualifier::LessThan, "menos de 1,000"),
            (Qualifier::Estimate, "est. 1,000"),
        ];
        for (q, want) in es {
            assert_eq!(qualified("1,000", q, Locale::EsMx), want);
        }
        let compact = number(34e6, Locale::EsEs, &eur().with_compact(true));
        assert_eq!(qualified(&compact, Qualifier::Almost, Locale::EsEs), "casi 34 millones de euros");
    }

    #[test]
    fn qualifier_symbols() {
        let want = [
            (Qualifier::Exact, ""),
            (Qualifier::Approx, "≈"),
            (Qualifier::Almost, "<"),
            (Qualifier::MoreThan, ">"),
            (Qualifier::AtLeast, "≥"),
            (Qualifier::LessThan, "<"),
            (Qualifier::Estimate, "~"),
        ];
        for (q, symbol) in want {
            assert_eq!(qualifier_symbol(q), symbol, "{q:?}");
        }
        assert_eq!(qualified_symbol("276,000", Qualifier::MoreThan), ">276,000");
        assert_eq!(qualified_symbol("276,000", Qualifier::Exact), "276,000");
    }

    #[test]
    fn qualifier_names_round_trip() {
        assert_eq!(Qualifier::NAMES.len(), 7);
        for name in Qualifier::NAMES {
            let q = Qualifier::parse(name).unwrap_or_else(|| panic!("{name} does not parse"));
            assert_eq!(q.as_str(), *name);
        }
        assert_eq!(Qualifier::parse("More-Than"), Some(Qualifier::MoreThan));
        assert_eq!(Qualifier::parse(" at least "), Some(Qualifier::AtLeast));
        assert_eq!(Qualifier::parse("roughly"), None);
        assert_eq!(Qualifier::parse(""), None);
        assert_eq!(Qualifier::default(), Qualifier::Exact);
    }

    #[test]
    fn years_are_never_grouped() {
        for &locale in Locale::all() {
            assert_eq!(year(2018, locale), "2018", "{locale}");
            assert_eq!(year(10500, locale), "10500", "{locale}");
            assert_eq!(year(-44, locale), "−44", "{locale}");
            assert_eq!(year(0, locale), "0", "{locale}");
        }
        // The same value as a number is grouped where the locale groups four digits.
        assert_eq!(number(2018.0, Locale::EnUs, &plain()), "2,018");
        assert_eq!(year(i64::MIN, Locale::EsEs), "−9223372036854775808");
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
        assert_eq!(
            ticks(&[-1e9, 0.0, 1e9], Locale::EsEs, &plain()),
            ["−1 mil millones", "0", "1 mil millones"]
        );
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

    #[test]
    fn locale_tags() {
        assert_eq!(Locale::parse("en-US"), Some(Locale::EnUs));
        assert_eq!(Locale::parse("en_gb"), Some(Locale::EnGb));
        assert_eq!(Locale::parse("ES-mx"), Some(Locale::EsMx));
        assert_eq!(Locale::parse("es_ES"), Some(Locale::EsEs));
        assert_eq!(Locale::parse("es"), None);
        assert_eq!(Locale::parse("fr-FR"), None);
        assert_eq!(Locale::parse(""), None);
        let tags: Vec<&str> = Locale::all().iter().map(|l| l.tag()).collect();
        assert_eq!(tags, ["en-US", "en-GB", "es-MX", "es-ES"]);
        for &l in Locale::all() {
            assert_eq!(Locale::parse(l.tag()), Some(l));
            assert_eq!(l.to_string(), l.tag());
        }
        assert_eq!(Locale::EnGb.language(), "en");
        assert_eq!(Locale::EsEs.language(), "es");
        assert_eq!(Locale::for_language("en"), Some(Locale::EnUs));
        assert_eq!(Locale::for_language("ES"), Some(Locale::EsMx));
        assert_eq!(Locale::for_language("pt"), None);
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

#[cfg(test)]
mod qualifier_rules {
    use super::*;
    use Qualifier::*;

    #[test]
    fn sums_keep_the_direction_of_their_bounds() {
        assert_eq!(qualifier_of_sum([Exact, Exact]), Exact);
        assert_eq!(qualifier_of_sum([Exact, MoreThan]), MoreThan);
        assert_eq!(qualifier_of_sum([AtLeast, MoreThan]), MoreThan);
        assert_eq!(qualifier_of_sum([AtLeast, Exact]), AtLeast);
        assert_eq!(qualifier_of_sum([Almost, Exact]), Almost);
        assert_eq!(qualifier_of_sum([Almost, LessThan]), LessThan);
        assert_eq!(qualifier_of_sum([MoreThan, LessThan]), Approx);
        assert_eq!(qualifier_of_sum([Approx, MoreThan]), Approx);
        assert_eq!(qualifier_of_sum([Estimate, Approx]), Estimate);
    }

    #[test]
    fn plain_numbers_read_as_display_writes_them() {
        // A deterministic spread of magnitudes, signs and digit counts.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..200_000 {
            // Figures with a few decimals, as data files hold them.
            let k = (next() % 7) as i32;
            let m = (next() % 2_000_000_000_000) as f64 - 1e12;
            let x = m / 10f64.powi(k);
            let want =
                if x.fract() == 0.0 && x.abs() < 1e15 { format!("{}", x as i64) } else { format!("{x}") };
            assert_eq!(plain(x), want, "{x:e}");
            let bits = next();
            let mantissa = (bits >> 11) as f64 / (1u64 << 53) as f64;
            let exp = (next() % 44) as i32 - 22;
            let x = mantissa * 10f64.powi(exp) * if bits & 1 == 0 { 1.0 } else { -1.0 };
            let want =
                if x.fract() == 0.0 && x.abs() < 1e15 { format!("{}", x as i64) } else { format!("{x}") };
            assert_eq!(plain(x), want, "{x:e}");
        }
        for x in
            [0.0, -0.0, 1.0, 2018.0, 0.1, 1e-5, 9.99e-6, 1e15, 1.5e15, 123456.789, f64::NAN, f64::INFINITY]
        {
            let want =
                if x.fract() == 0.0 && x.abs() < 1e15 { format!("{}", x as i64) } else { format!("{x}") };
            assert_eq!(plain(x), want);
        }
    }

    #[test]
    fn subtracting_a_bound_turns_it_around() {
        // 23,772 (exact) minus a part of "more than" 2,600 is "less than" the remainder.
        assert_eq!(qualifier_of_sum([Exact, qualifier_turned(MoreThan)]), LessThan);
        assert_eq!(qualifier_of_sum([Exact, qualifier_turned(Almost)]), MoreThan);
        assert_eq!(qualifier_of_sum([Exact, qualifier_turned(AtLeast)]), Approx);
    }

    #[test]
    fn ratios_are_exact_only_from_exact_inputs() {
        assert_eq!(qualifier_of_ratio([Exact, Exact]), Exact);
        assert_eq!(qualifier_of_ratio([Exact, MoreThan]), Approx);
        assert_eq!(qualifier_of_ratio([Exact, Estimate]), Estimate);
    }
}
