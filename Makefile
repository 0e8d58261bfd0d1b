# Xinqiao: the two commands of the README are `make run` and `make test`.
#
#   make build   install missing packages, build build/xinqiao (RelWithDebInfo)
#   make run     build, create data/xinqiao.db with a demo region if empty, serve on :8080
#   make test    build twice (plain and ASan+UBSan), run the whole suite on SQLite and on a
#                throwaway PostgreSQL 15
#   make bench   load scenarios and microbenchmarks, printing figures

SHELL := /bin/bash
BUILD_TYPE ?= RelWithDebInfo
CMAKE_FLAGS := -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)
JOBS ?= $(shell nproc)
DB ?= sqlite:data/xinqiao.db
LISTEN ?= 127.0.0.1:8080

.PHONY: all bootstrap build build-all build-asan run test test-plain test-asan bench clean web

all: build

bootstrap:
	@scripts/bootstrap

build/build.ninja: | bootstrap
	cmake -S . -B build $(CMAKE_FLAGS)

build-asan/build.ninja: | bootstrap
	cmake -S . -B build-asan $(CMAKE_FLAGS) -DXINQIAO_SANITIZE=ON

# Only the executable: what `make run` needs.
build: bootstrap build/build.ninja
	cmake --build build -j $(JOBS) --target xinqiao

# Executable, tests and benchmarks.
build-all: bootstrap build/build.ninja
	cmake --build build -j $(JOBS)

build-asan: bootstrap build-asan/build.ninja
	cmake --build build-asan -j $(JOBS)

# The web app: npm ci when the lock file changed, vite build when a source changed.
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/index.html web/student.html \
	web/vite.config.ts web/tsconfig.json web/check-size.mjs web/package.json src/http/openapi.json

web/node_modules/.package-lock.json: web/package-lock.json | bootstrap
	cd web && npm ci --no-audit --no-fund --loglevel=error

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	cd web && npm run --silent build

web: web/dist/index.html

run: build web
	@mkdir -p data
	build/xinqiao keygen --if-missing --key-file data/xinqiao.key
	build/xinqiao demo --if-empty --db $(DB) --key-file data/xinqiao.key
	build/xinqiao serve --listen $(LISTEN) --db $(DB) --key-file data/xinqiao.key

# The whole suite, once per configuration, against SQLite and a throwaway PostgreSQL.
test: build-all build-asan web
	scripts/with-postgres $(MAKE) --no-print-directory test-plain test-asan

test-plain:
	cd build && ctest --output-on-failure -j $(JOBS) --timeout 600

test-asan:
	cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		ctest --output-on-failure -j $(JOBS) --timeout 900

bench: build-all
	scripts/with-postgres bench/run-load
	scripts/with-postgres bench/submit
	scripts/with-postgres bench/dashboard
	scripts/with-postgres bench/search

clean:
	rm -rf build build-asan
