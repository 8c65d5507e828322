#!/usr/bin/env bash
# Regenerates the fonts shipped in this folder from the npm registry: Noto Sans (Latin, Greek,
# Cyrillic) and Noto Sans Arabic (Arabic, Persian/Dari, Pashto), regular and bold, SIL Open
# Font License 1.1, as packaged by Expo's @expo-google-fonts packages. The checksums pin the
# exact files, so a regenerated folder is byte-identical.
#
#   bash assets/fonts/fetch-fonts.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent @expo-google-fonts/noto-sans@0.4.2 @expo-google-fonts/noto-sans-arabic@0.4.3 >/dev/null
mkdir latin arabic
tar xzf expo-google-fonts-noto-sans-0.4.2.tgz -C latin
tar xzf expo-google-fonts-noto-sans-arabic-0.4.3.tgz -C arabic
cp latin/package/400Regular/NotoSans_400Regular.ttf "$here/NotoSans-Regular.ttf"
cp latin/package/700Bold/NotoSans_700Bold.ttf "$here/NotoSans-Bold.ttf"
cp arabic/package/400Regular/NotoSansArabic_400Regular.ttf "$here/NotoSansArabic-Regular.ttf"
cp arabic/package/700Bold/NotoSansArabic_700Bold.ttf "$here/NotoSansArabic-Bold.ttf"
cp latin/package/LICENSE_FONT "$here/OFL-NotoSans.txt"
cp arabic/package/LICENSE_FONT "$here/OFL-NotoSansArabic.txt"
cd "$here"
sha256sum -c --quiet <<'SUMS'
fe8c022f48d8dd29f17b744d16f9346f4357e16f7d4f7be58b000ae7c291b614  NotoSans-Regular.ttf
13a813c49624ae3ba3c5c6e72c5ebffc4b9e1e6ea32f421c04069b037c6ad431  NotoSans-Bold.ttf
252629ca0e87b6233851249b8cbf7b43445211a8caf199f1b306a19202251508  NotoSansArabic-Regular.ttf
a86a704ff8b315082f4859b04c2f8f746f4cefb14553ef10505f143e0d4829d3  NotoSansArabic-Bold.ttf
SUMS
echo "fonts ok: $(ls "$here"/*.ttf | wc -l) files"
