#!/bin/sh
# Fetch the front-end libraries that service/static/vendor/ serves, from the npm registry.
#
#     sh scripts/vendor_frontend.sh        (from the repository root; needs npm)
#
# There is no build step: the files are copied as published and committed, so the pages work
# with no internet. Only what the viewer loads is kept:
#   pdfjs-dist  build/pdf.min.mjs, build/pdf.worker.min.mjs  the library and its worker
#               standard_fonts/FoxitSymbol.pfb, FoxitDingbats.pfb
#                   glyphs for unembedded Symbol and ZapfDingbats (bullets, ticks); in a browser
#                   pdf.js draws the other standard fonts (Helvetica, Times...) with system fonts
#                   and never fetches their files, so those are left out
#               LICENSE, standard_fonts/LICENSE_FOXIT       Apache-2.0; the fonts' own licence
set -eu

PDFJS_VERSION=6.5.438
# The registry's own hash of the tarball; npm checks it too, this makes a changed tarball loud.
PDFJS_SHASUM=e7f8986ec4ea04057b5d9d2f0e5b63ea94d2303f
DEST=service/static/vendor/pdfjs

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "pdfjs-dist@$PDFJS_VERSION" >/dev/null)
tarball="$tmp/pdfjs-dist-$PDFJS_VERSION.tgz"
got=$(sha1sum "$tarball" | cut -d' ' -f1)
if [ "$got" != "$PDFJS_SHASUM" ]; then
    echo "pdfjs-dist $PDFJS_VERSION: sha1 $got, expected $PDFJS_SHASUM" >&2
    exit 1
fi
tar xzf "$tarball" -C "$tmp"

rm -rf "$DEST"
mkdir -p "$DEST/standard_fonts"
cp "$tmp/package/build/pdf.min.mjs" "$tmp/package/build/pdf.worker.min.mjs" "$tmp/package/LICENSE" "$DEST/"
for f in FoxitSymbol.pfb FoxitDingbats.pfb LICENSE_FOXIT; do
    cp "$tmp/package/standard_fonts/$f" "$DEST/standard_fonts/"
done
echo "pdfjs-dist $PDFJS_VERSION (npm, sha1 $PDFJS_SHASUM)" > "$DEST/VERSION"
du -sh "$DEST"
