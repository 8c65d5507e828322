//! Font subsets for files that carry their own fonts: the SVG export and the HTML page embed
//! the shipped Noto Sans (regular and bold) reduced to the characters they show, and Noto Sans
//! Arabic whole when their text needs it, as `@font-face` rules with `data:` URLs. A reader
//! without Noto Sans then sees the same glyphs, with the same advances, as the PNG.
//!
//! `subsetter` writes only the tables a PDF needs (outlines, metrics, names): a browser also
//! needs `cmap` (characters to glyphs; written here for the kept glyphs' new numbers) and
//! `OS/2` (copied). Kerning and ligatures (GPOS, GSUB) are dropped, which Latin and Cyrillic
//! text can do without but Arabic cannot: the Arabic font, far smaller, is kept whole. Where
//! the text was shaped here (the SVG export), the kerning it was laid out with goes back in as
//! a small `kern` table of the glyph pairs that stand side by side, so that a browser's text
//! is as wide as the scene's.
//!
//! The output depends only on what is asked for: the same text gives the same bytes.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use base64::Engine as _;

use crate::scene::text::{FONT_FILES, PlacedGlyph, ShapedText, Weight};

/// The family name of the embedded Noto Sans subsets (regular 400 and bold 700).
pub const FAMILY: &str = "Frontline Sans";
/// The family name of the embedded Noto Sans Arabic (regular 400).
pub const ARABIC_FAMILY: &str = "Frontline Sans Arabic";

/// The shipped Noto Sans files, regular then bold: the fonts that are reduced.
const LATIN_FILES: [&str; 2] = ["NotoSans-Regular.ttf", "NotoSans-Bold.ttf"];

/// At most this many kerning pairs per font (a `kern` subtable's length is 16 bits).
const MAX_KERNING_PAIRS: usize = 10_000;

/// What a file's embedded fonts must show: the characters of its regular and of its bold
/// text, and the kerning its text was laid out with.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FontNeeds {
    /// The characters of regular text.
    pub regular: BTreeSet<char>,
    /// The characters of bold text.
    pub bold: BTreeSet<char>,
    /// Per font (Noto Sans regular, bold): the adjustment, in font units, between the advance
    /// of a glyph and the position of the glyph after it, keyed by the two glyphs' ids in the
    /// shipped font.
    pub kerning: [BTreeMap<(u16, u16), i16>; 2],
}

impl FontNeeds {
    /// The same characters in both weights, without kerning: for a page whose script may show
    /// any of its text in either.
    pub fn both_weights(chars: &BTreeSet<char>) -> Self {
        Self {
            regular: chars.clone(),
            bold: chars.clone(),
            kerning: Default::default(),
        }
    }

    /// Adds a shaped text: its lines' characters to its weight's, and the kerning between its
    /// glyphs side by side (the pairs of one Noto Sans font whose distance differs from the
    /// first's advance).
    pub fn add_shaped(&mut self, shaped: &ShapedText) {
        let chars = match shaped.weight {
            Weight::Regular => &mut self.regular,
            Weight::Bold => &mut self.bold,
        };
        for line in &shaped.lines {
            chars.extend(line.text.chars());
            for pair in line.glyphs.windows(2) {
                let [a, b] = pair else {
                    continue;
                };
                if a.font != b.font {
                    continue;
                }
                let Some((slot, font)) = latin_slot(a.font) else {
                    continue;
                };
                if let Some(k) = kerning(font, shaped.size, a, b) {
                    self.kerning[slot].entry((a.id, b.id)).or_insert(k);
                }
            }
        }
    }
}

/// The slot in [`FontNeeds::kerning`] and the bytes of a font of [`FONT_FILES`] when it is
/// one of the reduced ones.
fn latin_slot(font: usize) -> Option<(usize, &'static [u8])> {
    let (name, bytes) = FONT_FILES.get(font)?;
    let slot = LATIN_FILES.iter().position(|n| n == name)?;
    Some((slot, *bytes))
}

/// The kerning between two glyphs placed side by side at `size` px, in font units: how far
/// the second stands from where the first's advance ends. None when there is none, or when
/// the distance is no kerning (a mark, a zero-width glyph, a jump of half an em or more).
fn kerning(font: &[u8], size: f32, a: &PlacedGlyph, b: &PlacedGlyph) -> Option<i16> {
    let metrics = swash::FontRef::from_index(font, 0)?.glyph_metrics(&[]);
    let em = f32::from(metrics.units_per_em());
    let advance = metrics.advance_width(a.id);
    if size <= 0.0 || advance <= 0.0 {
        return None;
    }
    let k = ((b.x - a.x) * em / size - advance).round();
    (k != 0.0 && k.abs() < em / 2.0).then_some(k as i16)
}

/// The `@font-face` rules (CSS, one per line) for text that needs `needs`: [`FAMILY`] at
/// weight 400 reduced to the regular characters and at 700 reduced to the bold ones (each left
/// out when it has no character to show), with their kerning, and [`ARABIC_FAMILY`] whole
/// when a character has a glyph only in the Arabic font. A font that cannot be prepared is
/// left out: the reader's fonts then stand in.
pub fn font_faces(needs: &FontNeeds) -> String {
    let mut css = String::new();
    let (Some(regular_font), Some(bold_font)) = (file(LATIN_FILES[0]), file(LATIN_FILES[1])) else {
        return css;
    };
    let weights = [
        (regular_font, &needs.regular, &needs.kerning[0], 400),
        (bold_font, &needs.bold, &needs.kerning[1], 700),
    ];
    for (font, chars, kerning, weight) in weights {
        let shown: Vec<char> = chars
            .iter()
            .copied()
            .filter(|&c| has_glyph(font, c))
            .collect();
        if shown.is_empty() {
            continue;
        }
        if let Some(reduced) = subset(font, &shown, kerning) {
            face(&mut css, FAMILY, weight, &reduced);
        }
    }
    if let Some(arabic) = file("NotoSansArabic-Regular.ttf")
        && needs
            .regular
            .iter()
            .chain(&needs.bold)
            .any(|&c| !has_glyph(regular_font, c) && has_glyph(arabic, c))
    {
        face(&mut css, ARABIC_FAMILY, 400, arabic);
    }
    css
}

/// A shipped font's bytes by file name.
fn file(name: &str) -> Option<&'static [u8]> {
    FONT_FILES
        .iter()
        .find(|(file, _)| *file == name)
        .map(|(_, bytes)| *bytes)
}

/// True when the font has a glyph for the character.
fn has_glyph(font: &[u8], c: char) -> bool {
    swash::FontRef::from_index(font, 0).is_some_and(|f| f.charmap().map(c) != 0)
}

/// One `@font-face` rule, the font as a base64 `data:` URL.
fn face(css: &mut String, family: &str, weight: u16, font: &[u8]) {
    let data = base64::engine::general_purpose::STANDARD.encode(font);
    let _ = writeln!(
        css,
        "@font-face {{ font-family: \"{family}\"; font-style: normal; font-weight: {weight}; src: url(data:font/ttf;base64,{data}) format(\"truetype\"); }}"
    );
}

/// The font reduced to the glyphs of `chars` (those of the Basic Multilingual Plane), with a
/// `cmap` for them, the original `OS/2`, and a `kern` table of the `kerning` pairs (by the
/// font's glyph ids) whose glyphs are kept; None when the font cannot be read or reduced.
pub fn subset(font: &[u8], chars: &[char], kerning: &BTreeMap<(u16, u16), i16>) -> Option<Vec<u8>> {
    let charmap = swash::FontRef::from_index(font, 0)?.charmap();
    let mut remapper = subsetter::GlyphRemapper::new();
    let mut cmap = Vec::with_capacity(chars.len());
    for &c in chars {
        let Ok(code) = u16::try_from(u32::from(c)) else {
            continue;
        };
        let glyph = charmap.map(c);
        if glyph != 0 && code != 0xFFFF {
            cmap.push((code, remapper.remap(glyph)));
        }
    }
    // The kept pairs by the subset's glyph ids (kept glyphs keep these numbers: the subsetter
    // only adds the parts of composite glyphs after them).
    let kept: BTreeMap<(u16, u16), i16> = kerning
        .iter()
        .filter_map(|(&(a, b), &k)| Some(((remapper.get(a)?, remapper.get(b)?), k)))
        .take(MAX_KERNING_PAIRS)
        .collect();
    let reduced = subsetter::subset(font, 0, &remapper).ok()?;
    let os2 = tables(font)?
        .into_iter()
        .find(|(tag, _)| tag == b"OS/2")?
        .1
        .to_vec();
    let mut extra = vec![(*b"cmap", cmap_format4(&cmap)?), (*b"OS/2", os2)];
    if let Some(kern) = kern_format0(&kept) {
        extra.push((*b"kern", kern));
    }
    with_tables(&reduced, extra)
}

/// A `kern` table (version 0) with one horizontal format-0 subtable of glyph pairs and their
/// adjustments in font units, sorted by (left, right) as the format requires. Browsers apply
/// it when a font has no `GPOS`, as subsets do. None when there is no pair, or too many.
fn kern_format0(pairs: &BTreeMap<(u16, u16), i16>) -> Option<Vec<u8>> {
    let count = u16::try_from(pairs.len()).ok()?;
    let selector = count.checked_ilog2()?;
    let search = 6u16.checked_mul(1u16.checked_shl(selector)?)?;
    let shift = count.checked_mul(6)?.checked_sub(search)?;
    let length = u16::try_from(14 + 6 * pairs.len()).ok()?;
    let selector = u16::try_from(selector).ok()?;
    let mut out = Vec::with_capacity(4 + usize::from(length));
    // The table header (version 0, one subtable), then the subtable's: version 0, its
    // length, coverage 1 (horizontal kerning, format 0), and the binary search fields.
    for v in [0u16, 1, 0, length, 1, count, search, selector, shift] {
        out.extend(v.to_be_bytes());
    }
    for (&(left, right), &value) in pairs {
        out.extend(left.to_be_bytes());
        out.extend(right.to_be_bytes());
        out.extend(value.to_be_bytes());
    }
    Some(out)
}

/// A big-endian u16 at `at`.
fn be_u16(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

/// A big-endian u32 at `at`.
fn be_u32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

/// A font's tables: tag and bytes, in directory order.
fn tables(font: &[u8]) -> Option<Vec<([u8; 4], &[u8])>> {
    let count = usize::from(be_u16(font, 4)?);
    (0..count)
        .map(|i| {
            let record = 12 + 16 * i;
            let tag: [u8; 4] = font.get(record..record + 4)?.try_into().ok()?;
            let offset = usize::try_from(be_u32(font, record + 8)?).ok()?;
            let length = usize::try_from(be_u32(font, record + 12)?).ok()?;
            Some((tag, font.get(offset..offset.checked_add(length)?)?))
        })
        .collect()
}

/// The OpenType checksum: the sum of big-endian u32s, the last padded with zeros.
fn checksum(bytes: &[u8]) -> u32 {
    bytes.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// `font` with the `extra` tables added (replacing any of the same tag): the table directory
/// written again, tables in tag order and 4-byte aligned, with their checksums and the `head`
/// table's checksum adjustment.
fn with_tables(font: &[u8], extra: Vec<([u8; 4], Vec<u8>)>) -> Option<Vec<u8>> {
    let mut all: Vec<([u8; 4], Vec<u8>)> = tables(font)?
        .into_iter()
        .filter(|(tag, _)| extra.iter().all(|(t, _)| t != tag))
        .map(|(tag, data)| (tag, data.to_vec()))
        .collect();
    all.extend(extra);
    all.sort_by_key(|(tag, _)| *tag);
    for (tag, data) in &mut all {
        if *tag == *b"head" {
            data.get_mut(8..12)?.fill(0);
        }
    }
    let count = u16::try_from(all.len()).ok()?;
    let selector = u16::try_from(count.checked_ilog2()?).ok()?;
    let search = 16u16.checked_mul(1u16.checked_shl(u32::from(selector))?)?;
    let mut out = font.get(0..4)?.to_vec();
    for v in [
        count,
        search,
        selector,
        count.checked_mul(16)?.checked_sub(search)?,
    ] {
        out.extend(v.to_be_bytes());
    }
    let mut offset = 12 + 16 * all.len();
    let mut head_at = None;
    for (tag, data) in &all {
        if *tag == *b"head" {
            head_at = Some(offset);
        }
        out.extend(tag);
        out.extend(checksum(data).to_be_bytes());
        out.extend(u32::try_from(offset).ok()?.to_be_bytes());
        out.extend(u32::try_from(data.len()).ok()?.to_be_bytes());
        offset += data.len().next_multiple_of(4);
    }
    for (_, data) in &all {
        out.extend(data);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    let at = head_at?;
    let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
    out.get_mut(at + 8..at + 12)?
        .copy_from_slice(&adjustment.to_be_bytes());
    Some(out)
}

/// A `cmap` table with one subtable (Windows, Unicode BMP; format 4) mapping each
/// `(character, glyph)`: runs of consecutive characters whose glyphs follow them in step share
/// a segment (`idDelta`, no glyph array), then the closing 0xFFFF segment.
fn cmap_format4(pairs: &[(u16, u16)]) -> Option<Vec<u8>> {
    let mut pairs = pairs.to_vec();
    pairs.sort_unstable();
    pairs.dedup_by_key(|p| p.0);
    // (start, end, delta)
    let mut segments: Vec<(u16, u16, u16)> = Vec::new();
    for (code, glyph) in pairs {
        let delta = glyph.wrapping_sub(code);
        let follows = segments
            .last()
            .is_some_and(|s| s.1.checked_add(1) == Some(code) && s.2 == delta);
        if !follows {
            segments.push((code, code, delta));
        } else if let Some(last) = segments.last_mut() {
            last.1 = code;
        }
    }
    segments.push((0xFFFF, 0xFFFF, 1));
    let count = u16::try_from(segments.len()).ok()?;
    let length = u16::try_from(16 + 8 * segments.len()).ok()?;
    let selector = u16::try_from(count.checked_ilog2()?).ok()?;
    let search = 2u16.checked_mul(1u16.checked_shl(u32::from(selector))?)?;
    let count2 = count.checked_mul(2)?;
    let mut out = Vec::with_capacity(12 + usize::from(length));
    // The table header: version 0, one subtable (platform 3, encoding 1) at offset 12.
    for v in [0u16, 1, 3, 1] {
        out.extend(v.to_be_bytes());
    }
    out.extend(12u32.to_be_bytes());
    for v in [
        4,
        length,
        0,
        count2,
        search,
        selector,
        count2.checked_sub(search)?,
    ] {
        out.extend(v.to_be_bytes());
    }
    for s in &segments {
        out.extend(s.1.to_be_bytes());
    }
    out.extend(0u16.to_be_bytes());
    for s in &segments {
        out.extend(s.0.to_be_bytes());
    }
    for s in &segments {
        out.extend(s.2.to_be_bytes());
    }
    for _ in &segments {
        out.extend(0u16.to_be_bytes());
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads a format-4 subtable as a font renderer does.
    fn cmap_lookup(table: &[u8], code: u16) -> u16 {
        let word = |at: usize| u16::from_be_bytes([table[at], table[at + 1]]);
        let sub = 12;
        let count = usize::from(word(sub + 6) / 2);
        for k in 0..count {
            let end = word(sub + 14 + 2 * k);
            let start = word(sub + 16 + 2 * count + 2 * k);
            let delta = word(sub + 16 + 4 * count + 2 * k);
            if start <= code && code <= end {
                return code.wrapping_add(delta);
            }
        }
        0
    }

    #[test]
    fn cmaps_map_every_character_to_its_glyph() {
        let pairs: [(u16, u16); 6] = [
            (0x41, 5),
            (0x42, 6),
            (0x43, 9),
            (0x20, 1),
            (0x627, 2),
            (0x44, 10),
        ];
        let table = cmap_format4(&pairs).unwrap();
        for (code, glyph) in pairs {
            assert_eq!(cmap_lookup(&table, code), glyph, "{code:#x}");
        }
        assert_eq!(cmap_lookup(&table, 0x45), 0);
        assert_eq!(cmap_lookup(&table, 0xFFFF), 0);
        // A, B share a segment; C, D another; space; alef; the closing one.
        assert_eq!(u16::from_be_bytes([table[18], table[19]]), 2 * 5);
        assert_eq!(table.len(), 12 + 16 + 8 * 5);
    }

    #[test]
    fn subset_fonts_are_complete_for_browsers() {
        let regular = file("NotoSans-Regular.ttf").unwrap();
        let chars: Vec<char> = "Kabul Lashkar Gah 2021 – Kābul".chars().collect();
        let font = subset(regular, &chars, &BTreeMap::new()).unwrap();
        assert!(font.len() < regular.len() / 10, "{} bytes", font.len());
        assert_eq!(checksum(&font), 0xB1B0_AFBA, "checksum adjustment");
        let tables = tables(&font).unwrap();
        let tags: Vec<&[u8]> = tables.iter().map(|(t, _)| &t[..]).collect();
        for need in [
            b"cmap", b"OS/2", b"glyf", b"loca", b"head", b"hhea", b"hmtx", b"maxp",
        ] {
            assert!(
                tags.contains(&&need[..]),
                "{:?}",
                String::from_utf8_lossy(need)
            );
        }
        assert!(!tags.contains(&&b"kern"[..]), "no kerning asked for");
        let mut sorted = tags.clone();
        sorted.sort();
        assert_eq!(tags, sorted, "tables in tag order");
        let maxp = tables.iter().find(|(t, _)| t == b"maxp").unwrap().1;
        let glyphs = u16::from_be_bytes([maxp[4], maxp[5]]);
        let cmap = tables.iter().find(|(t, _)| t == b"cmap").unwrap().1;
        for c in ['K', 'ā', '–', ' '] {
            let g = cmap_lookup(cmap, c as u16);
            assert!(g > 0 && g < glyphs, "{c}: {g} of {glyphs}");
        }
        assert_eq!(cmap_lookup(cmap, 'Z' as u16), 0, "not kept");
    }

    /// The `(left, right, value)` entries of a `kern` table written here.
    fn kern_pairs(table: &[u8]) -> Vec<(u16, u16, i16)> {
        let word = |at: usize| u16::from_be_bytes([table[at], table[at + 1]]);
        assert_eq!((word(0), word(2)), (0, 1), "version 0, one subtable");
        let count = usize::from(word(10));
        assert_eq!(usize::from(word(6)), 14 + 6 * count, "subtable length");
        assert_eq!(word(8), 1, "horizontal, format 0");
        let search = usize::from(word(12));
        assert!(
            search <= 6 * count && 2 * search > 6 * count,
            "search range"
        );
        assert_eq!(1 << word(14), search / 6, "entry selector");
        assert_eq!(usize::from(word(16)), 6 * count - search, "range shift");
        (0..count)
            .map(|i| {
                let at = 18 + 6 * i;
                (word(at), word(at + 2), word(at + 4) as i16)
            })
            .collect()
    }

    #[test]
    fn the_kerning_text_was_shaped_with_is_kept() {
        let mut fonts = crate::scene::text::Fonts::new();
        let mut needs = FontNeeds::default();
        let shaped = fonts.shape("Taloqan Tarinkot PAKISTAN", 16.0, Weight::Regular, None);
        needs.add_shaped(&shaped);
        assert!(needs.bold.is_empty() && needs.regular.contains(&'T'));
        let regular = file("NotoSans-Regular.ttf").unwrap();
        let charmap = swash::FontRef::from_index(regular, 0).unwrap().charmap();
        let (t, a) = (charmap.map('T'), charmap.map('a'));
        let ta = needs.kerning[0].get(&(t, a)).copied();
        assert!(ta.is_some_and(|k| k < 0), "T and a kern: {ta:?}");
        // Kerning read back from the layout: each pair moves the next glyph as shaped.
        let line = &shaped.lines[0];
        let metrics = swash::FontRef::from_index(regular, 0)
            .unwrap()
            .glyph_metrics(&[]);
        let em = f32::from(metrics.units_per_em());
        for pair in line.glyphs.windows(2) {
            let k = needs.kerning[0]
                .get(&(pair[0].id, pair[1].id))
                .map_or(0.0, |&k| f32::from(k));
            let want = (metrics.advance_width(pair[0].id) + k) * 16.0 / em;
            assert!((pair[1].x - pair[0].x - want).abs() < 0.05, "{pair:?}");
        }
        // In the subset, by the subset's glyph ids, sorted.
        let chars: Vec<char> = needs.regular.iter().copied().collect();
        let font = subset(regular, &chars, &needs.kerning[0]).unwrap();
        let tables = tables(&font).unwrap();
        let cmap = tables.iter().find(|(t, _)| t == b"cmap").unwrap().1;
        let kern = tables.iter().find(|(t, _)| t == b"kern").unwrap().1;
        let pairs = kern_pairs(kern);
        assert_eq!(pairs.len(), needs.kerning[0].len());
        assert!(
            pairs
                .windows(2)
                .all(|w| (w[0].0, w[0].1) < (w[1].0, w[1].1))
        );
        let (t2, a2) = (cmap_lookup(cmap, 'T' as u16), cmap_lookup(cmap, 'a' as u16));
        assert!(pairs.contains(&(t2, a2, ta.unwrap())));
        assert_eq!(checksum(&font), 0xB1B0_AFBA);
    }

    #[test]
    fn faces_cover_each_weight_and_arabic_only_when_needed() {
        let latin: BTreeSet<char> = "Kabul 2021".chars().collect();
        let regular_only = FontNeeds {
            regular: latin.clone(),
            ..FontNeeds::default()
        };
        let css = font_faces(&regular_only);
        assert_eq!(css.lines().count(), 1, "regular only");
        assert!(css.starts_with(
            "@font-face { font-family: \"Frontline Sans\"; font-style: normal; font-weight: 400; src: url(data:font/ttf;base64,"
        ));
        assert!(!css.contains(ARABIC_FAMILY));
        assert_eq!(css, font_faces(&regular_only), "same text, same bytes");
        let both = font_faces(&FontNeeds::both_weights(&latin));
        assert!(both.contains("font-weight: 700;") && both.lines().count() == 2);
        let arabic = font_faces(&FontNeeds {
            bold: "مزار شریف".chars().collect(),
            ..FontNeeds::default()
        });
        assert!(arabic.contains(
            "font-family: \"Frontline Sans Arabic\"; font-style: normal; font-weight: 400;"
        ));
        // Nothing to show, nothing embedded.
        assert_eq!(font_faces(&FontNeeds::default()), "");
        // No `<`, `&` or `>` in the rules: they go into XML and HTML as they are.
        assert!(!both.contains(['<', '&', '>']));
    }
}
