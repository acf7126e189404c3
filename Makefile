# earshot: build, run and test.
#
#   make            build everything into build/bin/
#   make run        install what is missing, build, start a local instance
#   make stop       stop what `make run` started
#   make test       install what is missing, build, run every test (the
#                   end-to-end tests as JOBS=2 shards at once)
#   make asan       the same programs with ASan + UBSan, into build-asan/
#   make test-asan  the whole test suite against the asan build
#   make test-nonroot  (as root) the tests as an ordinary user, TEST_USER
#                   (default earshot-ci-test, created if missing); FILTER
#   make portable   the programs for other Linux hosts (shared hosting):
#                   only glibc dynamic, into build/portable/
#   make bench      benchmarks (never part of `make test`; QUICK=1, PEERS=1, PROFILE=data)
#   make test-cluster  earshot on a 3-node Galera cluster (~3 min)
#   make fuzz       libFuzzer harnesses (clang), FUZZ_SECONDS each (default
#                   60); FUZZ_ONLY="filter cidr" runs some. See tests/fuzz/.
#   make format     clang-format every C++ file
#   make clean      remove build output (var/ is left alone; see `make stop`)

VARIANT ?= release
ifeq ($(VARIANT),asan)
  BUILD ?= build-asan
  # -g1 (line tables): reports keep function, file and line; full debug
  # information would cost a third more compile time in CI.
  OPT := -O1 -g1 -fno-omit-frame-pointer -fsanitize=address,undefined \
         -fno-sanitize-recover=undefined
  TEST_OPT := $(OPT)
  SANITIZE_LD := -fsanitize=address,undefined
else
  BUILD ?= build
  # -g1 (line tables) is what perf and callgrind need to name functions and
  # lines (bench PROFILE=); full debug information cost a third of the
  # compile time. The tests' own code is built at -O1: it drives the
  # programs, its speed is not measured.
  OPT := -O2 -g1
  TEST_OPT := -O1 -g1
  SANITIZE_LD :=
  # Handlers also run as plain CGI, one process per request: libstdc++
  # linked in saves the dynamic linker ~1 ms of symbol binding per start.
  # See bench/README.md.
  HANDLER_LD := -static-libstdc++ -static-libgcc
endif

PKGS := fcgi libmariadb RapidJSON libcrypto libcurl
CXX := g++
# Lazy (=) so that pkg-config runs after `make deps` has installed things.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CXXFLAGS = -std=c++20 $(OPT) -Wall -Wextra -Werror -MMD -MP -I. $(PKG_CFLAGS)
# --as-needed: a handler loads only the libraries it uses (not libcurl).
LDFLAGS = $(SANITIZE_LD) -Wl,--as-needed
LDLIBS = $(PKG_LIBS) -lpthread

COMMON_SRCS := $(sort $(wildcard common/*.cc common/*/*.cc))
# handlers/admin.cc is the console, not a listener type: kept out of the
# lists of types (pools, units, nginx routes).
ADMIN_SRC := handlers/admin.cc
HANDLER_SRCS := $(filter-out $(ADMIN_SRC),$(sort $(wildcard handlers/*.cc)))
CTL_SRCS := $(sort $(wildcard tools/earshotctl/*.cc))
OUTBOX_SRCS := $(sort $(wildcard tools/outbox/*.cc))
UNIT_SRCS := $(sort $(wildcard tests/unit/*.cc))
E2E_SRCS := $(sort $(wildcard tests/e2e/*.cc))
BENCH_SRCS := $(sort $(wildcard bench/*.cc))

obj = $(patsubst %.cc,$(BUILD)/obj/%.o,$(1))

LIB := $(BUILD)/lib/libearshot.a
# earshotctl's own code but main.cc, and the migrations embedded from sql/,
# as a library the unit tests link too.
CTL_LIB := $(BUILD)/lib/libearshotctl.a
CTL_MAIN := tools/earshotctl/main.cc
MIGRATIONS_CC := $(BUILD)/gen/migrations.cc
MIGRATIONS_OBJ := $(BUILD)/obj/gen/migrations.o
HANDLERS := $(patsubst handlers/%.cc,$(BUILD)/bin/%.fcgi,$(HANDLER_SRCS))
CTL := $(BUILD)/bin/earshotctl
OUTBOX := $(if $(OUTBOX_SRCS),$(BUILD)/bin/earshot-outbox)
BENCH_BINS := $(patsubst bench/%.cc,$(BUILD)/bench/%.fcgi,$(BENCH_SRCS))
UNIT := $(BUILD)/tests/unit_tests
E2E := $(BUILD)/tests/e2e_tests
ADMIN := $(BUILD)/bin/admin.fcgi
PROGRAMS := $(HANDLERS) $(ADMIN) $(CTL) $(OUTBOX)
# Passwords (Argon2id) for what sets or checks them; templates for the
# console alone.
ARGON2_LIBS = $(shell pkg-config --libs libargon2 2>/dev/null)
CONSOLE_LIBS = $(shell pkg-config --libs libctemplate 2>/dev/null) $(ARGON2_LIBS)

.PHONY: all programs tests deps run stop test asan test-asan test-cluster \
        bench fuzz fuzz-programs clean format portable
.DEFAULT_GOAL := all

# The portable programs are linked from the release objects only (an ASan
# build needs its runtime).
all: programs tests $(if $(filter release,$(VARIANT)),portable)
programs: $(PROGRAMS)
# The end-to-end tests only drive the programs (over HTTP, FastCGI and
# their command lines): the ASan run uses the release build's test binary
# against the ASan programs, so that binary is built once.
tests: $(UNIT) $(if $(filter release,$(VARIANT)),$(E2E))

$(BUILD)/obj/%.o: %.cc
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) $(PCH_FLAGS) -c $< -o $@

# The tests' precompiled header: GoogleTest, the standard library and
# RapidJSON parsed once per build instead of once per test file (over half
# of a test file's compile time; tests/precompiled.h says what may go in).
# -Winvalid-pch (with -Werror): a header that cannot be used stops the build
# instead of silently costing the time again. With a precompiled header
# g++ 12 reports std::string's small-buffer copies as out of bounds
# (-Warray-bounds, -Wstringop-overread, -Wstringop-overflow: false
# positives in code that compiles clean without it), so those three are
# off for the tests' own code; the programs are compiled without a
# precompiled header and keep them.
TEST_PCH := $(BUILD)/obj/pch/tests/precompiled.h
TEST_OBJS := $(call obj,$(UNIT_SRCS) $(E2E_SRCS))
$(TEST_OBJS): OPT = $(TEST_OPT)
$(TEST_OBJS): PCH_FLAGS = -Winvalid-pch -include $(TEST_PCH) \
  -Wno-array-bounds -Wno-stringop-overread -Wno-stringop-overflow
$(TEST_OBJS): $(TEST_PCH).gch

# The header is copied next to its .gch: gcc looks for NAME.gch beside the
# NAME it is told to include (and reads NAME itself if the .gch is stale).
$(BUILD)/obj/pch/%.h.gch: %.h
	@mkdir -p $(dir $@)
	cp $< $(basename $@)
	$(CXX) $(CXXFLAGS) -x c++-header $(basename $@) -o $@

# g++ 12 with ASan at -O1 warns, wrongly, of an uninitialised std::function
# inside <regex>'s automaton; these tests match log lines with it.
REGEX_TESTS := ops_log_test ops_stderr_test ops_tls_test
$(patsubst %,$(BUILD)/obj/tests/e2e/%.o,$(REGEX_TESTS)): \
  CXXFLAGS += -Wno-maybe-uninitialized

$(LIB): $(call obj,$(COMMON_SRCS))
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/bin/%.fcgi: $(BUILD)/obj/handlers/%.o $(LIB)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $(HANDLER_LD) $^ -o $@ $(LDLIBS)

$(ADMIN): $(call obj,$(ADMIN_SRC)) $(LIB)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $^ -o $@ $(LDLIBS) $(CONSOLE_LIBS)

# sql/*.sql embedded in earshotctl, so `earshotctl migrate` needs no files.
# The directory is a prerequisite too, so removing a file regenerates.
$(MIGRATIONS_CC): tools/embed-migrations $(wildcard sql/*.sql) sql
	@mkdir -p $(dir $@)
	tools/embed-migrations sql $@

$(MIGRATIONS_OBJ): $(MIGRATIONS_CC)
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) -c $< -o $@

$(CTL_LIB): $(call obj,$(filter-out $(CTL_MAIN),$(CTL_SRCS))) $(MIGRATIONS_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(CTL): $(call obj,$(CTL_MAIN)) $(CTL_LIB) $(LIB)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $^ -o $@ $(LDLIBS) $(ARGON2_LIBS)

$(BUILD)/bin/earshot-outbox: $(call obj,$(OUTBOX_SRCS)) $(LIB)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $^ -o $@ $(LDLIBS)

# Benchmark floors (bench/*.cc) are built without earshot's library and
# link only the packages they name here (default: libfcgi).
BENCH_PKGS_floor_tx := fcgi libmariadb
BENCH_PKGS_floor_comment := fcgi libmariadb libcrypto
BENCH_PKGS_floor_macro := fcgi libmariadb libcrypto
BENCH_PKGS_floor_data := fcgi libmariadb libcrypto
$(BUILD)/bench/%.fcgi: $(BUILD)/obj/bench/%.o
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $^ -o $@ \
	  $(shell pkg-config --libs $(or $(BENCH_PKGS_$*),fcgi) 2>/dev/null)

$(UNIT): $(call obj,$(UNIT_SRCS)) $(CTL_LIB) $(LIB)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $^ -o $@ $(LDLIBS) $(ARGON2_LIBS) -lgtest_main -lgtest

$(E2E): $(call obj,$(E2E_SRCS)) $(LIB)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) $^ -o $@ $(LDLIBS) -lgtest

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# make portable: the programs linked again, from the same objects, for
# other Linux hosts (shared hosting): libfcgi, Connector/C, OpenSSL, zlib,
# libstdc++ linked in; only glibc and libgcc_s (present wherever glibc
# is) stay dynamic, and libcurl for earshot-outbox (Debian has no usable
# static archive of it). libgcc's static unwinder would need glibc 2.35,
# libstdc++'s random_device glibc 2.36 (tools/portable/glibc_compat.cc).
# Into $(BUILD)/portable/; tools/check-portable checks what they load and
# prints the newest glibc symbol version they need.
PORTABLE_DIR := $(BUILD)/portable
PORTABLE_HANDLERS := $(patsubst handlers/%.cc,$(PORTABLE_DIR)/%.fcgi,$(HANDLER_SRCS))
PORTABLE := $(PORTABLE_HANDLERS) $(PORTABLE_DIR)/earshotctl \
  $(if $(OUTBOX_SRCS),$(PORTABLE_DIR)/earshot-outbox)
PORTABLE_LD = $(SANITIZE_LD) -Wl,--as-needed -static-libstdc++
PORTABLE_COMPAT := $(BUILD)/obj/tools/portable/glibc_compat.o
PORTABLE_LIBS := -Wl,-Bstatic -lfcgi -lmariadb -lssl -lcrypto -lz -largon2 -Wl,-Bdynamic \
  -lcurl -ldl -lm -lpthread

portable: $(PORTABLE)
	@tools/check-portable $(PORTABLE)

$(PORTABLE_DIR)/%.fcgi: $(BUILD)/obj/handlers/%.o $(PORTABLE_COMPAT) $(LIB)
	@mkdir -p $(dir $@)
	$(CXX) $(PORTABLE_LD) $^ -o $@ $(PORTABLE_LIBS)

$(PORTABLE_DIR)/earshotctl: $(call obj,$(CTL_MAIN)) $(PORTABLE_COMPAT) $(CTL_LIB) $(LIB)
	@mkdir -p $(dir $@)
	$(CXX) $(PORTABLE_LD) $^ -o $@ $(PORTABLE_LIBS)

$(PORTABLE_DIR)/earshot-outbox: $(call obj,$(OUTBOX_SRCS)) $(PORTABLE_COMPAT) $(LIB)
	@mkdir -p $(dir $@)
	$(CXX) $(PORTABLE_LD) $^ -o $@ $(PORTABLE_LIBS)

deps:
	@tools/install-deps

# PORT (default 8080) and POOL (processes per listener type, default 4)
# are passed through to the stack script.
run: deps
	@$(MAKE) --no-print-directory programs
	@tools/earshot-stack start --var var --bin $(BUILD)/bin \
	  --port $(or $(PORT),8080) --pool $(or $(POOL),4) --seed-demo

stop:
	@tools/earshot-stack stop --var var

test: deps
	@$(MAKE) --no-print-directory -j2 all
	@tools/run-tests --build $(BUILD) --jobs $(or $(JOBS),2)

asan:
	@$(MAKE) --no-print-directory VARIANT=asan -j2 all

# Run by root: the built tree copied for TEST_USER, and the tests (or the
# gtest FILTER) run as that user. Shows that root is needed only by `deps`.
.PHONY: test-nonroot
test-nonroot: deps
	@$(MAKE) --no-print-directory -j2 all
	@tools/test-as-user --build $(BUILD) --user $(or $(TEST_USER),earshot-ci-test) \
	  --jobs $(or $(JOBS),2) $(if $(FILTER),--filter '$(FILTER)')

test-asan: deps
	@$(MAKE) --no-print-directory VARIANT=asan -j2 all
	@$(MAKE) --no-print-directory -j2 build/tests/e2e_tests
	@tools/run-tests --build build-asan --e2e-from build --jobs $(or $(JOBS),2) \
	  $(if $(FILTER),--filter '$(FILTER)')

# A three-node Galera cluster on this machine, two handler hosts, two
# outbox workers, load with duplicates and a node killed. See README
# "Running on more than one machine".
test-cluster: deps
	@tools/install-deps --cluster
	@$(MAKE) --no-print-directory -j2 programs
	@EARSHOT_ROOT=$(CURDIR) EARSHOT_BIN=$(CURDIR)/$(BUILD)/bin \
	  tests/cluster/cluster_test.py

# QUICK=1: a short smoke run (CI). PEERS=1: Node-RED joins (bench/peer.py).
# PROFILE=CASE: profile one case (perf,
# callgrind) instead of measuring them all. See bench/README.md.
bench: deps
	@tools/install-deps --bench
	@$(MAKE) --no-print-directory -j2 programs $(BENCH_BINS)
	@tools/run-bench --build $(BUILD) $(if $(QUICK),--quick) $(if $(PEERS),--peers) \
	  $(if $(PROFILE),--profile $(PROFILE))

# Fuzzing: clang and libFuzzer (g++ has no libFuzzer), objects of their
# own under build-fuzz/. Only the sources the harnesses link are built,
# so that CI's short run stays short; a harness that needs another one
# fails to link until it is listed here. RapidJSON 1.1.0's own iterators
# trip clang's -Wambiguous-reversed-operator (C++20 rewritten ==) at our
# call sites, hence the one -Wno; pointer-overflow is recoverable only so
# tests/fuzz/ubsan.supp can silence RapidJSON's internal/stack.h
# (halt_on_error=1 still stops on any other).
FUZZ_SECONDS ?= 60
FUZZ_BUILD := build-fuzz
FUZZ_CXX := clang++
FUZZ_SANITIZE := -fsanitize=fuzzer,address,undefined
FUZZ_CXXFLAGS = -std=c++20 -g -O1 $(FUZZ_SANITIZE) -fno-sanitize-recover=all \
  -fsanitize-recover=pointer-overflow -Wall -Wextra -Werror \
  -Wno-ambiguous-reversed-operator -MMD -MP -I. $(PKG_CFLAGS)
FUZZ_COMMON := common/base/api_error.cc common/auth/cidr.cc \
  common/base/coerce.cc common/config.cc common/auth/crypto.cc \
  common/base/datetime.cc common/base/domain.cc common/http/fcgi_request.cc \
  common/filter/filter_ast.cc common/filter/filter_compiler.cc \
  common/filter/filter_error.cc common/filter/filter_fields.cc \
  common/filter/filter_lexer.cc common/filter/filter_parser.cc \
  common/store/identify.cc common/http/incoming.cc common/http/json_body.cc \
  common/macro/macro.cc common/base/names.cc common/http/query_string.cc \
  common/http/request.cc common/auth/signature.cc common/base/status.cc \
  common/macro/template.cc common/base/utf8.cc common/base/text.cc \
  common/base/json_pointer.cc common/http/delivery_id.cc \
  common/base/email.cc common/outbox/webhook_target.cc common/base/log.cc \
  common/base/clock.cc
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/*_fuzz.cc))
FUZZ_BINS := $(patsubst tests/fuzz/%.cc,$(FUZZ_BUILD)/bin/%,$(FUZZ_SRCS))
FUZZ_LIB := $(FUZZ_BUILD)/lib/libearshot.a

$(FUZZ_BUILD)/obj/%.o: %.cc
	@mkdir -p $(dir $@)
	$(FUZZ_CXX) $(FUZZ_CXXFLAGS) -c $< -o $@

$(FUZZ_LIB): $(patsubst %.cc,$(FUZZ_BUILD)/obj/%.o,$(FUZZ_COMMON))
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(FUZZ_BINS): $(FUZZ_BUILD)/bin/%: $(FUZZ_BUILD)/obj/tests/fuzz/%.o $(FUZZ_LIB)
	@mkdir -p $(dir $@)
	$(FUZZ_CXX) $(FUZZ_SANITIZE) $^ -o $@ $(PKG_LIBS)

-include $(shell find $(FUZZ_BUILD)/obj -name '*.d' 2>/dev/null)

# fuzz-programs: the harnesses without running them (CI builds them
# beside other work).
fuzz-programs: $(FUZZ_BINS)
fuzz: deps
	@$(MAKE) --no-print-directory -j2 $(FUZZ_BINS)
	@tools/run-fuzz --bin $(FUZZ_BUILD)/bin --work $(FUZZ_BUILD) \
	  --seconds $(FUZZ_SECONDS) $(FUZZ_ONLY)

format:
	clang-format -i $(shell find common handlers tools tests bench \
	  -name '*.cc' -o -name '*.h' 2>/dev/null)

clean:
	rm -rf build build-asan build-fuzz

# make install [PREFIX=/usr/local] [DESTDIR=...]: everything goes under
# $(DESTDIR)$(PREFIX): programs in bin/, handlers in lib/earshot/, nginx
# snippets, SQL and an example config in share/earshot/, systemd units,
# tmpfiles.d and sysusers.d entries in lib/ (systemd reads
# /usr/local/lib/systemd/system too). Nothing is written to /etc: the
# units read /etc/earshot/earshot.conf, which the operator installs from
# the example. POOL (default 4) is every pool's size, NGINX_GROUP
# (default www-data) the group that may connect to the pools' sockets.
PREFIX ?= /usr/local
BINDIR = $(PREFIX)/bin
LIBEXECDIR = $(PREFIX)/lib/earshot
DATADIR = $(PREFIX)/share/earshot
UNITDIR = $(PREFIX)/lib/systemd/system
TMPFILESDIR = $(PREFIX)/lib/tmpfiles.d
SYSUSERSDIR = $(PREFIX)/lib/sysusers.d
NGINX_GROUP ?= www-data
HANDLER_TYPES := $(patsubst handlers/%.cc,%,$(HANDLER_SRCS))
UNIT_SED = sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@LIBEXECDIR@|$(LIBEXECDIR)|g' \
  -e 's|@DATADIR@|$(DATADIR)|g' -e 's|@POOL@|$(or $(POOL),4)|g' \
  -e 's|@NGINX_GROUP@|$(NGINX_GROUP)|g'

.PHONY: install uninstall
install: programs
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBEXECDIR) \
	  $(DESTDIR)$(DATADIR)/nginx $(DESTDIR)$(DATADIR)/sql \
	  $(DESTDIR)$(UNITDIR) $(DESTDIR)$(TMPFILESDIR) $(DESTDIR)$(SYSUSERSDIR)
	install -m 0755 $(CTL) $(OUTBOX) $(DESTDIR)$(BINDIR)/
	install -m 0755 $(HANDLERS) $(ADMIN) $(DESTDIR)$(LIBEXECDIR)/
	install -m 0644 nginx/earshot-*.conf $(DESTDIR)$(DATADIR)/nginx/
	sed -e 's|@NGINX_DIR@|$(DATADIR)/nginx|g' \
	  -e "s/@TYPES@/$$(echo $(HANDLER_TYPES) | tr ' ' '|')/g" \
	  nginx/earshot-locations.conf.in > $(DESTDIR)$(DATADIR)/nginx/earshot-locations.conf
	chmod 0644 $(DESTDIR)$(DATADIR)/nginx/earshot-locations.conf
	sed -i 's|/usr/local/share/earshot/|$(DATADIR)/|' \
	  $(DESTDIR)$(DATADIR)/nginx/earshot-admin.conf
	install -d $(DESTDIR)$(DATADIR)/console/templates \
	  $(DESTDIR)$(DATADIR)/console/static
	install -m 0644 console/templates/*.tpl $(DESTDIR)$(DATADIR)/console/templates/
	install -m 0644 console/static/* $(DESTDIR)$(DATADIR)/console/static/
	install -m 0644 sql/*.sql $(DESTDIR)$(DATADIR)/sql/
	install -m 0644 README.md tools/deploy/earshot.conf.example $(DESTDIR)$(DATADIR)/
	for t in $(HANDLER_TYPES); do \
	  $(UNIT_SED) -e "s|@TYPE@|$$t|g" tools/systemd/earshot-pool.socket.in \
	    > $(DESTDIR)$(UNITDIR)/earshot-$$t.socket && \
	  $(UNIT_SED) -e "s|@TYPE@|$$t|g" tools/systemd/earshot-pool.service.in \
	    > $(DESTDIR)$(UNITDIR)/earshot-$$t.service || exit 1; \
	done
	$(UNIT_SED) tools/systemd/earshot-outbox.service.in \
	  > $(DESTDIR)$(UNITDIR)/earshot-outbox.service
	$(UNIT_SED) tools/systemd/earshot-admin.socket.in \
	  > $(DESTDIR)$(UNITDIR)/earshot-admin.socket
	$(UNIT_SED) tools/systemd/earshot-admin.service.in \
	  > $(DESTDIR)$(UNITDIR)/earshot-admin.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/earshot-*.s*
	install -m 0644 tools/systemd/earshot.tmpfiles $(DESTDIR)$(TMPFILESDIR)/earshot.conf
	install -m 0644 tools/systemd/earshot.sysusers $(DESTDIR)$(SYSUSERSDIR)/earshot.conf

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/earshotctl $(DESTDIR)$(BINDIR)/earshot-outbox \
	  $(patsubst %,$(DESTDIR)$(LIBEXECDIR)/%.fcgi,$(HANDLER_TYPES)) \
	  $(patsubst %,$(DESTDIR)$(UNITDIR)/earshot-%.socket,$(HANDLER_TYPES)) \
	  $(patsubst %,$(DESTDIR)$(UNITDIR)/earshot-%.service,$(HANDLER_TYPES)) \
	  $(DESTDIR)$(UNITDIR)/earshot-outbox.service \
	  $(DESTDIR)$(UNITDIR)/earshot-admin.socket \
	  $(DESTDIR)$(UNITDIR)/earshot-admin.service \
	  $(DESTDIR)$(TMPFILESDIR)/earshot.conf $(DESTDIR)$(SYSUSERSDIR)/earshot.conf
	rm -rf $(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(DATADIR)
