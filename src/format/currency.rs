//! Currencies: each one's symbol per locale and its Spanish names, and where the symbol
//! goes (before or after the digits). May use: std.

use super::{Locale, NBSP};

/// CLDR currency patterns: en, en-GB and es-MX "¤#,##0.00" (symbol first), es
/// "#,##0.00 ¤" (symbol last, after U+00A0). CLDR currencySpacing puts U+00A0 between
/// digits and a symbol that ends in a letter, so "EUR 1,234" but "US$1,234".
pub(super) fn place_symbol(locale: Locale, sign: &str, symbol: &str, body: &str) -> String {
    match locale {
        Locale::EsEs => format!("{sign}{body}{NBSP}{symbol}"),
        _ => {
            let gap = if symbol.chars().last().is_some_and(char::is_alphabetic) { "\u{a0}" } else { "" };
            format!("{sign}{symbol}{gap}{body}")
        }
    }
}

pub(super) struct Currency {
    pub(super) code: &'static str,
    en_us: &'static str,
    en_gb: &'static str,
    es_mx: &'static str,
    es_es: &'static str,
    es_mx_names: (&'static str, &'static str),
    es_es_names: (&'static str, &'static str),
}

impl Currency {
    pub(super) fn symbol(&self, locale: Locale) -> &'static str {
        match locale {
            Locale::EnUs => self.en_us,
            Locale::EnGb => self.en_gb,
            Locale::EsMx => self.es_mx,
            Locale::EsEs => self.es_es,
        }
    }

    pub(super) fn spanish_names(&self, locale: Locale) -> (&'static str, &'static str) {
        match locale {
            Locale::EsEs => self.es_es_names,
            _ => self.es_mx_names,
        }
    }
}

/// Symbols are CLDR's `symbol` for each locale except where marked. Spanish names are
/// the short forms the press uses ("dólares", not CLDR's "dólares estadounidenses").
pub(super) const CURRENCIES: &[Currency] = &[
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
