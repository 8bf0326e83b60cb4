#!/usr/bin/env bash
# Runs every fuzz target (fuzz/fuzz_targets) with libFuzzer through cargo-fuzz.
# usage: scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 20; `make test` uses the default)
# cargo-fuzz needs nightly-only compiler flags; RUSTC_BOOTSTRAP=1 lets the stable toolchain
# (the only one on our machines) accept them. Crashes land in fuzz/artifacts/<target>/.
# Inputs are capped at FUZZ_MAX_LEN bytes (default 4096, libFuzzer's own default; it was
# 65536). Speed is the pipeline's cost per byte, not a per-run start-up (the NER model is
# parsed once per process): annotate_text (two pipeline runs per input) measured ~3,800
# execs/s on 256-byte inputs and ~25 execs/s on the seed-sized (4-8 KB) corpus, i.e. about
# 4 us per byte per run, entity tagging being most of it. Short runs spend most of their time
# replaying the corpus. Big inputs are covered elsewhere (proptest, tests/unicode.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}
max_len=${FUZZ_MAX_LEN:-4096}
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz
export RUSTC_BOOTSTRAP=1
for target in annotate_text annotate_html import_export; do
  corpus=fuzz/corpus/$target
  mkdir -p "$corpus"
  rm -rf "fuzz/artifacts/$target"
  # Seed the corpus with the real articles when they are beside the project (not committed).
  if [ -d ../shared/seeds ] && [ -z "$(ls -A "$corpus")" ]; then cp ../shared/seeds/*.txt "$corpus"/; fi
  echo "fuzz: $target for ${secs}s"
  (cd fuzz && cargo fuzz run --sanitizer none "$target" "../$corpus" -- -max_total_time="$secs" -max_len="$max_len" -print_final_stats=1 2>&1) \
    | grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|Done|==[0-9]+== ERROR|SUMMARY|thread .* panicked)' || true
  if [ -n "$(ls -A fuzz/artifacts/$target 2>/dev/null)" ]; then
    echo "fuzz: $target found a crash: see fuzz/artifacts/$target" >&2
    exit 1
  fi
done
echo "fuzz: no crash"
