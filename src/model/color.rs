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

    /// The same colour with an alpha (0 transparent, 255 opaque).
    pub fn with_alpha(self, alpha: u8) -> Rgba {
        let [r, g, b] = self.0;
        Rgba([r, g, b, alpha])
    }

    /// The colour `t` of the way from `self` to `other` (0 = self, 1 = other), per sRGB channel.
    pub fn mix(self, other: Rgb, t: f32) -> Rgb {
        let t = t.clamp(0.0, 1.0);
        let mut out = [0u8; 3];
        for (o, (a, b)) in out.iter_mut().zip(self.0.into_iter().zip(other.0)) {
            *o = (f32::from(a) + (f32::from(b) - f32::from(a)) * t).round() as u8;
        }
        Rgb(out)
    }
}

/// An sRGB colour with straight (not premultiplied) alpha, 8 bits per channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgba(pub [u8; 4]);

impl Rgba {
    /// The colour without its alpha.
    pub fn rgb(self) -> Rgb {
        let [r, g, b, _] = self.0;
        Rgb([r, g, b])
    }

    /// The alpha, 0..=255.
    pub fn alpha(self) -> u8 {
        self.0[3]
    }
}

impl From<Rgb> for Rgba {
    fn from(c: Rgb) -> Self {
        c.with_alpha(255)
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
    fn mixes_per_channel() {
        let a = Rgb([0, 100, 200]);
        let b = Rgb([255, 100, 0]);
        assert_eq!(a.mix(b, 0.0), a);
        assert_eq!(a.mix(b, 1.0), b);
        assert_eq!(a.mix(b, 0.5), Rgb([128, 100, 100]));
    }

    #[test]
    fn refuses_other_forms() {
        for bad in ["0072B2", "#0072B", "#GG72B2", "#0072B2FF", "blue", "#ééé"] {
            assert!(bad.parse::<Rgb>().is_err(), "{bad} should be refused");
        }
    }
}
