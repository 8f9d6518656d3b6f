//! Locale-aware formatting of every figure cifras prints: plain numbers, percents,
//! currency amounts, compact numbers ("1.2 million"), qualifier phrases
//! ("more than 276,000") and years, for en-US, en-GB, es-MX and es-ES.
//! Charts, alt text and tables all format through this module, so a figure reads
//! the same in the chart, in the screen-reader description and in the table.
//!
//! May use: std, and `itoa` for the digits of whole numbers. The CLDR facts these four locales need (separators,
//! minimum grouping digits, percent and currency patterns, long compact names, the
//! plural "one" rule) are few and stable, so they are written down here next to the
//! tests that pin them, rather than pulling in ICU data for hundreds of locales.
//! The CLDR values in these files were read from unicode-org/cldr-json (CLDR 45):
//! `cldr-numbers-modern/main/es/numbers.json`, `cldr-numbers-full/main/es-MX/numbers.json`,
//! `cldr-numbers-full/main/en-GB/numbers.json` and the matching `currencies.json` files.
//!
//! Deliberate departures from CLDR, all for typography or for readers of human-rights
//! reports, are marked "Not CLDR" where they are made.
//!
//! The rooms inside, which use std, their siblings here and (`plain` only) `itoa`:
//! - `locale`: the four locales, their CLDR symbols, and years;
//! - `qualifier`: how sure a figure is, its words and symbols, and the arithmetic
//!   computed figures follow;
//! - `number`: number formats and [`number()`], which writes one value;
//! - `ticks`: axis labels that share decimals and a magnitude;
//! - `currency`: symbols, Spanish names and where the symbol goes;
//! - `decimal`: the decimal engine (digits, rounding, magnitudes) under all of them;
//! - `plain`: numbers as data files write them, in no locale.
//!
//! Everything other rooms use is re-exported here: `crate::format::Foo`.

mod currency;
mod decimal;
mod locale;
mod number;
mod plain;
mod qualifier;
mod ticks;

pub use locale::{is_year_name, year, Locale};
pub use number::{number, unit_format, NumberFormat, Style};
pub use plain::{plain, plain_into};
pub use qualifier::{
    qualified, qualified_symbol, qualifier_of_ratio, qualifier_of_sum, qualifier_phrase, qualifier_symbol,
    qualifier_turned, Qualifier,
};
pub use ticks::ticks;

/// Not CLDR: CLDR gives U+002D for these locales, but in print a hyphen reads as a dash
/// and is visibly shorter than a plus sign; U+2212 is the typographic minus.
const MINUS: char = '\u{2212}';
/// Keeps "70 %" and "1234 €" on one line when a label or table cell wraps.
const NBSP: char = '\u{a0}';

/// What a non-finite value formats as. Callers must never pass NaN or infinities as
/// data, but a chart with one bad cell should still render instead of panicking.
pub const NOT_A_NUMBER: &str = "\u{2013}";
