//! The four locales cifras writes (en-US, en-GB, es-MX, es-ES), their CLDR number
//! symbols (separators, minimum grouping digits, minus) and years, which are never
//! grouped. May use: std.

use super::MINUS;
use std::fmt;

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

    pub(super) fn is_spanish(self) -> bool {
        self.language() == "es"
    }

    pub(super) fn symbols(self) -> Symbols {
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
pub(super) struct Symbols {
    pub(super) decimal: char,
    pub(super) group: char,
    /// CLDR minimumGroupingDigits: the leftmost group must have at least this many
    /// digits before any separator is written.
    pub(super) min_grouping: usize,
    pub(super) minus: char,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{number, NumberFormat};

    fn plain() -> NumberFormat {
        NumberFormat::new()
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
}
