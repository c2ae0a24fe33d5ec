# Two commands for a newcomer: `make lab` opens the notebooks, `make test` checks everything.
# Both start with `setup`, which is idempotent: a second run only checks and prints "ok" lines.
# `make check` is the inner loop: the fast part of `make test`, with no kernel and no browser.
#
# Variables (set on the command line or in the environment):
#   NO_BROWSER=1        make lab: serve without opening a browser (server, workshop VM)
#   LAB_IP, LAB_PORT    make lab: where JupyterLab listens (default localhost:8888; 0.0.0.0 on a VM)
#   TIME_UNIT_MS=20     make test: one tutorial "second" in milliseconds, kept small for speed
#   CELL_TIMEOUT=300    make test/run: seconds one notebook cell may take
#   NOTEBOOKS="a.ipynb" make test/run/browser-test: only these notebooks (default: notebooks/[0-9]*.ipynb)
#   COMMITTED_ONLY=1    make browser-test: only open the notebooks as committed, run nothing
#   CHROMIUM=/usr/bin/chromium  make browser-test: the browser Playwright drives
#   REQUIRE_MPI=1       make test: fail, not skip, when chapter 13's MPI prerequisites are missing (CI)
#   PIR_KERNEL_SLOTS=4  kernels that can each keep a warm build folder (kernel/launch.py)

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

VENV := .venv
PY := $(VENV)/bin/python
EVCXR_VERSION := 0.22.0

# The Rust kernel is registered inside the venv, never in the user's home. evcxr_jupyter --install
# writes to $JUPYTER_PATH/kernels/rust (one directory, not a list), and the kernel re-checks the
# same place each time it starts, so every jupyter command below must see the same value.
export JUPYTER_PATH := $(CURDIR)/$(VENV)/share/jupyter
KERNEL_JSON := $(JUPYTER_PATH)/kernels/rust/kernel.json

# cargo install puts binaries here; a fresh shell after installing rustup may not have it on PATH.
CARGO_BIN := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin
export PATH := $(CARGO_BIN):$(PATH)

TIME_UNIT_MS ?= 20
CELL_TIMEOUT ?= 300
NOTEBOOKS ?=
LAB_IP ?= localhost
LAB_PORT ?= 8888
NO_BROWSER ?=
# Jupyter refuses to start as root unless told; containers and workshop VMs often run as root.
LAB_ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

CHECK_NOTEBOOKS := $(PY) tests/run_notebooks.py --timeout $(CELL_TIMEOUT) $(NOTEBOOKS)
# The test suite's one execution of the notebooks: in JupyterLab, in Chromium, as a reader runs them.
BROWSER_TEST = TIME_UNIT_MS=$(TIME_UNIT_MS) CELL_TIMEOUT=$(CELL_TIMEOUT) CHROMIUM=$(CHROMIUM) \
	$(PY) tests/browser_test.py $(if $(COMMITTED_ONLY),--committed-only) $(NOTEBOOKS)

CONCURRENCY_TEST = TIME_UNIT_MS=$(TIME_UNIT_MS) $(PY) tests/concurrent_kernels.py --timeout $(CELL_TIMEOUT)

COMMITTED_ONLY ?=
CHROMIUM ?= /usr/bin/chromium

.PHONY: setup rust-src evcxr kernel crates worker mpi lab check test run bench chromium browser-test \
	concurrency-test reset-slots rust-tools

setup: $(VENV)/.tooling rust-src evcxr kernel crates worker mpi

# Every crate the notebooks' :dep lines name, downloaded now, so the notebooks run with no network
# later (the kernel launcher tells cargo to work offline when crates.io is unreachable).
crates:
	@$(PY) kernel/prefetch.py

# The oldest Python the tooling runs on (tomllib came in 3.11). README.md and environment.yml say the
# same; tests/test_python_version.py keeps the three equal.
PYTHON_MIN := 3.11

# Re-run pip only when requirements.txt is newer than the last successful install.
$(VENV)/.installed: requirements.txt
	@echo "==> Python environment $(VENV) with pinned JupyterLab and nbclient (~1 min)"
	@python3 -c 'import sys; sys.exit(sys.version_info < tuple(map(int, "$(PYTHON_MIN)".split("."))))' \
		|| { echo "error: Python $(PYTHON_MIN) or newer is needed, python3 is $$(python3 --version)"; exit 1; }
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# The project's own Python package, tooling/, importable in the venv the way an editable install
# makes it (a .pth file naming this folder), so no script under tests/ or bench/ edits sys.path.
$(VENV)/.tooling: $(VENV)/.installed
	$(PY) -c 'import pathlib, site; pathlib.Path(site.getsitepackages()[0], "parallelism-in-rust.pth").write_text("$(CURDIR)\n")'
	touch $@

# evcxr compiles cells against the standard library's source (for its type inference).
rust-src:
	@if rustup component list --installed | grep -q '^rust-src'; then \
		echo "ok: rust-src is installed"; \
	else \
		echo "==> rustup component add rust-src (~30 s)"; \
		rustup component add rust-src; \
	fi

# evcxr_jupyter has no --version flag (it fails on unknown options), so ask cargo what it installed.
evcxr:
	@if cargo install --list | grep -q '^evcxr_jupyter v$(EVCXR_VERSION):' \
			&& command -v evcxr_jupyter >/dev/null; then \
		echo "ok: evcxr_jupyter $(EVCXR_VERSION) is installed"; \
	else \
		echo "==> building the Rust kernel evcxr_jupyter $(EVCXR_VERSION), ~8 min on 2 cores"; \
		cargo install --locked evcxr_jupyter --version $(EVCXR_VERSION); \
	fi

# Cheap (< 1 s), so always re-register: kernel.json holds the absolute path of the binary.
# kernel/register.py puts the slot launcher (kernel/launch.py) in front of evcxr_jupyter, so each
# running kernel builds in a warm folder of its own (see the launcher's docstring).
kernel: $(VENV)/.installed evcxr
	@evcxr_jupyter --install >/dev/null
	@$(PY) kernel/register.py $(KERNEL_JSON)
	@found=$$($(VENV)/bin/jupyter kernelspec list | awk '$$1 == "rust" {print $$2}'); \
		test "$$found" = "$(JUPYTER_PATH)/kernels/rust" \
		|| { echo "jupyter finds the rust kernel in '$$found', not in $(JUPYTER_PATH)"; exit 1; }
	@echo "ok: Rust kernel registered in $(JUPYTER_PATH)/kernels/rust"

# The worker program of chapter 05, built with the arguments helpers::worker_executable() uses (both
# read helpers/token-worker.build), so the notebook finds it up to date instead of compiling it.
worker:
	@echo "==> building the token-worker program (~30 s the first time)"
	cargo $(shell grep -v '^\s*#' helpers/token-worker.build)

# Chapter 13 maps the tokens over MPI ranks. MPI is optional: without it, every other chapter and test
# runs, and chapter 13 says how to get it. scripts/system-packages.sh (also used by .ci/run) installs
# Open MPI and libclang with apt-get where that needs no password (root, or sudo without a prompt),
# each found as the build really uses it; then the program is built as cluster::launch::program()
# builds it.
HAVE_MPI = bash scripts/system-packages.sh check mpi >/dev/null
mpi:
	@bash scripts/system-packages.sh install mpi
	@if $(HAVE_MPI); then \
		echo "==> building chapter 13's MPI program cluster-map (~30 s the first time)"; \
		cargo build --release --quiet --features mpi --bin cluster-map \
			--manifest-path cluster/Cargo.toml --target-dir target/cluster \
		|| echo "warning: cluster-map did not build; chapter 13 will show why"; \
	fi

# Empties the kernels' warm build folders (a kernel running now keeps its own until it ends).
reset-slots:
	rm -rf "$${PIR_KERNEL_SLOT_DIR:-$${XDG_CACHE_HOME:-$$HOME/.cache}/parallelism-in-rust/slots}"

# A new notebook opens with the Rust kernel (jupyterlab also brings a Python one).
lab: setup
	@echo "==> JupyterLab on notebooks/ at http://$(LAB_IP):$(LAB_PORT) (Ctrl-C to stop)"
	$(VENV)/bin/jupyter lab --ServerApp.root_dir=notebooks \
		--ServerApp.ip=$(LAB_IP) --ServerApp.port=$(LAB_PORT) \
		--MappingKernelManager.default_kernel_name=rust \
		$(if $(NO_BROWSER),--no-browser) $(LAB_ROOT_FLAG)

# The inner loop, and the first stage of `make test`: no kernel, no browser, a minute or two once the
# crates are downloaded and built. Formatting, lints as errors, every Rust test, and the Python unit
# tests (the notebook, exercise-shape, manifest, minutes and pinned-error rules, read statically).
check: $(VENV)/.tooling rust-tools
	@echo "==> cargo fmt --all --check"
	cargo fmt --all --check
	@echo "==> cargo clippy --workspace --all-targets (warnings are errors)"
	cargo clippy --quiet --workspace --all-targets -- -D warnings
	@echo "==> cargo test --workspace"
	cargo test --quiet --workspace
	@echo "==> Python unit tests (no kernel, no browser)"
	PIR_WITHOUT_KERNEL=1 $(PY) -m unittest discover --start-directory tests --pattern 'test_*.py'

# rustfmt and clippy come with rustup's default profile, but not with the minimal one.
rust-tools:
	@for tool in rustfmt clippy; do \
		rustup component list --installed | grep -q "^$$tool" || rustup component add $$tool; \
	done

# Everything: `check` first (fast, so a formatting slip fails in seconds), then what needs the kernel,
# MPI and a browser.
test: check setup chromium $(VENV)/.browser-installed
	@echo "==> the kernel launcher's warm slots, with real Rust kernels (tests/test_kernel_slots.py)"
	$(PY) -m unittest discover --start-directory tests --pattern 'test_kernel_slots.py'
	@$(MAKE) --no-print-directory exercise-answers
	@if $(HAVE_MPI); then \
		echo "==> MPI tests: mpirun -np 2 and -np 4 (cargo test -p cluster --features mpi)"; \
		cargo test --release -p cluster --features mpi --target-dir target/cluster; \
	elif [ -n "$(REQUIRE_MPI)" ]; then \
		echo "error: REQUIRE_MPI is set and the MPI tests cannot build:"; \
		bash scripts/system-packages.sh check mpi || true; \
		exit 1; \
	else \
		echo "skipped: MPI tests, because cluster-map cannot build here:"; \
		bash scripts/system-packages.sh check mpi || true; \
	fi
	@echo "==> three Rust kernels at once, each in its own slot (tests/concurrent_kernels.py)"
	$(CONCURRENCY_TEST)
	@echo "==> every notebook in JupyterLab in headless Chromium: as committed, then Run All with TIME_UNIT_MS=$(TIME_UNIT_MS)"
	@echo "    (the first notebook compiles the crates, 1-3 min; every check and solution is verified)"
	$(BROWSER_TEST)

# Every exercise's wrong answers must FAIL and its right ones PASS, in the real kernel (tests/exercises/).
.PHONY: exercise-answers
exercise-answers: setup
	@echo "==> every exercise's wrong and right answers (tests/exercises/ch*.toml), TIME_UNIT_MS=$(TIME_UNIT_MS)"
	TIME_UNIT_MS=$(TIME_UNIT_MS) $(PY) tests/exercises/run_answers.py --timeout $(CELL_TIMEOUT)
	@echo "==> progress survives a kernel restart (tests/exercises/restart_progress.py)"
	TIME_UNIT_MS=$(TIME_UNIT_MS) $(PY) tests/exercises/restart_progress.py --timeout $(CELL_TIMEOUT)

# Every exercise as done, tried or not started, as the notebooks' progress() shows it.
.PHONY: progress
progress:
	@cargo run --quiet -p helpers --bin progress

# The committed outputs must come from a real run: the 1 s unit (TIME_UNIT_MS unset), same checks.
run: setup
	@echo "==> re-running every notebook with the real 1 s unit, saving outputs in place (slow)"
	env -u TIME_UNIT_MS $(CHECK_NOTEBOOKS) --write

# Only the notebooks part of `make test`: every notebook opened in JupyterLab in a real browser, as
# committed and after Run All (tests/browser_test.py). Screenshots go to browser-run/screenshots/.
browser-test: setup chromium $(VENV)/.browser-installed
	@echo "==> notebooks in JupyterLab in Chromium, as committed$(if $(COMMITTED_ONLY),, and after Run All with TIME_UNIT_MS=$(TIME_UNIT_MS))"
	$(BROWSER_TEST)

# Debian's Chromium; Playwright is pointed at it and never downloads a browser of its own.
chromium:
	@CHROMIUM=$(CHROMIUM) bash scripts/system-packages.sh install browser
	@CHROMIUM=$(CHROMIUM) bash scripts/system-packages.sh check browser

# Three notebooks' kernels at once, each in its own slot: set-up cells, one timed run, its check.
concurrency-test: setup
	$(CONCURRENCY_TEST)

$(VENV)/.browser-installed: tests/browser-requirements.txt $(VENV)/.installed
	@echo "==> Playwright's Python package into $(VENV), for the browser test"
	$(PY) -m pip install --quiet --disable-pip-version-check -r tests/browser-requirements.txt
	touch $@

# The benchmark ends with the notebooks' cell latency, which needs the registered kernel.
bench: setup
	bash bench/run.sh
