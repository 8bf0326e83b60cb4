# newsmark: `make run` builds and serves the page; `make test` runs every test.
# Both start with `scripts/setup.sh`, which installs what is missing and skips what is there.

PORT ?= 8000
WASM_TARGET := target/wasm32-unknown-unknown/release/newsmark.wasm
RUST_SOURCES := $(shell find src -name '*.rs') $(wildcard npm/*) Cargo.toml $(wildcard Cargo.lock) $(wildcard models/*.bin) .cargo/config.toml
# binaryen from npm (pinned in package.json): Debian's wasm-opt 108 breaks wasm-bindgen's externref table.
WASM_OPT := node_modules/.bin/wasm-opt
WWW_SOURCES := $(shell find www -type f)

.PHONY: all setup wasm dist single run test test-rust test-browser test-npm test-fuzz fuzz bench measure-memory clean

all: dist

setup:
	@bash scripts/setup.sh

# The WASM core: cargo -> wasm-bindgen (--target web) -> wasm-opt. Output in pkg/ (git-ignored).
# -O3 rather than -Oz: the model data is most of the file, so the gzip size is the same; SIMD is
# switched on in .cargo/config.toml. --no-inline=newsmark::* (before -O3) stops binaryen from
# folding the whole tagger into one 56 KB function, which V8 compiles badly: tokenize + tag
# under Node (scripts/bench-wasm.mjs) 2.02-2.15 MB/s against 1.37-1.47 with full inlining,
# whole pipeline 1.92-1.98 against 1.50-1.57 (session 9, alternating runs), for 1 KB more
# gzip. Rust's own inlining inside each function stays.
wasm: pkg/newsmark_bg.wasm

pkg/newsmark_bg.wasm: $(RUST_SOURCES)
	cargo build --lib --release --target wasm32-unknown-unknown
	wasm-bindgen --target web --out-dir pkg --out-name newsmark $(WASM_TARGET)
	$(WASM_OPT) '--no-inline=newsmark::*' -O3 --enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue pkg/newsmark_bg.wasm -o pkg/newsmark_bg.wasm
	sed "s/@VERSION@/$$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)/" npm/package.json.in > pkg/package.json
	cp npm/index.js npm/index.d.ts npm/README.md pkg/
	@printf 'wasm: %s bytes raw, %s bytes gzip\n' "$$(wc -c < pkg/newsmark_bg.wasm)" "$$(gzip -9 -c pkg/newsmark_bg.wasm | wc -c)"

# The static site: www/ plus the WASM package under dist/pkg/.
dist: pkg/newsmark_bg.wasm $(WWW_SOURCES)
	node scripts/build-dist.mjs

# One self-contained dist/newsmark.html (WASM and model inside) that works from file://.
single: dist
	node scripts/build-single.mjs

run: setup dist
	node scripts/serve.mjs dist $(PORT)

test: setup dist test-rust test-fuzz test-npm test-browser

# NEWSMARK_PYTHON: the venv with spaCy, so the spaCy export is checked by spaCy itself.
test-rust:
	NEWSMARK_PYTHON=$(CURDIR)/.venv/bin/python cargo test --all-targets

test-npm: wasm
	node --test tests/npm/

test-browser: dist
	cd tests/browser && node run.mjs

# Throughput figures (native and WASM under Node) and the shipped .wasm size. Not a test.
# A short run of every fuzz target (20 s each) is part of `make test`; `make fuzz` runs longer.
test-fuzz:
	bash scripts/fuzz.sh 20

fuzz:
	bash scripts/fuzz.sh $${FUZZ_SECONDS:-600}

bench: setup wasm
	cargo run --release --bin newsmark -- bench
	node scripts/bench-wasm.mjs

# Time and peak memory of annotating a 10 MB text with the WASM core under Node
# (MB=5 for another size), then the same in the real page for smaller sizes (drawing time).
measure-memory: setup dist
	node --expose-gc scripts/measure-memory.mjs $${MB:-10}
	node scripts/measure-page.mjs 0.1 0.2

clean:
	rm -rf dist pkg
