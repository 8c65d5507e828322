//! The countries `frontline new` knows, from the embedded Natural Earth admin-1 (grouped by
//! `adm0_a3`), and finding one from what a user types: an ISO 3166 alpha-2 or alpha-3 code, or
//! an English name, with a suggestion when it is misspelt.

use std::collections::BTreeMap;

use super::Admin1;

/// One country of the admin-1 data.
#[derive(Clone, Debug, PartialEq)]
pub struct Country {
    /// Natural Earth's `adm0_a3` (`SDS` for South Sudan, `PSX` for Palestine).
    pub a3: String,
    /// The ISO 3166 alpha-3 code where Natural Earth's differs (`SSD`), else the same.
    pub iso_a3: String,
    /// ISO 3166 alpha-2 (`XK` for Kosovo; empty where Natural Earth has none).
    pub a2: String,
    /// The English name.
    pub name: String,
    /// Provinces in the admin-1 data.
    pub provinces: usize,
}

/// Natural Earth codes that are not ISO 3166 alpha-3, and names it writes in an older or
/// shorter form: `(adm0_a3, ISO alpha-3, the name shown)`.
const RENAMED: &[(&str, &str, &str)] = &[
    ("SDS", "SSD", "South Sudan"),
    ("PSX", "PSE", "Palestine"),
    ("SAH", "ESH", "Western Sahara"),
    ("ALD", "ALA", "Åland"),
    ("KOS", "XKX", "Kosovo"),
    ("MKD", "MKD", "North Macedonia"),
    ("SWZ", "SWZ", "Eswatini"),
    ("CZE", "CZE", "Czechia"),
    ("TUR", "TUR", "Türkiye"),
    ("CPV", "CPV", "Cabo Verde"),
    ("TLS", "TLS", "Timor-Leste"),
    ("SRB", "SRB", "Serbia"),
    ("TZA", "TZA", "Tanzania"),
    ("HKG", "HKG", "Hong Kong"),
    ("MAC", "MAC", "Macao"),
    ("CIV", "CIV", "Côte d'Ivoire"),
    ("BHS", "BHS", "Bahamas"),
    ("GNB", "GNB", "Guinea-Bissau"),
    ("USA", "USA", "United States"),
    ("COD", "COD", "DR Congo"),
    ("COG", "COG", "Republic of the Congo"),
];

/// Other English names and common short forms: `(name, adm0_a3)`.
const ALIASES: &[(&str, &str)] = &[
    ("Ivory Coast", "CIV"),
    ("Cote d'Ivoire", "CIV"),
    ("Macedonia", "MKD"),
    ("Swaziland", "SWZ"),
    ("Czech Republic", "CZE"),
    ("Turkey", "TUR"),
    ("Cape Verde", "CPV"),
    ("East Timor", "TLS"),
    ("Republic of Serbia", "SRB"),
    ("United Republic of Tanzania", "TZA"),
    ("S. Sudan", "SDS"),
    ("Gaza Strip", "PSX"),
    ("West Bank", "PSX"),
    ("State of Palestine", "PSX"),
    ("Burma", "MMR"),
    ("DRC", "COD"),
    ("Democratic Republic of the Congo", "COD"),
    ("Congo-Kinshasa", "COD"),
    ("Congo-Brazzaville", "COG"),
    ("Congo", "COG"),
    ("UK", "GBR"),
    ("Great Britain", "GBR"),
    ("Britain", "GBR"),
    ("USA", "USA"),
    ("US", "USA"),
    ("America", "USA"),
    ("United States of America", "USA"),
    ("UAE", "ARE"),
    ("Emirates", "ARE"),
    ("Holy See", "VAT"),
    ("Vatican City", "VAT"),
    ("Russian Federation", "RUS"),
    ("South Korea", "KOR"),
    ("Republic of Korea", "KOR"),
    ("North Korea", "PRK"),
    ("DPRK", "PRK"),
    ("Syrian Arab Republic", "SYR"),
    ("Iran, Islamic Republic of", "IRN"),
    ("Persia", "IRN"),
    ("Lao PDR", "LAO"),
    ("Viet Nam", "VNM"),
    ("Moldova, Republic of", "MDA"),
    ("The Gambia", "GMB"),
    ("The Bahamas", "BHS"),
    ("Bolivia, Plurinational State of", "BOL"),
    ("Venezuela, Bolivarian Republic of", "VEN"),
    ("Micronesia", "FSM"),
    ("Timor Leste", "TLS"),
    ("Brunei Darussalam", "BRN"),
];

/// Folds a typed name for comparison: ASCII, lower case, letters and digits only.
pub fn fold(text: &str) -> String {
    deunicode::deunicode(text)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .flat_map(|c| c.to_lowercase())
        .collect()
}

/// The countries of the admin-1 data, by `adm0_a3`, with the province count of each.
pub fn countries(features: &[Admin1]) -> Vec<Country> {
    let mut groups: BTreeMap<&str, (usize, BTreeMap<&str, usize>, BTreeMap<&str, usize>)> =
        BTreeMap::new();
    for f in features {
        let g = groups.entry(f.country_a3.as_str()).or_default();
        g.0 += 1;
        *g.1.entry(f.country_name.as_str()).or_default() += 1;
        *g.2.entry(f.country_a2.as_str()).or_default() += 1;
    }
    let majority = |m: &BTreeMap<&str, usize>| {
        m.iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(k, _)| k.to_string())
            .unwrap_or_default()
    };
    groups
        .iter()
        .map(|(a3, (n, names, a2s))| {
            let renamed = RENAMED.iter().find(|r| r.0 == *a3);
            let a2 = majority(a2s);
            Country {
                a3: a3.to_string(),
                iso_a3: renamed.map_or(a3.to_string(), |r| r.1.to_string()),
                a2: if a2 == "-1" || a2 == "-99" {
                    String::new()
                } else {
                    a2
                },
                name: renamed.map_or_else(|| majority(names), |r| r.2.to_string()),
                provinces: *n,
            }
        })
        .collect()
}

/// Finds the country `typed` names. The error says why and suggests the closest names.
pub fn find<'a>(countries: &'a [Country], typed: &str) -> Result<&'a Country, String> {
    let t = typed.trim();
    let upper = t.to_ascii_uppercase();
    if (t.len() == 2 || t.len() == 3)
        && let Some(c) = countries
            .iter()
            .find(|c| (!c.a2.is_empty() && c.a2 == upper) || c.a3 == upper || c.iso_a3 == upper)
    {
        return Ok(c);
    }
    let folded = fold(t);
    if folded.is_empty() {
        return Err(
            "no country given: write an ISO code (SD, SDN) or an English name (Sudan)".into(),
        );
    }
    let by_a3 = |a3: &str| countries.iter().find(|c| c.a3 == a3);
    if let Some(c) = countries.iter().find(|c| fold(&c.name) == folded) {
        return Ok(c);
    }
    if let Some(c) = ALIASES
        .iter()
        .find(|(name, _)| fold(name) == folded)
        .and_then(|(_, a3)| by_a3(a3))
    {
        return Ok(c);
    }
    // Misspelt: the closest names.
    let mut scored: Vec<(f64, &Country)> = countries
        .iter()
        .map(|c| (strsim::jaro_winkler(&folded, &fold(&c.name)), c))
        .chain(ALIASES.iter().filter_map(|(name, a3)| {
            by_a3(a3).map(|c| (strsim::jaro_winkler(&folded, &fold(name)), c))
        }))
        .filter(|(score, _)| *score >= 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut names: Vec<String> = Vec::new();
    for (_, c) in scored {
        let n = format!(
            "{} ({})",
            c.name,
            if c.a2.is_empty() { &c.a3 } else { &c.a2 }
        );
        if !names.contains(&n) {
            names.push(n);
        }
    }
    names.truncate(3);
    Err(if names.is_empty() {
        format!(
            "no country \"{t}\" in Natural Earth's admin-1: write an ISO 3166 code (SD, SDN) or an English name; `frontline new --list` lists them"
        )
    } else {
        format!("no country \"{t}\"; did you mean {}?", names.join(" or "))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(a3: &str, a2: &str, name: &str) -> Country {
        let renamed = RENAMED.iter().find(|r| r.0 == a3);
        Country {
            a3: a3.into(),
            iso_a3: renamed.map_or(a3.to_string(), |r| r.1.to_string()),
            a2: a2.into(),
            name: name.into(),
            provinces: 2,
        }
    }

    #[test]
    fn finds_codes_names_aliases_and_suggests() {
        let list = [
            c("SDN", "SD", "Sudan"),
            c("SDS", "SS", "South Sudan"),
            c("AFG", "AF", "Afghanistan"),
            c("CIV", "CI", "Côte d'Ivoire"),
            c("UKR", "UA", "Ukraine"),
        ];
        assert_eq!(find(&list, "sd").unwrap().a3, "SDN");
        assert_eq!(find(&list, "SSD").unwrap().a3, "SDS");
        assert_eq!(find(&list, "SDS").unwrap().a3, "SDS");
        assert_eq!(find(&list, "south sudan").unwrap().a3, "SDS");
        assert_eq!(find(&list, "Ivory Coast").unwrap().a3, "CIV");
        assert_eq!(find(&list, "cote divoire").unwrap().a3, "CIV");
        let err = find(&list, "Afganistan").unwrap_err();
        assert!(err.contains("did you mean Afghanistan (AF)"), "{err}");
        let err = find(&list, "Ukriane").unwrap_err();
        assert!(err.contains("Ukraine (UA)"), "{err}");
        assert!(find(&list, "Atlantis").unwrap_err().contains("--list"));
    }
}
