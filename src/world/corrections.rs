//! Fixes of the sources' known errors (`assets/world/corrections.ron`), each with a reason
//! and a source, applied by `frontline new` and listed in the README it writes.

use serde::Deserialize;

use crate::model::Diagnostic;

/// The table, compiled in.
pub const CORRECTIONS_RON: &str = include_str!("../../assets/world/corrections.ron");

/// All fixes.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Corrections {
    /// Features filed under another country.
    pub moves: Vec<Move>,
    /// Ids and names of features.
    pub provinces: Vec<ProvinceFix>,
    /// Features folded into a province.
    pub merges: Vec<MergeFix>,
    /// Capitals.
    pub capitals: Vec<CapitalFix>,
    /// Provinces without a polygon.
    pub missing: Vec<MissingProvince>,
}

/// A feature that belongs to another country.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Move {
    /// Natural Earth's `adm1_code`.
    pub adm1_code: String,
    /// Natural Earth's `adm0_a3` of the country it belongs to.
    pub country: String,
    /// Why.
    pub reason: String,
    /// Where that is said.
    pub source: String,
}

/// Another id or name for a feature.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProvinceFix {
    /// Natural Earth's `adm1_code`.
    pub adm1_code: String,
    /// The `iso_3166_2` it carries in the data.
    pub expect_iso: String,
    /// The id to give it.
    pub id: String,
    /// The English name to give it.
    pub name: String,
    /// Why.
    pub reason: String,
    /// Where that is said.
    pub source: String,
}

/// A feature folded into a province.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MergeFix {
    /// Natural Earth's `adm1_code` of the feature that disappears.
    pub from_adm1_code: String,
    /// The id (after the fixes) of the province it joins.
    pub into: String,
    /// Why.
    pub reason: String,
    /// Where that is said.
    pub source: String,
}

/// A province's capital.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CapitalFix {
    /// The province id (after the fixes).
    pub province: String,
    /// The capital's name.
    pub name: String,
    /// Other spellings.
    #[serde(default)]
    pub alt_names: Vec<String>,
    /// Longitude, degrees.
    pub lon: f64,
    /// Latitude, degrees.
    pub lat: f64,
    /// Why.
    pub reason: String,
    /// Where that is said.
    pub source: String,
}

/// A province with no polygon: its capital is a marker only.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MissingProvince {
    /// Natural Earth's `adm0_a3`.
    pub country: String,
    /// ISO 3166-2 id.
    pub id: String,
    /// English name.
    pub name: String,
    /// Other names.
    #[serde(default)]
    pub alt_names: Vec<String>,
    /// Its capital.
    pub capital: String,
    /// Other spellings of the capital.
    #[serde(default)]
    pub capital_alt_names: Vec<String>,
    /// Longitude, degrees.
    pub lon: f64,
    /// Latitude, degrees.
    pub lat: f64,
    /// Why.
    pub reason: String,
    /// Where that is said.
    pub source: String,
}

/// The compiled-in table.
pub fn corrections() -> Result<Corrections, Diagnostic> {
    crate::model::load::parse_ron(
        std::path::Path::new("assets/world/corrections.ron"),
        CORRECTIONS_RON,
    )
}
