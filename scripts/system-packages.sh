#!/usr/bin/env bash
# The system packages the project needs, found the way the build really uses them, and installed
# with apt-get where that needs no password. The one place that decides: `.ci/run` and the
# Makefile (setup, test) both call this, so they cannot disagree.
#
#   scripts/system-packages.sh missing GROUP...   print the Debian packages still needed, one a line
#   scripts/system-packages.sh check GROUP...     exit 1, saying what is missing and how to get it
#   scripts/system-packages.sh install GROUP...   apt-get install what is missing, if root or
#                                                 passwordless sudo; else say how (exit 0)
# Groups:
#   base     make, a C compiler and libc headers (rustc links with cc), python3's venv module
#   mpi      chapter 13: Open MPI (mpirun, mpicc) and libclang, which bindgen loads at build time
#            to generate the MPI bindings (mpi-sys)
#   browser  Chromium, for the notebook test in JupyterLab (CHROMIUM, default /usr/bin/chromium)
#
# SYSTEM_ROOT (default /) is where library folders are searched, so a test can point it at a fake
# tree; `ldconfig -p` is asked only for the real root.
set -euo pipefail

SYSTEM_ROOT=${SYSTEM_ROOT:-/}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

# libclang as clang-sys (bindgen's loader) finds it: LIBCLANG_PATH, else the usual library folders
# and the linker cache, for a file named libclang.so, libclang-N.so, libclang.so.N or
# libclang-N.so.M. libclang-cpp.so* (the C++ library that llvm-N ships on its own) is not it.
is_libclang_name() {
    case "$1" in
        libclang-cpp*) return 1 ;;
        libclang.so | libclang-*.so | libclang.so.* | libclang-*.so.*) return 0 ;;
        *) return 1 ;;
    esac
}

find_libclang() {
    local root=${SYSTEM_ROOT%/} dir file
    local dirs=()
    [ -n "${LIBCLANG_PATH:-}" ] && dirs+=("$LIBCLANG_PATH")
    shopt -s nullglob
    dirs+=("$root"/usr/lib/llvm-*/lib "$root"/usr/lib/x86_64-linux-gnu "$root"/usr/lib/aarch64-linux-gnu
           "$root"/usr/lib "$root"/usr/lib64 "$root"/usr/local/lib "$root"/usr/local/llvm*/lib)
    for dir in "${dirs[@]}"; do
        for file in "$dir"/libclang*.so*; do
            if is_libclang_name "$(basename "$file")"; then
                echo "$file"
                return 0
            fi
        done
    done
    shopt -u nullglob
    if [ "$SYSTEM_ROOT" = / ] && command -v ldconfig >/dev/null; then
        while read -r file; do
            if is_libclang_name "$file"; then
                echo "$file (ldconfig)"
                return 0
            fi
        done < <(ldconfig -p 2>/dev/null | awk '{print $1}')
    fi
    return 1
}

has() { command -v "$1" >/dev/null 2>&1; }

# The Debian packages of GROUP that are missing, one a line.
missing_in() {
    case "$1" in
        base)
            has make || echo make
            has cc || { echo gcc; echo libc6-dev; }
            python3 -c 'import ensurepip, venv' 2>/dev/null || echo python3-venv
            ;;
        mpi)
            { has mpirun && has mpicc; } || { echo openmpi-bin; echo libopenmpi-dev; }
            find_libclang >/dev/null || echo libclang-dev
            ;;
        browser)
            [ -x "$CHROMIUM" ] || echo chromium
            ;;
    esac
}

missing() {
    local group
    for group in "$@"; do missing_in "$group"; done
}

can_apt() {
    has apt-get && { [ "$(id -u)" -eq 0 ] || sudo -n true 2>/dev/null; }
}

how_to_get() {
    echo "  Debian/Ubuntu: sudo apt-get install -y $*"
    case " $* " in *" libclang-dev "* | *" openmpi-bin "*)
        echo "  Fedora: sudo dnf install -y openmpi openmpi-devel clang-devel; macOS: brew install open-mpi llvm"
        echo "  (or point LIBCLANG_PATH at the folder holding libclang.so)" ;;
    esac
}

command=${1:-}
shift || true
[ $# -gt 0 ] || { echo "usage: $0 missing|check|install GROUP..." >&2; exit 2; }
for group in "$@"; do
    case "$group" in
        base | mpi | browser) ;;
        *) echo "system-packages.sh: unknown group '$group' (base, mpi, browser)" >&2; exit 2 ;;
    esac
done
mapfile -t needed < <(missing "$@")

case "$command" in
    missing)
        printf '%s\n' "${needed[@]}"
        ;;
    check)
        if [ ${#needed[@]} -eq 0 ]; then
            echo "ok: system packages for $* are present"
        else
            echo "missing for $*: ${needed[*]}"
            how_to_get "${needed[@]}"
            exit 1
        fi
        ;;
    install)
        if [ ${#needed[@]} -eq 0 ]; then
            echo "ok: system packages for $* are present"
        elif can_apt; then
            echo "==> apt-get install ${needed[*]} (for $*, ~1 min)"
            sudo=$([ "$(id -u)" -eq 0 ] || echo sudo)
            $sudo apt-get update -qq
            $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${needed[@]}"
            still=$(missing "$@" | tr '\n' ' ')
            if [ -n "$still" ]; then
                echo "error: after apt-get install, still missing for $*: $still" >&2
                exit 1
            fi
        else
            echo "note: missing for $* (installing needs root or passwordless sudo): ${needed[*]}"
            how_to_get "${needed[@]}"
        fi
        ;;
    *)
        echo "usage: $0 missing|check|install GROUP..." >&2
        exit 2
        ;;
esac
