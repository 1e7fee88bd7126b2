#!/usr/bin/env bash
# Tests of the Python/Spark path (python/tests): builds the wheel (maturin, release) and the
# CLI (cargo, release), installs the wheel with pinned pyspark/pandas/pyarrow/pytest into a
# virtual environment, and runs pytest against Spark in local mode.
#
#   bash python/run_tests.sh [pytest args...]
#
# Works from a fresh clone, as root or not, without standard input (CI=true). Needs a Rust
# toolchain, python3 (>= 3.9) and the network for PyPI (and Debian's packages when Java is
# missing: openjdk-17-jre-headless is installed with apt-get only if `java -version` fails).
#
# Environment:
#   PHI_PY_VENV=DIR    the virtual environment (default: target/python-venv, reused if present)
#   PHI_PY_WITH_RAY=1  also install ray and run the Ray Data example test (about +1 minute)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
VENV="${PHI_PY_VENV:-$ROOT/target/python-venv}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 DEBIAN_FRONTEND=noninteractive
# Spark stays on the loopback interface.
export SPARK_LOCAL_IP=127.0.0.1 PYSPARK_PYTHON="$VENV/bin/python" PYSPARK_DRIVER_PYTHON="$VENV/bin/python"

# Versions that install here from PyPI and work together (pyspark 4.3 warns on pandas 3).
PINS=(pytest==9.2.0 pyspark==4.3.0 pandas==2.3.3 numpy==2.4.6 pyarrow==26.0.1)
MATURIN=maturin==1.16.0
RAY=ray==2.60.0

start=$SECONDS
step() { echo "== [$((SECONDS - start))s] $*"; }

if ! java -version >/dev/null 2>&1; then
  step "installing Java 17 (openjdk-17-jre-headless) for Spark"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -q && $SUDO apt-get install -y -q openjdk-17-jre-headless </dev/null
fi

step "virtual environment $VENV"
if [ ! -x "$VENV/bin/python" ]; then
  if ! python3 -m venv "$VENV"; then
    # Debian's own python3 keeps venv in a separate package.
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
    rm -rf "$VENV"
    $SUDO apt-get update -q && $SUDO apt-get install -y -q python3-venv </dev/null
    python3 -m venv "$VENV"
  fi
fi
PY="$VENV/bin/python"
"$PY" -m pip install -q "$MATURIN"

# The Python packages download while the Rust side compiles (network vs CPU).
step "pip install ${PINS[*]} (in the background)"
extra=()
if [ "${PHI_PY_WITH_RAY:-0}" = 1 ]; then extra=("$RAY"); fi
"$PY" -m pip install -q "${PINS[@]}" "${extra[@]}" >"$VENV/pip.log" 2>&1 &
pip_pid=$!

step "cargo build --release (the CLI the wheel is compared with)"
cargo build --release --bin phi-redact

# The same target directory as the CLI: the wheel reuses the compiled dependencies
# (python/Cargo.lock pins the versions of the repository's Cargo.lock, plus pyo3).
step "maturin build --release (the wheel)"
rm -rf "$ROOT/target/wheels/phi_redact-"*.whl
CARGO_TARGET_DIR="$ROOT/target" "$VENV/bin/maturin" build --release -m python/Cargo.toml -o "$ROOT/target/wheels"

step "waiting for pip"
if ! wait "$pip_pid"; then
  cat "$VENV/pip.log"
  echo "pip install failed" >&2
  exit 1
fi
"$PY" -m pip install -q --force-reinstall --no-deps "$ROOT"/target/wheels/phi_redact-*.whl

step "pytest python/tests (Spark local mode)"
export PHI_REDACT_CLI="$ROOT/target/release/phi-redact"
# pytest's summary line is the last line of the output.
cd python/tests
exec "$PY" -m pytest -q -p no:cacheprovider "$@"
