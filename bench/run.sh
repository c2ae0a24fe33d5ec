#!/usr/bin/env bash
# `make bench`: Rust against Python on this machine, back to back, in one command.
#
# Builds in release, installs bench/requirements.txt into .venv, runs the sleeping workload
# (units of 100 ms and 1 s; each repetition runs every style of both sides in turn, so slow drift
# of a shared machine hits both alike), the OS floor (the same schedules slept by bare threads),
# dispatch, start-up, CPU scaling, recording overhead and break-even, then bench-report writes
# bench/results/{results.json,RESULTS.md,*.svg}. Both sides always get explicit worker counts.
#
#   BENCH_REPS_100MS=5 BENCH_REPS_1S=2   repetitions of the sleeping workload per unit (chapter 12
#                                        and the report's sentences read the unit with the most)
#   BENCH_QUICK=1                        a smoke test of the harness (20 ms unit, tiny sizes)
#
# CPU scaling runs 7 interleaved rounds per side (SCALING_ROUNDS in rust-bench and micro.py), each
# timing one task alone first.
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
# Whether other programs shared the machine: the load average before anything here ran, and the CPU
# time the whole machine used during the run minus what this script and its children used (so the
# benchmark's own load, which the load average at the end would show, never counts against it).
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
machine_busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }  # user nice system irq softirq
own_ticks() { awk '{print $14 + $15 + $16 + $17}' "/proc/$$/stat"; }  # this shell and its waited-for children
BUSY_START=$(machine_busy_ticks) OWN_START=$(own_ticks)
echo "==> python environment: $PY + bench/requirements.txt"
test -x $PY || python3 -m venv .venv
$PY -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt
echo "==> cargo build --release (run-styles, token-worker, rust-bench, bench-report)"
cargo build --release --quiet -p helpers --bins -p bench
BIN=target/release

rm -rf "$RAW" bench/results/*.svg && mkdir -p "$RAW"  # no plot of an earlier run survives

# Worker counts, explicit on both sides so every pair compares the same count on any machine:
# the cores (what Pool, ProcessPoolExecutor and joblib use by default), ThreadPoolExecutor's
# default (cores + 4, at most 32), and one thread per token.
CORES=$(nproc)
TPE=$((CORES + 4 > 32 ? 32 : CORES + 4))
PER_TOKEN=12
# The sleeping workload, "style workers" per side; the two lists run interleaved. The Rust jobs
# that pair with a Python job come from helpers' style table (each Rust style names its Python
# counterparts there; bench/rust_jobs.py reads `run-styles --list --json`); RUST_ALSO adds the
# Rust styles that have no counterpart.
PYTHON_JOBS=(
    "sequential 1" "tpe-map $TPE" "tpe-submit $TPE" "tpe-as-completed $TPE"
    "tpe-map $CORES" "tpe-submit $CORES" "tpe-as-completed $CORES" "tpe-map $PER_TOKEN"
    "threadpool-map $CORES" "threadpool-imap $CORES" "threadpool-imap-unordered $CORES"
    "ppe-map $CORES" "joblib $CORES" "pool-map $CORES" "pool-imap-unordered $CORES"
)
RUST_ALSO=(
    "sequential 1" "rayon-pool $TPE" "rayon-pool $CORES" "rayon-global $CORES"
    "thread-per-task $PER_TOKEN" "scoped-threads $PER_TOKEN" "tokio-tasks $PER_TOKEN"
    "process-per-task $PER_TOKEN"
)
RUST_JOBS_TEXT=$($BIN/run-styles --list --json \
    | $PY bench/rust_jobs.py --python "${PYTHON_JOBS[@]}" --also "${RUST_ALSO[@]}")
mapfile -t RUST_JOBS <<<"$RUST_JOBS_TEXT"
WORKERS=$(printf '%s\n' 1 "$CORES" "$TPE" "$PER_TOKEN" | sort -nu | paste -sd,)
JOBS=()
declare -A SEEN=()  # on some machines two counts coincide: run each job once
add_job() { [[ -n ${SEEN[$1]:-} ]] || { SEEN[$1]=1; JOBS+=("$1"); }; }
for ((i = 0; i < ${#PYTHON_JOBS[@]} || i < ${#RUST_JOBS[@]}; i++)); do
    [[ $i -lt ${#RUST_JOBS[@]} ]] && add_job "rust ${RUST_JOBS[$i]}"
    [[ $i -lt ${#PYTHON_JOBS[@]} ]] && add_job "python ${PYTHON_JOBS[$i]}"
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

UNIT_LIST=$(IFS=,; echo "${UNITS[*]}")
echo "==> floor: rust, then python (the same schedules, bare sleeping threads)"
$BIN/rust-bench floor --units "$UNIT_LIST" --workers "$WORKERS" $FLAG >"$RAW/rust-floor.json"
(cd bench/python && ../../$PY micro.py floor --schedules-from "../../$RAW/rust-floor.json" $FLAG) \
    >"$RAW/python-floor.json"
for section in dispatch startup scaling recording breakeven; do
    # Dispatch and break-even run every pool with as many workers as cores, on both sides.
    ARGS=(); [[ $section == dispatch || $section == breakeven ]] && ARGS=(--workers "$CORES")
    echo "==> $section: rust"
    $BIN/rust-bench $section "${ARGS[@]}" $FLAG >"$RAW/rust-$section.json"
    [[ $section == recording ]] && continue
    echo "==> $section: python"
    (cd bench/python && ../../$PY micro.py $section "${ARGS[@]}" $FLAG) >"$RAW/python-$section.json"
done

finished=$(date +%s)
OTHERS_CPU_S=$(awk -v b0="$BUSY_START" -v b1="$(machine_busy_ticks)" -v o0="$OWN_START" -v o1="$(own_ticks)" \
    -v hz="$(getconf CLK_TCK)" 'BEGIN { x = ((b1 - b0) - (o1 - o0)) / hz; printf "%.1f", x < 0 ? 0 : x }')
cat >"$RAW/meta.json" <<JSON
{"runtime_s": $((finished - started)), "quick": $([[ -n $QUICK ]] && echo true || echo false),
 "units_ms": [$UNIT_LIST], "workers": [$WORKERS],
 "reps": {$(for u in "${UNITS[@]}"; do printf '"%s": %s,' "$u" "${REPS[$u]}"; done | sed 's/,$//')},
 "load_average_start": "$LOAD_START", "load_average_end": "$(cut -d' ' -f1-3 /proc/loadavg)",
 "others_cpu_s": $OTHERS_CPU_S}
JSON
echo "==> report"
$BIN/bench-report
echo "==> done in $((finished - started)) s: bench/results/RESULTS.md"

# Cell latency of the notebooks (last, so a failing notebook cannot cost the figures above).
echo "==> notebook cell latency (bench/latency.py)"
$PY bench/latency.py
