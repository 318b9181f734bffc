#!/usr/bin/env bash
# Runs fuzz targets for a while each: fuzz/run.sh [SECONDS] [TARGET...]
#
# SECONDS defaults to 60; TARGET defaults to every target in Cargo.toml.
# Installs cargo-fuzz when it is missing (the nightly toolchain must exist).
# Corpora live outside the repository, in
# ${FUZZ_CORPUS_DIR:-$HOME/.cache/engine-fuzz}/<target>, seeded from the
# end-to-end tests (engine/tests/js/*.js) the first time; crash inputs are
# written to fuzz/artifacts/<target>/. Exits non-zero when a target finds a
# crash (or fails to build).
set -euo pipefail
cd "$(dirname "$0")"

seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(sed -n 's/^name = "\(.*\)"$/\1/p' Cargo.toml | grep -vx fuzz)
fi
toolchain=${FUZZ_TOOLCHAIN:-nightly}
corpus_root=${FUZZ_CORPUS_DIR:-$HOME/.cache/engine-fuzz}
jobs=${FUZZ_BUILD_JOBS:-2}

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "installing cargo-fuzz"
    cargo install cargo-fuzz --locked
fi

# Per-target libFuzzer options: a time limit per input catches a missing
# interrupt poll, and script targets get room for longer inputs.
options() {
    case "$1" in
        eval | compile | js_gen) echo "-max_len=16384 -timeout=20 -rss_limit_mb=4096" ;;
        json) echo "-max_len=8192 -timeout=20 -rss_limit_mb=4096" ;;
        regexp_diff) echo "-max_len=512 -timeout=20 -dict=regexp.dict" ;;
        *) echo "-max_len=1024 -timeout=20" ;;
    esac
}

# Seeds: the end-to-end scripts, for the targets that read JavaScript text
# (js_gen reads them as generator choices, which is as good as random).
seed() {
    local dir=$1 target=$2
    mkdir -p "$dir"
    if [ -n "$(ls -A "$dir")" ]; then
        return
    fi
    case "$target" in
        eval | compile | js_gen)
            cp ../engine/tests/js/*.js "$dir"/
            ;;
        json)
            printf '%s' '{"a":[1,2.5e-7,true,null,"\u00e9\ud83d\ude00"],"b":{"":-0}}' >"$dir/seed1"
            printf '%s' '[[[[]]],{},"\\"",1e400,-1E-400,0.1]' >"$dir/seed2"
            ;;
    esac
}

mkdir -p "$corpus_root"
CARGO_BUILD_JOBS=$jobs cargo "+$toolchain" fuzz build

status=0
for t in "${targets[@]}"; do
    dir="$corpus_root/$t"
    seed "$dir" "$t"
    echo "== fuzzing $t for ${seconds}s (corpus $dir)"
    # shellcheck disable=SC2046
    if ! cargo "+$toolchain" fuzz run "$t" "$dir" -- \
        -max_total_time="$seconds" -print_final_stats=1 $(options "$t") 2>"$corpus_root/$t.log"; then
        echo "!! $t failed; the end of its log ($corpus_root/$t.log):"
        tail -n 40 "$corpus_root/$t.log"
        status=1
    else
        grep -E '^stat::number_of_executed_units|^Done' "$corpus_root/$t.log" || true
    fi
done
exit $status
