//! Qualifiers: how sure a source is about a figure ("more than 276,000"), their words
//! in each language, their symbols for tight labels, and the arithmetic that computed
//! figures follow. May use: std, `locale`.
//!
//! # Qualifier arithmetic
//!
//! A computed figure never claims more exactness than its inputs. The values are counts
//! and amounts (never negative), so a bound keeps its direction through a sum and turns
//! around when subtracted. Three functions hold the rules; `data::stats` applies them.
//!
//! - [`qualifier_of_sum`], for values that grow with every input: all exact → `exact`;
//!   else any `estimate` → `estimate`; else any `approx` → `approx`; lower bounds only
//!   (`more_than`, `at_least`, beside exact figures) → `more_than`, or `at_least` if none
//!   is `more_than`; upper bounds only (`less_than`, `almost`) → `less_than`, or `almost`
//!   if none is `less_than`; lower and upper bounds together → `approx`. So "more than
//!   56,000" plus 1,000 is "more than 57,000".
//! - [`qualifier_turned`], the qualifier a term lends the value it is subtracted from (or
//!   divides): `more_than` → `less_than`; `less_than` and `almost` → `more_than`;
//!   `at_least` → `approx` (there is no "at most"); `exact`, `approx` and `estimate` stay.
//!   The turned qualifier then joins the sum rule: 23,772 (exact) minus "more than 2,600"
//!   is "less than 21,172"; the result is exact only when every term is.
//! - [`qualifier_of_ratio`]: any `estimate` → `estimate`; else all exact → `exact`; else
//!   `approx`. A ratio's bounds point nowhere in particular.
//!
//! Where `data::stats` uses which:
//!
//! - `aggregate` `sum`, `mean`, `median`, `min` and `max` of a group: the sum rule over
//!   the group's qualifiers. A group with missing values also joins `at_least` for a sum
//!   (the rows present add up to a lower bound) and `approx` for the other statistics;
//!   missing is never summed as zero. `count` and `distinct` are `exact`: the sources
//!   state how many rows there are. An aggregated row's own qualifier is the sum rule
//!   over its aggregates' qualifiers (counts aside).
//! - `window`: `cumsum` follows the sum rule over the rows so far; `difference` is the
//!   sum rule over the row and the turned previous row; `change` (two rows), `cagr` (first
//!   and current row), `share` and `rank` (the whole group) follow the ratio rule;
//!   `row_number` is `exact`.
//! - `calculate`: a formula without columns is `exact`; a formula of one column that
//!   always moves the result the same way keeps that column's qualifier where the result
//!   grows with it (`units * 2`, `units + 5`) and turns it where the column is subtracted,
//!   negated or divides (`100 - units`, `1 / units`); a formula of several columns, or of
//!   one column both ways, follows the ratio rule.
//! - `top`'s "other" row: with a total, the total's qualifier and the turned qualifier of
//!   every row kept, by the sum rule (the other row is the total minus the rows kept);
//!   without one, the sum rule over the rows folded into it.

use super::Locale;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{number, NumberFormat};

    fn plain() -> NumberFormat {
        NumberFormat::new()
    }

    fn eur() -> NumberFormat {
        NumberFormat::currency("EUR")
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
        // The report's "almost 1 billion USD", as a Spanish editor writes it.
        let usd = NumberFormat::currency("USD").with_compact(true);
        let billion = number(1e9, Locale::EsMx, &usd);
        assert_eq!(qualified(&billion, Qualifier::Almost, Locale::EsMx), "casi mil millones de dólares");
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
