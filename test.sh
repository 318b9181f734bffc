#!/usr/bin/env bash
# The project's test command: every crate's tests, then the test262 ratchet.
set -euo pipefail
cd "$(dirname "$0")"
cargo test --workspace
cargo run --release -p test262-runner
