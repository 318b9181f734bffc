#!/usr/bin/env bash
# Runs the unit tests of the heap and collector (gc), values, strings, atoms,
# shapes and the ordered map under Miri, which checks the unsafe heap code
# for undefined behaviour (use after free, invalid pointer use, aliasing
# violations under Stacked Borrows, leaks).
#
#   .ci/miri.sh [EXTRA TEST FILTER...]
#
# Installs the Miri component of the nightly toolchain when it is missing
# (set MIRI_TOOLCHAIN to use another). Not part of .ci/run: Miri interprets
# every instruction, so this takes minutes rather than seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
toolchain=${MIRI_TOOLCHAIN:-nightly}
if ! cargo "+$toolchain" miri --version >/dev/null 2>&1; then
    rustup component add --toolchain "$toolchain" miri rust-src
fi
cargo "+$toolchain" miri setup
# Leaks are checked too; isolation stays on (the tests use no clock or files).
export MIRIFLAGS=${MIRIFLAGS:-}
cargo "+$toolchain" miri test -p engine --lib -- \
    gc:: value:: string:: atom:: shape:: ordered_map:: "$@"
