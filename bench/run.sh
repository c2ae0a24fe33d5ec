#!/usr/bin/env bash
# `make bench`: Rust against Python on this machine, back to back, in one command.
#
# Builds in release, installs bench/requirements.txt into .venv, runs the sleeping workload
# (units of 100 ms and 1 s; each repetition runs every style of both sides in turn, so slow drift
# of a shared machine hits both alike), the OS floor, dispatch, start-up, CPU scaling, recording
# overhead and break-even, then bench-report writes bench/results/{results.json,RESULTS.md,*.svg}.
#
#   BENCH_REPS_100MS=5 BENCH_REPS_1S=2   repetitions of the sleeping workload per unit
#   BENCH_QUICK=1                        a smoke test of the harness (20 ms unit, tiny sizes)
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
RAW=bench/results/raw
QUICK=${BENCH_QUICK:-}
if [[ -n $QUICK ]]; then
    UNITS=(20); declare -A REPS=([20]=1); FLAG=--quick
else
    UNITS=(100 1000); declare -A REPS=([100]=${BENCH_REPS_100MS:-5} [1000]=${BENCH_REPS_1S:-2}); FLAG=
fi

started=$(date +%s)
echo "==> python environment: $PY + bench/requirements.txt"
test -x $PY || python3 -m venv .venv
$PY -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt
echo "==> cargo build --release (run-styles, token-worker, rust-bench, bench-report)"
cargo build --release --quiet -p helpers --bins -p bench
BIN=target/release

rm -rf "$RAW" bench/results/*.svg && mkdir -p "$RAW"  # no plot of an earlier run survives

# The sleeping workload, "style workers" per side; the two lists run interleaved.
RUST_JOBS=(
    "sequential 1" "pool-ordered 6" "pool-unordered 6" "pool-ordered 2" "pool-unordered 2"
    "pool-chunked 2" "rayon-pool 6" "rayon-pool 2" "rayon-global 2" "thread-per-task 12"
    "scoped-threads 12" "tokio-tasks 12" "process-per-task 12" "process-pool 2"
)
# "default" = Python's own default worker count (ThreadPoolExecutor: cores + 4; the rest: cores).
PYTHON_JOBS=(
    "sequential default" "tpe-map default" "tpe-submit default" "tpe-as-completed default"
    "tpe-map 2" "tpe-submit 2" "tpe-as-completed 2" "tpe-map 12" "threadpool-map default"
    "threadpool-imap default" "threadpool-imap-unordered default" "ppe-map default"
    "joblib default" "pool-map default" "pool-imap-unordered default"
)
JOBS=()
for ((i = 0; i < ${#PYTHON_JOBS[@]} || i < ${#RUST_JOBS[@]}; i++)); do
    [[ $i -lt ${#RUST_JOBS[@]} ]] && JOBS+=("rust ${RUST_JOBS[$i]}")
    [[ $i -lt ${#PYTHON_JOBS[@]} ]] && JOBS+=("python ${PYTHON_JOBS[$i]}")
done
for unit in "${UNITS[@]}"; do
    for ((rep = 1; rep <= REPS[$unit]; rep++)); do
        echo "==> sleeping workload, unit $unit ms, repetition $rep of ${REPS[$unit]}"
        for job in "${JOBS[@]}"; do
            read -r side style workers <<<"$job"
            # A sequential run at 1 s is 26 s and says nothing the 100 ms one does not.
            [[ $style == sequential && $unit -ge 1000 ]] && continue
            if [[ $side == rust ]]; then
                TIME_UNIT_MS=$unit $BIN/run-styles --style "$style" --workers "$workers" --json \
                    >>"$RAW/sleeping-rust.jsonl"
            else
                (cd bench/python && ../../$PY sleeping.py --style "$style" --workers "$workers" \
                    --unit-ms "$unit") >>"$RAW/sleeping-python.jsonl"
            fi
        done
    done
done

for section in floor dispatch startup scaling recording breakeven; do
    echo "==> $section: rust"
    $BIN/rust-bench $section $FLAG >"$RAW/rust-$section.json"
    [[ $section == recording ]] && continue
    echo "==> $section: python"
    (cd bench/python && ../../$PY micro.py $section $FLAG) >"$RAW/python-$section.json"
done

finished=$(date +%s)
cat >"$RAW/meta.json" <<JSON
{"runtime_s": $((finished - started)), "quick": $([[ -n $QUICK ]] && echo true || echo false),
 "units_ms": [$(IFS=,; echo "${UNITS[*]}")],
 "reps": {$(for u in "${UNITS[@]}"; do printf '"%s": %s,' "$u" "${REPS[$u]}"; done | sed 's/,$//')}}
JSON
echo "==> report"
$BIN/bench-report
echo "==> done in $((finished - started)) s: bench/results/RESULTS.md"
