#!/usr/bin/env bash
# Runs the V8 benchmark suite (version 7) with our engine's shell and with
# each reference shell given on the command line, then prints the per-suite
# scores and the total Score side by side (higher is better).
#
# usage: bench/run-v8.sh [REFERENCE_SHELL...]
#   e.g. bench/run-v8.sh "node --jitless" qjs
#
# Each REFERENCE_SHELL is one argument, split on spaces into a command and its
# options; it is run as `REFERENCE_SHELL combined.js`. Our engine runs as
# `cargo run --release -p cli -- combined.js`.
#
# Environment:
#   V8_BENCH_DIR  folder holding combined.js (default: ../shared/bench/v8-v7
#                 relative to the repository root; a relative value is taken
#                 relative to the current directory)
#   V8_TIMEOUT    seconds allowed for each shell's run (default 900)
#
# A suite that throws is reported with its error; the suite's Score line is
# then missing for that shell, as the driver prints it only when every suite
# succeeded. A shell that crashes or times out is reported with its exit
# status and the end of its error output. Exit status: 0 when every shell ran
# to completion (even with failing suites), 1 otherwise, 2 for usage errors.

set -u

root=$(cd "$(dirname "$0")/.." && pwd)
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
    sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
fi

v8_dir=${V8_BENCH_DIR:-$root/../shared/bench/v8-v7}
combined=$v8_dir/combined.js
if [ ! -f "$combined" ]; then
    echo "run-v8.sh: the V8 suite is missing: no file $combined" >&2
    echo "run-v8.sh: set V8_BENCH_DIR to the folder that holds combined.js" >&2
    exit 2
fi
combined=$(cd "$(dirname "$combined")" && pwd)/combined.js
timeout_s=${V8_TIMEOUT:-900}
suites=(Richards DeltaBlue Crypto RayTrace EarleyBoyer RegExp Splay NavierStokes)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "V8 suite: $combined"
echo "building the shell: cargo build --release -p cli"
if ! (cd "$root" && cargo build --release -q -p cli); then
    echo "run-v8.sh: build failed" >&2
    exit 1
fi

names=("engine")
cmds=("cargo run --release -q -p cli --")
for ref in "$@"; do
    names+=("$ref")
    cmds+=("$ref")
done

status=0
for i in "${!cmds[@]}"; do
    echo "running ${names[$i]} (up to ${timeout_s}s) ..."
    start=$(date +%s)
    # Word splitting of the command string is intended.
    # shellcheck disable=SC2086
    (cd "$root" && timeout "$timeout_s" ${cmds[$i]} "$combined") \
        >"$tmp/$i.out" 2>"$tmp/$i.err" </dev/null
    rc=$?
    echo "$rc" >"$tmp/$i.rc"
    echo $(($(date +%s) - start)) >"$tmp/$i.secs"
    if [ "$rc" -ne 0 ]; then
        status=1
    fi
done

# value RUN SUITE: the text the driver printed after "SUITE: ", if any.
value() {
    sed -n "s/^$2: //p" "$tmp/$1.out" | head -n 1
}

is_number() {
    [[ $1 =~ ^[0-9]+(\.[0-9]+)?$ ]]
}

width=14
for n in "${names[@]}"; do
    if [ ${#n} -ge $width ]; then width=$((${#n} + 2)); fi
done

echo
printf '%-14s' "suite"
for n in "${names[@]}"; do printf "%${width}s" "$n"; done
echo
errors=()
for s in "${suites[@]}" "Score (version 7)"; do
    label=$s
    if [ "$s" = "Score (version 7)" ]; then
        label="Score"
        printf '%-14s' "----"
        for _ in "${names[@]}"; do printf "%${width}s" "----"; done
        echo
    fi
    printf '%-14s' "$label"
    for i in "${!names[@]}"; do
        v=$(value "$i" "$s")
        if [ -z "$v" ]; then
            rc=$(cat "$tmp/$i.rc")
            if [ "$rc" -eq 124 ]; then
                cell="timeout"
            elif [ "$rc" -ne 0 ]; then
                cell="crashed"
            else
                cell="-"
            fi
        elif is_number "$v"; then
            cell=$v
        else
            cell="error"
            errors+=("${names[$i]} / $s: $v")
        fi
        printf "%${width}s" "$cell"
    done
    echo
done

echo
for i in "${!names[@]}"; do
    rc=$(cat "$tmp/$i.rc")
    note="exit status $rc"
    if [ "$rc" -eq 124 ]; then note="timed out after ${timeout_s}s"; fi
    echo "${names[$i]}: ${note}, $(cat "$tmp/$i.secs")s"
    if [ "$rc" -ne 0 ] && [ -s "$tmp/$i.err" ]; then
        tail -n 5 "$tmp/$i.err" | sed 's/^/    /'
    fi
done
if [ ${#errors[@]} -gt 0 ]; then
    echo
    echo "suite errors:"
    for e in "${errors[@]}"; do echo "    $e"; done
fi
echo
echo "Score is the geometric mean of the suite scores; '-' means not printed (the"
echo "driver omits Score when a suite failed). Higher is better."
exit $status
