#!/usr/bin/env bash
# Installs everything newsmark's build and tests need on a fresh Debian machine that
# already has the Rust toolchain. Idempotent: each step checks first and skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

# The wasm-bindgen CLI must be the exact version of the wasm-bindgen crate (Cargo.toml pins it with =).
WB_VERSION=$(sed -n 's/^wasm-bindgen = { *version = "=\([0-9.]*\)".*/\1/p; s/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' Cargo.toml | head -n1)
[ -n "$WB_VERSION" ] || { echo "setup: cannot read the wasm-bindgen version from Cargo.toml" >&2; exit 1; }

SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs npm)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "setup: adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! command -v wasm-bindgen >/dev/null 2>&1 || [ "$(wasm-bindgen --version | awk '{print $2}')" != "$WB_VERSION" ]; then
  echo "setup: installing wasm-bindgen-cli $WB_VERSION (a few minutes, once)"
  cargo install wasm-bindgen-cli --version "=$WB_VERSION"
fi

# cargo-fuzz for the fuzz targets (scripts/fuzz.sh); cargo install skips it when present.
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  echo "setup: installing cargo-fuzz (about a minute, once)"
  cargo install cargo-fuzz
fi

# npm tools (package.json, pinned): playwright-core drives Debian's chromium in the browser tests
# (it never downloads a browser); binaryen gives a wasm-opt new enough for wasm-bindgen's output.
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ]; then
  echo "setup: installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi
# spaCy, the real consumer of the spaCy export (tests/consumers/check_spacy.py), in a project venv.
SPACY_VERSION=3.8.18
if ! .venv/bin/python -c "import spacy, sys; sys.exit(spacy.__version__ != '$SPACY_VERSION')" >/dev/null 2>&1; then
  echo "setup: installing spaCy $SPACY_VERSION into .venv (for the export tests)"
  python3 -m venv .venv 2>/dev/null || { $SUDO apt-get update -qq; DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv >/dev/null; python3 -m venv .venv; }
  .venv/bin/pip install -q --disable-pip-version-check "spacy==$SPACY_VERSION"
fi
echo "setup: ok"
