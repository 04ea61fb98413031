# bpmc: one GNU Makefile. `make` builds build/bpmc; `make run` sets up and serves the demo
# cluster; `make test` runs every test tier CI runs; `make bench` prints the figures.
# SANITIZE=address,undefined builds into build/san/ instead.

CC ?= gcc
ifeq ($(origin CC),default)
CC := gcc
endif

PKGS := libh2o-evloop sqlite3 libpq jansson libsodium xlsxwriter inih liboath libcurl libzip libxml-2.0 libqrencode libical
WARN := -std=c17 -pedantic -Wall -Wextra -Werror -Wshadow -Wconversion -Wstrict-prototypes \
        -Wmissing-prototypes -Wvla -Wformat=2 -Wimplicit-fallthrough -Wcast-qual -fno-common
CPPFLAGS_ALL := -D_GNU_SOURCE -DH2O_USE_LIBUV=0 -Isrc -Ibuild/gen $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lhpdf -lssl -lcrypto -lz -lpthread -lm

ifdef SANITIZE
BUILD := build/san
OPT := -O1 -g -fno-omit-frame-pointer -fsanitize=$(SANITIZE) -fno-sanitize-recover=all
else
BUILD := build
OPT ?= -O2 -g
endif

CFLAGS_ALL := $(WARN) $(OPT) $(CFLAGS)
LDFLAGS_ALL := $(OPT) $(LDFLAGS)

SRC := $(sort $(wildcard src/base/*.c src/db/*.c src/engine/*.c src/modules/*.c src/modules/*/*.c \
                        src/http/*.c src/cli/*.c))
LIB_SRC := $(filter-out src/main.c,$(SRC))
GEN_OBJ := $(BUILD)/obj/gen/embedded.o $(BUILD)/obj/gen/web_assets.o
OBJ := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(SRC) src/main.c) $(GEN_OBJ)
LIB_OBJ := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(LIB_SRC)) $(GEN_OBJ)
# Migrations live with their module (src/modules/<module>/migrations/) or, for the engine's own
# tables, in src/db/migrations/; they are embedded as migrations/NNNN_name.sql and applied in the
# order of their numbers, which are unique across all folders.
MIGRATIONS := $(wildcard src/db/migrations/*.sql src/modules/*/migrations/*.sql)
EMBED := $(MIGRATIONS) $(sort $(wildcard src/db/demo/*.sql)) src/db/pg/compat.sql
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))

.PHONY: all run test unit unit-bin api fuzz crash bench clean bootstrap lint format san mutate
all: $(BUILD)/bpmc

bootstrap:
	@scripts/bootstrap

build/embed: tools/embed.c
	@mkdir -p build
	$(CC) -O1 -o $@ $<

build/gen/embedded.c: build/embed $(EMBED)
	@mkdir -p build/gen
	build/embed embedded_files - $(EMBED) > $@.tmp && mv $@.tmp $@

# The web application (web/, Vite): built when its packages are installed (scripts/bootstrap
# does), embedded with a gzip copy of each file. Without it the server shows a plain page.
WEB_SRC := $(shell find web/src web/index.html web/package.json web/vite.config.ts web/tsconfig.json -type f 2>/dev/null)
# NO_WEB=1 embeds web/dist as it is (for C-only work).
WEB_BUILD := $(if $(NO_WEB),,$(wildcard web/node_modules))
web/dist/.built: $(if $(NO_WEB),,$(WEB_SRC)) $(if $(WEB_BUILD),web/src/api/schema.d.ts)
	@if [ -z "$(NO_WEB)" ] && [ -d web/node_modules ]; then \
	  echo "  WEB  web/dist"; (cd web && npm run --silent build) && touch $@; \
	else echo "  WEB  skipped (run scripts/bootstrap to install web/node_modules)"; mkdir -p web/dist && touch $@; fi

build/gen/web_assets.c: build/embed web/dist/.built
	@mkdir -p build/gen/web
	@rm -rf build/gen/web/* && files=""; \
	for f in $$(cd web/dist && find . -type f ! -name .built | sed 's|^\./||' | sort); do \
	  mkdir -p build/gen/web/$$(dirname $$f); cp web/dist/$$f build/gen/web/$$f; \
	  gzip -9 -n -c web/dist/$$f > build/gen/web/$$f.gz; files="$$files build/gen/web/$$f build/gen/web/$$f.gz"; \
	done; build/embed web_files build/gen/web/ $$files > $@.tmp && mv $@.tmp $@

# The web app's API types (web/src/api/schema.d.ts, committed) are generated from the OpenAPI
# document of the binary being built, before tsc checks the pages against them: a contract
# change that breaks a page fails the build. The binary embeds web/dist, so the document comes
# from its twin linked with no web app ($(BUILD)/bpmc-noweb, `bpmc openapi` needs no database).
# openapi.json is replaced only when it changes, so C edits that keep the contract rebuild no web.
build/gen/web_none.c: build/embed
	@mkdir -p build/gen
	build/embed web_files build/gen/web/ > $@.tmp && mv $@.tmp $@

$(BUILD)/bpmc-noweb: $(filter-out $(BUILD)/obj/gen/web_assets.o,$(OBJ)) $(BUILD)/obj/gen/web_none.o
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS)

build/gen/openapi.json: $(BUILD)/bpmc-noweb
	@$(BUILD)/bpmc-noweb openapi > $@.tmp && { cmp -s $@.tmp $@ && rm $@.tmp || mv $@.tmp $@; }

web/src/api/schema.d.ts: build/gen/openapi.json
	@echo "  GEN  $@"; cd web && npm run --silent gen:api

$(BUILD)/obj/gen/web_none.o: build/gen/web_none.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) -std=c17 $(OPT) -c -o $@ $<

$(BUILD)/obj/gen/web_assets.o: build/gen/web_assets.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) -std=c17 $(OPT) -c -o $@ $<

$(BUILD)/obj/gen/embedded.o: build/gen/embedded.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) -std=c17 $(OPT) -c -o $@ $<

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo "  CC $<"; $(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<

$(BUILD)/bpmc: $(OBJ)
	$(CC) $(LDFLAGS_ALL) -o $@ $(OBJ) $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -Wno-missing-prototypes -o $@ $< $(LIB_OBJ) $(LIBS) -lcmocka

-include $(OBJ:.o=.d)

data/bpmc.db: | $(BUILD)/bpmc
	@mkdir -p data
	$(BUILD)/bpmc init --demo --db $@

run: bootstrap
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory data/bpmc.db
	@build/bpmc migrate --db data/bpmc.db
	@echo "bpmc: open http://127.0.0.1:8080/ — log in with the demo operator in data/demo-login.txt:"
	@cat data/demo-login.txt 2>/dev/null || echo "  (no demo login: create one with build/bpmc user add --help)"
	build/bpmc serve --db data/bpmc.db

unit-bin: $(UNIT_BIN)

unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; $$t; done

# The same sources built by clang, for its warnings.
build/clang/bpmc: $(SRC) src/main.c build/gen/embedded.c build/gen/web_assets.c
	@mkdir -p build/clang
	clang $(CPPFLAGS_ALL) $(WARN) -O1 -o $@ $(SRC) src/main.c build/gen/embedded.c build/gen/web_assets.c $(LIBS)

san:
	@$(MAKE) --no-print-directory SANITIZE=address,undefined all unit

api: $(BUILD)/bpmc
	BPMC_BIN=$(abspath $(BUILD)/bpmc) node --test tests/api/

fuzz:
	@tests/fuzz/run

# Known-bad edits (tests/mutate/mutants.json), each applied, built and tested: the kill rate.
mutate: $(BUILD)/bpmc
	@node tests/mutate/run.mjs

crash: $(BUILD)/bpmc
	BPMC_BIN=$(abspath $(BUILD)/bpmc) node tests/crash/crash.mjs

test: bootstrap
	@scripts/test

bench: bootstrap all
	@bench/run && bench/search-scale

lint:
	scripts/check-sql
	node --test tests/lint/
	cppcheck --error-exitcode=1 --quiet --enable=warning,performance,portability \
	  --suppress=missingIncludeSystem --inline-suppr -Isrc src

format:
	clang-format -i $(SRC) $(wildcard src/*/*.h src/modules/*/*.h)

clean:
	rm -rf build

# `make -s print-LIBS` prints a variable (tests/fuzz/run builds with the same flags and libraries).
print-%:
	@echo $($*)
