#!/usr/bin/env bash
# Runs every fuzz target for a set time, one after another, one process at a time, and prints
# each target's executions and crashes.
#
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]      (default: 60 seconds, every target)
#
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). The seed corpus in
# corpus/<target>/ is read but never written: what libFuzzer finds goes to target/corpus/<target>/
# (kept between runs, not committed), crashing inputs to artifacts/<target>/, and each run's log
# to target/logs/<target>/fuzz-0.log.
set -euo pipefail
cd "$(dirname "$0")"
here=$(pwd)

seconds=${1:-60}
shift || true
# libFuzzer reads -max_total_time=0 as "no limit".
if ! [ "$seconds" -ge 1 ] 2>/dev/null; then
    echo "usage: $0 [SECONDS_PER_TARGET >= 1] [TARGET...]" >&2
    exit 2
fi
if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    targets=(sentences_tokens csv jsonl model)
fi

# Optimised, but with debug assertions and overflow checks: an overflow is a finding too.
cargo +nightly fuzz build -O -a >/dev/null
triple=$(rustc +nightly -vV | sed -n 's/^host: //p')
bindir="$here/target/$triple/release"

printf '%-18s %8s %14s %8s %8s\n' target seconds executions exec/s crashes
for t in "${targets[@]}"; do
    work="$here/target/corpus/$t"
    logs="$here/target/logs/$t"
    artifacts="$here/artifacts/$t"
    mkdir -p "$work" "$logs" "$artifacts"
    before=$(find "$artifacts" -type f | wc -l)
    # -jobs=1: one fuzzing process (libFuzzer then logs to fuzz-0.log in its directory).
    # -timeout: an input that takes ten seconds is a finding (a hang), not a wait.
    rm -f "$logs/fuzz-0.log"
    (cd "$logs" && "$bindir/$t" -jobs=1 -workers=1 -max_total_time="$seconds" -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/" \
        "$work" "$here/corpus/$t" >/dev/null 2>&1) || true
    log="$logs/fuzz-0.log"
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    after=$(find "$artifacts" -type f | wc -l)
    printf '%-18s %8s %14s %8s %8s\n' "$t" "$seconds" "${execs:-?}" "${rate:-?}" "$((after - before))"
    if [ "$after" -gt "$before" ]; then
        grep -m1 -A4 'panicked at\|ERROR: libFuzzer\|ERROR: AddressSanitizer' "$log" | sed 's/^/    /' || true
        ls -t "$artifacts" | head -n "$((after - before))" | sed "s|^|    $artifacts/|"
    fi
done
