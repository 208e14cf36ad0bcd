# Tsunagu: the two commands a new user runs are `make run` and `make test`.
#   make run    install what is missing, build (Release), create the demo database, serve on :8080
#   make test   install, build, run every test (Release with the browser tests), then the parsers', stores' and server's under ASan+UBSan
#   make bench  benchmarks and the load test; figures go to docs/PERFORMANCE.md
#   make deb    the Debian package (Release): build/release/tsunagu_VERSION-1_ARCH.deb
SHELL := /bin/bash
MAKEFLAGS += --no-print-directory
JOBS ?= $(shell nproc)
BUILD ?= build/release
ASAN_BUILD ?= build/asan
DB ?= var/demo.db
LISTEN ?= 127.0.0.1:8080

FUZZ_SECONDS ?= 30
# Unity builds: each layer compiled in batches of 16 sources (two cores compile this twice).
UNITY ?= ON

.PHONY: deps configure build build-asan run test test-release test-asan test-tsan bench fuzz deb format clean

deps:
	@bash scripts/install-deps.sh

# The test builds leave the benchmarks out; `make bench` adds them to the same build tree.
configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DTSUNAGU_BENCH=OFF -DCMAKE_UNITY_BUILD=$(UNITY) -DCMAKE_UNITY_BUILD_BATCH_SIZE=16 >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

# The sanitizer pass builds the layers that take untrusted bytes or hold C APIs (core, io with
# its xlsx/xls/CSV readers, store over SQLite and libpq, http, route, the security tests over a
# running server) and the fuzz corpora replays. The service, api, web, app and cli tests run in
# the Release pass only: they call the same code through more layers, and under ASan they were
# half of the pass's build and run time. `make test-asan ASAN_TARGETS=all` runs everything.
ASAN_TARGETS ?= tsunagu core_tests io_tests store_tests http_tests route_tests security_tests \
  fuzz_policy_table_replay fuzz_delimited_replay fuzz_fiscal_year_replay fuzz_policy_json_replay \
  fuzz_progress_sheet_replay
build-asan: deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1 -DTSUNAGU_SANITIZE=ON -DTSUNAGU_BENCH=OFF -DCMAKE_UNITY_BUILD=$(UNITY) -DCMAKE_UNITY_BUILD_BATCH_SIZE=16 >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS) --target $(ASAN_TARGETS)

# Builds only the binary it runs.
run: configure
	@cmake --build $(BUILD) -j $(JOBS) --target tsunagu
	@mkdir -p $(dir $(DB))
	@test -f $(DB) || $(BUILD)/src/tsunagu demo --db $(DB)
	@$(BUILD)/src/tsunagu serve --db $(DB) --listen $(LISTEN)

test-release: build
	@bash scripts/with-postgres.sh ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)
	@bash scripts/e2e.sh $(BUILD)

test-asan: build-asan
	@ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  bash scripts/with-postgres.sh ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS) \
	  -E '_NOT_BUILT$$'

test: test-release test-asan

# ThreadSanitizer over the tests that run threads against each other: the audit writer and the
# deferred reads, the plan cache, the connection pool, the booking race, concurrent creates and
# the server. Not part of `make test` (a third full build); run it after touching any of those.
TSAN_BUILD ?= build/tsan
TSAN_TESTS ?= Concurrent|Fifty|DeferredRead|PlansAreCached|Server|Booking
test-tsan: deps
	@cmake -S . -B $(TSAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1 -DTSUNAGU_TSAN=ON -DTSUNAGU_BENCH=OFF -DCMAKE_UNITY_BUILD=$(UNITY) -DCMAKE_UNITY_BUILD_BATCH_SIZE=16 >/dev/null
	@cmake --build $(TSAN_BUILD) -j $(JOBS)
	@TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
	  bash scripts/with-postgres.sh ctest --test-dir $(TSAN_BUILD) --output-on-failure -j $(JOBS) -R '$(TSAN_TESTS)'

bench: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DTSUNAGU_BENCH=ON -DCMAKE_UNITY_BUILD=$(UNITY) -DCMAKE_UNITY_BUILD_BATCH_SIZE=16 >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)
	@bash bench/run.sh $(BUILD)

fuzz: deps
	@cmake -S . -B build/fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
	  -DTSUNAGU_FUZZ=ON -DTSUNAGU_BENCH=OFF >/dev/null
	@cmake --build build/fuzz -j $(JOBS) --target fuzz_policy_table fuzz_delimited fuzz_fiscal_year fuzz_policy_json fuzz_progress_sheet
	@for t in policy_table delimited fiscal_year policy_json progress_sheet; do \
	  mkdir -p build/fuzz/corpus-$$t && cp -n fuzz/corpus/$$t/* build/fuzz/corpus-$$t/ 2>/dev/null; \
	  (cd build/fuzz && ./fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 corpus-$$t) || exit 1; \
	done

# The package holds the program only; cpack packs what is built (it builds nothing itself).
deb: configure
	@cmake --build $(BUILD) -j $(JOBS) --target tsunagu
	@cd $(BUILD) && { cpack -G DEB >cpack.log 2>&1 || { cat cpack.log; exit 1; }; }
	@ls $(BUILD)/tsunagu_*.deb

format:
	@clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf build
