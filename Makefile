# Kindly: the two commands are `make run` and `make test`. Everything else is optional.
BUILD   ?= build
JOBS    ?= $(shell nproc)
CMAKE   ?= cmake
COURSE  ?= curriculum/kindly-msc
DEPS_STAMP := $(BUILD)/.deps-ok

.PHONY: all deps configure build run test test-sanitize fuzz bench coverage format clean install package

all: build

$(DEPS_STAMP): scripts/install-deps
	./scripts/install-deps
	@mkdir -p $(BUILD) && touch $@

deps: $(DEPS_STAMP)

$(BUILD)/CMakeCache.txt: $(DEPS_STAMP)
	$(CMAKE) -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

configure: $(BUILD)/CMakeCache.txt

build: configure
	$(CMAKE) --build $(BUILD) -j $(JOBS)

# Opens the app on the bundled course with the default data folder.
run: build
	./$(BUILD)/bin/kindly --course $(COURSE)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The same tests under AddressSanitizer and UndefinedBehaviorSanitizer.
test-sanitize: deps
	$(CMAKE) -S . -B $(BUILD)-sanitize -DCMAKE_BUILD_TYPE=Debug -DKINDLY_SANITIZE=ON -DKINDLY_GUI=OFF
	$(CMAKE) --build $(BUILD)-sanitize -j $(JOBS)
	@# The live-sound speaker tests are not built here (tests/CMakeLists.txt): under ASan the
	@# speech-dispatcher client spins (seen 4 minutes at 100% of a core); `make test` runs them.
	cd $(BUILD)-sanitize && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS)
	@# The GUI's screen logic (screenless ImGui frames, no display) under the sanitizers too. A
	@# build of its own: linking the GUI into the CLI binary would add to the memory the
	@# hostile-input tests measure, and Mesa under Xvfb is not built for the sanitizers.
	$(CMAKE) -S . -B $(BUILD)-sanitize-gui -DCMAKE_BUILD_TYPE=Debug -DKINDLY_SANITIZE=ON -DKINDLY_GUI=ON
	$(CMAKE) --build $(BUILD)-sanitize-gui -j $(JOBS) --target kindly_gui_tests
	@# KINDLY_SPEECH=none as CTest sets it for these tests: no live voice in the screen tests.
	KINDLY_SPEECH=none ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ./$(BUILD)-sanitize-gui/bin/kindly_gui_tests

# libFuzzer targets, bounded time each (FUZZ_SECONDS, default 60).
FUZZ_SECONDS ?= 60
fuzz: deps
	CC=clang CXX=clang++ $(CMAKE) -S . -B $(BUILD)-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DKINDLY_FUZZ=ON -DKINDLY_GUI=OFF -DBUILD_TESTING=OFF
	$(CMAKE) --build $(BUILD)-fuzz -j $(JOBS) --target fuzz_course_loader --target fuzz_import --target fuzz_markdown
	./scripts/run-fuzz $(BUILD)-fuzz $(FUZZ_SECONDS)

bench: build
	./$(BUILD)/bin/kindly_bench
	@if [ -x $(BUILD)/bin/kindly_speech_bench ]; then ./$(BUILD)/bin/kindly_speech_bench; fi
	@if [ -x $(BUILD)/bin/kindly_gui_demo ] && command -v xvfb-run >/dev/null; then ./scripts/bench-gui $(BUILD); fi

coverage: deps
	$(CMAKE) -S . -B $(BUILD)-coverage -DCMAKE_BUILD_TYPE=Debug -DKINDLY_COVERAGE=ON -DKINDLY_GUI=OFF
	$(CMAKE) --build $(BUILD)-coverage -j $(JOBS)
	find $(BUILD)-coverage -name '*.gcda' -delete
	cd $(BUILD)-coverage && ctest -j $(JOBS) >/dev/null
	gcovr -r . --filter 'engine/src/' --exclude-throw-branches --exclude-unreachable-branches \
	  --print-summary $(BUILD)-coverage

format:
	clang-format -i $$(git ls-files '*.cpp' '*.h')

clean:
	rm -rf $(BUILD) $(BUILD)-sanitize $(BUILD)-sanitize-gui $(BUILD)-fuzz $(BUILD)-coverage

# Installs into PREFIX (default /usr/local): binary, course, desktop entry, icons, man page.
PREFIX ?= /usr/local
install: build
	$(CMAKE) --install $(BUILD) --prefix $(PREFIX)

# The Debian package: $(BUILD)/kindly_<version>-<revision>_<arch>.deb (cmake/Packaging.cmake).
# Install it with `sudo apt install ./$(BUILD)/kindly_*.deb`; see docs/install.md.
package: build
	cd $(BUILD) && cpack -G DEB
	@ls $(BUILD)/kindly_*.deb
