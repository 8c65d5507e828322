//! "Did you mean …?" suggestions for misspelt ids, ranked by edit similarity.

/// The known id closest to `unknown`, if any is close enough to be a plausible typo.
pub fn closest<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = unknown.to_lowercase();
    known
        .into_iter()
        .map(|candidate| {
            let score = strsim::jaro_winkler(&lower, &candidate.to_lowercase());
            (score, candidate)
        })
        .filter(|(score, _)| *score >= 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

/// A ready-to-print hint: ` did you mean "x"?` or an empty string.
pub fn did_you_mean<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    closest(unknown, known)
        .map(|c| format!("; did you mean \"{c}\"?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses_only() {
        let known = ["government", "contested", "taliban"];
        assert_eq!(closest("talban", known), Some("taliban"));
        assert_eq!(closest("Goverment", known), Some("government"));
        assert_eq!(closest("xyz", known), None);
    }
}
