#!/usr/bin/env bash
# Build the front-end assets into static/vendor/ (git-ignored).
# Run from anywhere; normally via `make assets`, which only calls this when
# package-lock.json or static/src/*.scss changed. Needs `npm ci` done first.
#
# Output:
#   static/vendor/fossdash.css                   GOV.UK + MoJ Frontend + app styles
#   static/vendor/govuk/assets/                  GOV.UK fonts, images, manifest.json
#                                                (+ MoJ's images, which the CSS uses)
#   static/vendor/govuk/govuk-frontend.min.js    ES module: <script type="module">
#   static/vendor/moj/moj-frontend.min.js        ES module: <script type="module">
#   static/vendor/moj/assets/                    MoJ images
#   static/vendor/plotly/plotly-basic.min.js     classic script (window.Plotly)
#   static/vendor/axe/axe.min.js                 browser tests only
#   static/vendor/.built                         stamp
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

nm=node_modules
govuk="$nm/govuk-frontend/dist/govuk"
moj="$nm/@ministryofjustice/frontend/moj"
plotly="$nm/plotly.js-basic-dist-min"
axe="$nm/axe-core"

for f in "$govuk/index.scss" "$govuk/govuk-frontend.min.js" "$moj/all.scss" \
         "$moj/moj-frontend.min.js" "$plotly/plotly-basic.min.js" "$axe/axe.min.js" \
         "$nm/.bin/sass"; do
  if [[ ! -e "$f" ]]; then
    echo "build.sh: missing $f (run 'npm ci' first, or 'make assets')" >&2
    exit 1
  fi
done

# Build into a temporary folder and swap it in, so a failed build never
# leaves a half-built static/vendor behind (and the stamp can't lie).
tmp="$(mktemp -d static/.vendor-build.XXXXXX)"
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$tmp/govuk" "$tmp/moj" "$tmp/plotly" "$tmp/axe"

# CSS. --load-path=. is needed as well as node_modules: MoJ Frontend loads
# GOV.UK Frontend as "node_modules/govuk-frontend/dist/govuk/base".
"$nm/.bin/sass" \
  --load-path=node_modules \
  --load-path=. \
  --quiet-deps \
  --style=compressed \
  --no-source-map \
  static/src/fossdash.scss "$tmp/fossdash.css"

# GOV.UK Frontend assets + JS (ES module) and its source map.
cp -R "$govuk/assets" "$tmp/govuk/assets"
cp "$govuk/govuk-frontend.min.js" "$govuk/govuk-frontend.min.js.map" "$tmp/govuk/"

# MoJ Frontend assets + JS (ES module) and its source map.
cp -R "$moj/assets" "$tmp/moj/assets"
cp "$moj/moj-frontend.min.js" "$moj/moj-frontend.min.js.map" "$tmp/moj/"
# The compiled CSS points MoJ's images at the GOV.UK images folder too (see
# static/src/fossdash.scss); refuse to overwrite any GOV.UK file.
cp -R -n "$moj/assets/images/." "$tmp/govuk/assets/images/"

# Plotly (basic bundle; must match Python plotly's bundled plotly.js version).
cp "$plotly/plotly-basic.min.js" "$tmp/plotly/"

# axe-core, for the accessibility checks in the browser tests.
cp "$axe/axe.min.js" "$tmp/axe/"

# Sanity checks on the CSS.
css="$tmp/fossdash.css"
grep -q '@font-face' "$css" || { echo "build.sh: no @font-face in fossdash.css" >&2; exit 1; }
grep -q '/static/vendor/govuk/assets/fonts/' "$css" || { echo "build.sh: font URLs not under /static/vendor/govuk/assets/fonts/" >&2; exit 1; }
grep -q '\.app-diff' "$css" || { echo "build.sh: .app-diff missing from fossdash.css" >&2; exit 1; }
# Every url(...) in the CSS must exist in the built tree.
missing=0
while IFS= read -r url; do
  rel="${url#/static/vendor/}"
  if [[ ! -f "$tmp/$rel" ]]; then
    echo "build.sh: fossdash.css refers to missing file $url" >&2
    missing=1
  fi
done < <(grep -o 'url([^)]*)' "$css" | sed -e 's/^url(//' -e 's/)$//' -e 's/^"//' -e 's/"$//' -e "s/^'//" -e "s/'\$//" | grep '^/static/vendor/' | sort -u)
[[ $missing -eq 0 ]] || exit 1

date -u +%Y-%m-%dT%H:%M:%SZ > "$tmp/.built"

rm -rf static/vendor
mv "$tmp" static/vendor
chmod 755 static/vendor
trap - EXIT
echo "build.sh: built static/vendor"
