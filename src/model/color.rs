//! Status colours as written in scenario files (`"#RRGGBB"`), parsed into plain sRGB bytes.

use std::fmt;
use std::str::FromStr;

/// An sRGB colour with 8 bits per channel, written `#RRGGBB` in scenario files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgb(pub [u8; 3]);

/// Why a colour string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a colour: write it as \"#RRGGBB\", e.g. \"#0072B2\"")]
pub struct ColorParseError(pub String);

impl FromStr for Rgb {
    type Err = ColorParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let err = || ColorParseError(text.to_string());
        let hex = text.strip_prefix('#').ok_or_else(err)?;
        if hex.len() != 6 || !hex.is_ascii() {
            return Err(err());
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| err());
        Ok(Rgb([byte(0)?, byte(2)?, byte(4)?]))
    }
}

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [r, g, b] = self.0;
        write!(f, "#{r:02X}{g:02X}{b:02X}")
    }
}

impl Rgb {
    /// The colour as floats in 0..=1 (still sRGB-encoded).
    pub fn to_f32(self) -> [f32; 3] {
        self.0.map(|c| f32::from(c) / 255.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_hex() {
        let c: Rgb = "#0072b2".parse().unwrap();
        assert_eq!(c, Rgb([0x00, 0x72, 0xB2]));
        assert_eq!(c.to_string(), "#0072B2");
    }

    #[test]
    fn refuses_other_forms() {
        for bad in ["0072B2", "#0072B", "#GG72B2", "#0072B2FF", "blue", "#ééé"] {
            assert!(bad.parse::<Rgb>().is_err(), "{bad} should be refused");
        }
    }
}
