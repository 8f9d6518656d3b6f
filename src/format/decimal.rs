//! The decimal engine under every formatted figure: a value as decimal digits, rounded
//! half away from zero on those digits, scaled to a magnitude (million, billion,
//! trillion) by moving the point, and written with a locale's separators. May use: std.

use super::locale::Symbols;
use super::Locale;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Magnitude {
    Million,
    Billion,
    Trillion,
}

impl Magnitude {
    pub(super) fn exponent(self) -> usize {
        match self {
            Magnitude::Million => 6,
            Magnitude::Billion => 9,
            Magnitude::Trillion => 12,
        }
    }

    /// Below a million nothing is compacted: "276,000" is already short and exact.
    pub(super) fn for_abs(abs: f64) -> Option<Magnitude> {
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
pub(super) enum Decimals {
    Fixed(usize),
    UpTo(usize),
}

/// An unsigned decimal as digit values, the point between `int` and `frac`.
/// Rounding on decimal digits rather than on the binary value is what makes 0.125 round
/// to 0.13 and 1.005 to 1.01, as a reader of the source table expects.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) struct Decimal {
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
    pub(super) fn is_one(&self) -> bool {
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
pub(super) struct Figure {
    /// False for -0 and for negatives that round to zero: "−0" misleads.
    pub(super) negative: bool,
    pub(super) digits: Decimal,
    pub(super) magnitude: Option<Magnitude>,
}

impl Figure {
    pub(super) fn new(value: f64, magnitude: Option<Magnitude>, decimals: Decimals) -> Figure {
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
    pub(super) fn compact(value: f64, decimals: Decimals) -> Figure {
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
    pub(super) fn money(value: f64) -> Figure {
        let cents = Figure::new(value, None, Decimals::Fixed(2));
        if cents.digits.frac.iter().all(|&d| d == 0) {
            Figure::new(value, None, Decimals::Fixed(0))
        } else {
            cents
        }
    }

    pub(super) fn sign(&self, locale: Locale) -> String {
        if self.negative {
            locale.symbols().minus.to_string()
        } else {
            String::new()
        }
    }

    /// "1,234.5", "1.2 million", "1,2 millones": no sign, no unit.
    pub(super) fn unsigned(&self, locale: Locale, group: bool) -> String {
        let digits = self.digits.localized(locale.symbols(), group);
        match self.magnitude {
            // Spanish says "mil millones" for one thousand million, never "1 mil millones"
            // (as it says "mil", not "1 mil"): "casi mil millones de dólares".
            Some(Magnitude::Billion) if locale.is_spanish() && self.digits.is_one() => {
                "mil millones".to_string()
            }
            Some(m) => format!("{digits} {}", m.word(locale, self.digits.is_one())),
            None => digits,
        }
    }
}
