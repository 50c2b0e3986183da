# The two commands of the README: `make run` and `make test`. Both install what is missing,
# then build. `make` never runs more than 2 compile jobs (the machines have 2 cores).
PRESET ?= release
BUILD_DIR := build/$(PRESET)
DB ?= sqlite:var/keyward.db
LISTEN ?= 127.0.0.1:8080

.PHONY: all setup configure build build-programs run test test-asan fuzz package clean

all: build

setup:
	@scripts/setup.sh

$(BUILD_DIR)/CMakeCache.txt:
	@cmake --preset $(PRESET) >/dev/null

configure: setup $(BUILD_DIR)/CMakeCache.txt

build: configure
	@cmake --build --preset $(PRESET) -- --no-print-directory

# `make run` needs only the programs and the web portal, not the test binaries.
build-programs: configure
	@cmake --build --preset $(PRESET) --target keyward keyward-agent web -- --no-print-directory

run: build-programs
	@DB="$(DB)" LISTEN="$(LISTEN)" BUILD_DIR="$(BUILD_DIR)" scripts/run.sh

test: build fuzz
	@ctest --preset $(PRESET) -j2
	@ctest --preset fuzz -j2

# The libFuzzer targets (clang, only the core library); `make test` runs each for 20 s.
fuzz: setup
	@test -f build/fuzz/CMakeCache.txt || cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz -- --no-print-directory

test-asan:
	@$(MAKE) --no-print-directory test PRESET=asan

# A Debian package (build/<preset>/keyward_<version>_<arch>.deb); see docs/operations.md.
package: build
	@cd $(BUILD_DIR) && cpack -G DEB

clean:
	rm -rf build
