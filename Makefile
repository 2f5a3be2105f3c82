# azalea build. `make` builds the library and the CLI; `make test` builds and
# runs every test (release build and an ASan+UBSan build); `make bench` builds
# the benchmarks. Nothing here needs more than scripts/install-deps installs.

CC       ?= cc
PKGS     := yaml-0.1 gsl jansson
# Results database (--db) and the SHA-256 of model files in it.
PKGS     += sqlite3 nettle
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   := $(shell pkg-config --libs $(PKGS)) -lcsv -lm -lpthread
CMOCKA_LIBS := $(shell pkg-config --libs cmocka)

# -ffp-contract=off: no fused multiply-add, so results are bit-identical
# whatever the compiler decides to contract (principle 2).
# -Wvla: an array sized by the model lives on the heap; on the stack a
# large model would overflow it (principle 4: nothing crashes).
WARN     := -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wvla -Werror
# Whole-program analysis at LTO link time re-runs flow warnings across
# modules, where -Wmaybe-uninitialized reports out-parameters set on every
# success path as unset; each module is still compiled with it as an error.
LINKWARN := $(WARN) -Wno-maybe-uninitialized
CPPFLAGS := -Iinclude -Isrc -D_POSIX_C_SOURCE=200809L
# Release builds drop assert() (invariants of our own code, never checks of
# input); the sanitizer build keeps them.
# Link-time optimisation lets the engine inline across modules (measured:
# +12 % customers/s on bench/mm1). It is used for the CLI and benchmarks;
# tests link without it (fat objects carry both), because whole-program
# warnings at link time are false positives on test code.
OPT      ?= -O2 -g -ffp-contract=off -flto=auto -ffat-lto-objects -DNDEBUG
AR       := gcc-ar
SANOPT   := -O1 -g -ffp-contract=off -fno-omit-frame-pointer \
            -fsanitize=address,undefined -fno-sanitize-recover=all

# The library: src/ and its concern folders (src/engine/, src/load/,
# src/util/; README "Layout").
SRCS  := $(filter-out src/experiment_mpi.c,$(wildcard src/*.c src/*/*.c))
UNIT  := $(wildcard tests/unit/test_*.c)
VALID := $(wildcard tests/validation/test_*.c)
# Fault injection (tests/fault/): the writers under injected I/O errors,
# and loading, running and writing under failing allocations
# (src/util/alloc.c), in both builds (the sanitizer one finds what failure
# paths leak).
FAULT := $(wildcard tests/fault/test_*.c)
BENCH := $(wildcard bench/*.c)

REL := build/rel
SAN := build/san
MPIB := build/mpi

REL_OBJS := $(SRCS:src/%.c=$(REL)/obj/%.o)
SAN_OBJS := $(SRCS:src/%.c=$(SAN)/obj/%.o)
REL_UNIT := $(UNIT:tests/unit/%.c=$(REL)/tests/%)
SAN_UNIT := $(UNIT:tests/unit/%.c=$(SAN)/tests/%)
REL_VALID := $(VALID:tests/validation/%.c=$(REL)/tests/%)
REL_FAULT := $(FAULT:tests/fault/%.c=$(REL)/fault/%)
SAN_FAULT := $(FAULT:tests/fault/%.c=$(SAN)/fault/%)
BENCH_BINS := $(BENCH:bench/%.c=$(REL)/bench/%)

.PHONY: all test test-unit test-san test-valid test-fault bench compare golden clean
.PHONY: install uninstall lib
all: $(REL)/azalea build/azalea

build/azalea: $(REL)/azalea
	ln -sf rel/azalea $@

# Made anew each time: two folders may hold files of one name (engine/ and
# load/ each have a shift.c), and `ar r` into an old archive would replace
# one member by the other.
$(REL)/libazalea.a: $(REL_OBJS)
	rm -f $@ && $(AR) rcs $@ $^
$(SAN)/libazalea.a: $(SAN_OBJS)
	rm -f $@ && $(AR) rcs $@ $^

$(REL)/obj/%.o: src/%.c Makefile
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(WARN) $(OPT) $(PKG_CFLAGS) -MMD -MP -c $< -o $@
$(SAN)/obj/%.o: src/%.c Makefile
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(WARN) $(SANOPT) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

# Example models built into the CLI; the first is what `azalea run` runs.
EXAMPLES := factory=examples/smartphone-factory.yaml \
            tutorial=examples/tutorial-line.yaml
$(REL)/gen/examples.c: scripts/embed $(foreach e,$(EXAMPLES),$(lastword $(subst =, ,$(e))))
	@mkdir -p $(dir $@)
	scripts/embed $(EXAMPLES) > $@.tmp && mv $@.tmp $@

# The replay page's script and style sheet (azalea animate), built into
# the CLI as byte arrays, as scripts/embed does for the examples.
ANIM_ASSETS := cli/animate.js cli/animate.css
$(REL)/gen/animate_assets.c: $(ANIM_ASSETS) Makefile
	@mkdir -p $(dir $@)
	{ echo '/* Generated from $(ANIM_ASSETS) by the Makefile; do not edit. */'; \
	  for a in js css; do \
	    echo "const unsigned char cli_animate_$$a[] = {"; \
	    od -An -v -tx1 cli/animate.$$a | sed 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	    echo '0x00};'; \
	  done; } > $@.tmp && mv $@.tmp $@

CLI_SRCS := $(filter-out cli/mpi.c,$(wildcard cli/*.c))
CLI_GEN  := $(REL)/gen/examples.c $(REL)/gen/animate_assets.c
$(REL)/azalea: $(CLI_SRCS) $(wildcard cli/*.h) $(CLI_GEN) $(REL)/libazalea.a
	$(CC) $(CPPFLAGS) -Icli $(LINKWARN) $(OPT) $(CLI_SRCS) $(CLI_GEN) -o $@ $(REL)/libazalea.a $(PKG_LIBS)

$(REL)/tests/%: tests/unit/%.c $(REL)/libazalea.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(WARN) $(OPT) -fno-lto $(PKG_CFLAGS) -MMD -MP $< -o $@ $(REL)/libazalea.a $(PKG_LIBS) $(CMOCKA_LIBS)
$(SAN)/tests/%: tests/unit/%.c $(SAN)/libazalea.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(WARN) $(SANOPT) $(PKG_CFLAGS) -MMD -MP $< -o $@ $(SAN)/libazalea.a $(PKG_LIBS) $(CMOCKA_LIBS)
# The calendar's tests again, its sources compiled with AZI_CAL_NO_SIMD: the
# scalar scans that machines without SSE2 run (src/calendar_impl.h). Its
# objects come before the library's, which then add none of their own.
CAL_SRCS := src/calendar.c src/cal_heap.c src/cal_pairing.c src/cal_queue.c
$(SAN)/tests/test_calendar_scalar: tests/unit/test_calendar.c $(CAL_SRCS) src/calendar_impl.h $(SAN)/libazalea.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -DAZI_CAL_NO_SIMD $(WARN) $(SANOPT) $(PKG_CFLAGS) tests/unit/test_calendar.c $(CAL_SRCS) -o $@ $(SAN)/libazalea.a $(PKG_LIBS) $(CMOCKA_LIBS)
$(REL)/tests/%: tests/validation/%.c $(REL)/libazalea.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(WARN) $(OPT) -fno-lto $(PKG_CFLAGS) -MMD -MP $< -o $@ $(REL)/libazalea.a $(PKG_LIBS) $(CMOCKA_LIBS)

$(REL)/fault/%: tests/fault/%.c $(REL)/libazalea.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests/unit $(WARN) $(OPT) -fno-lto $(PKG_CFLAGS) -MMD -MP $< -o $@ $(REL)/libazalea.a $(PKG_LIBS) $(CMOCKA_LIBS)
$(SAN)/fault/%: tests/fault/%.c $(SAN)/libazalea.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests/unit $(WARN) $(SANOPT) $(PKG_CFLAGS) -MMD -MP $< -o $@ $(SAN)/libazalea.a $(PKG_LIBS) $(CMOCKA_LIBS)

$(REL)/bench/%: bench/%.c $(REL)/libazalea.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(LINKWARN) $(OPT) $(PKG_CFLAGS) -MMD -MP $< -o $@ $(REL)/libazalea.a $(PKG_LIBS)

# The test command: unit tests in release and sanitizer builds, then the
# validation against queueing theory (release only: it runs long models).
test: $(REL_UNIT) $(SAN_UNIT) $(SAN)/tests/test_calendar_scalar $(REL_VALID) $(REL_FAULT) $(SAN_FAULT) all lib $(MPIB)/azalea
	AZ_BUILD=$(REL) AZ_MPI_BUILD=$(MPIB) tests/run-tests.sh $(REL_UNIT) $(SAN_UNIT) $(SAN)/tests/test_calendar_scalar $(REL_VALID) $(REL_FAULT) $(SAN_FAULT) tests/cli/test_cli.sh tests/cli/test_messages.sh tests/cli/test_outputs.sh tests/cli/test_whatif_out.sh tests/cli/test_fit.sh tests/cli/test_optimize.sh tests/cli/test_initial.sh tests/report/test_report.sh tests/cli/test_draw.sh tests/cli/test_animate.sh tests/cli/test_mpi.sh tests/install/test_install.sh tests/python/test_python.sh tests/schema/test_schema.py tests/repo/test_layout.sh

test-unit: $(REL_UNIT)
	tests/run-tests.sh $(REL_UNIT)
test-san: $(SAN_UNIT) $(SAN)/tests/test_calendar_scalar
	tests/run-tests.sh $(SAN_UNIT) $(SAN)/tests/test_calendar_scalar
test-valid: $(REL_VALID)
	tests/run-tests.sh $(REL_VALID)
test-fault: $(REL_FAULT) $(SAN_FAULT)
	tests/run-tests.sh $(REL_FAULT) $(SAN_FAULT)

bench: $(BENCH_BINS) all

# azalea side by side with SimPy, and as models grow (docs/performance.md);
# needs `scripts/install-deps --bench`. Takes a few minutes.
compare: bench
	bench/compare

# Rewrites the stored results of the example models (tests/golden/). Run it
# only when a change of results is intended, and say why in the commit.
golden: all
	for f in examples/*.yaml; do \
	    $(REL)/azalea run $$f --json tests/golden/$$(basename $$f .yaml).json >/dev/null || exit 1; \
	done

clean:
	rm -rf build

# ---- the library for other programs, and `make install` ----
# libazalea.so.MAJOR (soname) exports the public az_* symbols only
# (src/azalea.map); it is built from position-independent objects of its
# own, so the CLI and the benchmarks keep their static, LTO-built copy.
VERSION := $(shell sed -n 's/^\#define AZ_VERSION "\(.*\)"/\1/p' include/azalea/version.h)
MAJOR   := $(firstword $(subst ., ,$(VERSION)))
SONAME  := libazalea.so.$(MAJOR)
PIC := build/pic
PIC_OBJS := $(SRCS:src/%.c=$(PIC)/obj/%.o)
$(PIC)/obj/%.o: src/%.c Makefile
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(WARN) $(OPT) -fPIC $(PKG_CFLAGS) -MMD -MP -c $< -o $@
$(PIC)/libazalea.so.$(VERSION): $(PIC_OBJS) src/azalea.map
	$(CC) $(LINKWARN) $(OPT) -fPIC -shared -Wl,-soname,$(SONAME) \
	    -Wl,--version-script=src/azalea.map -Wl,--no-undefined \
	    $(PIC_OBJS) -o $@ $(PKG_LIBS)
lib: $(PIC)/libazalea.so.$(VERSION) $(REL)/libazalea.a

PREFIX  ?= /usr/local
DESTDIR ?=
LIBDIR  ?= lib
BINDIR  := $(DESTDIR)$(PREFIX)/bin
INCDIR  := $(DESTDIR)$(PREFIX)/include/azalea
LIBDEST := $(DESTDIR)$(PREFIX)/$(LIBDIR)
PCDIR   := $(LIBDEST)/pkgconfig
DOCDIR  := $(DESTDIR)$(PREFIX)/share/doc/azalea
MANDIR  := $(DESTDIR)$(PREFIX)/share/man/man1
BASHDIR := $(DESTDIR)$(PREFIX)/share/bash-completion/completions
DOCS    := README.md $(wildcard docs/*.md) docs/azalea-model.schema.json
# The Python package, where Debian's python3 looks for a prefix's modules.
PYVER   := $(shell /usr/bin/python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
PYDIR   := $(DESTDIR)$(PREFIX)/lib/python$(PYVER)/dist-packages/azalea
# What `make install` puts where; `make uninstall` removes exactly these.
INSTALLED := $(BINDIR)/azalea $(LIBDEST)/libazalea.a \
    $(LIBDEST)/libazalea.so.$(VERSION) $(LIBDEST)/$(SONAME) \
    $(LIBDEST)/libazalea.so $(PCDIR)/azalea.pc $(MANDIR)/azalea.1 \
    $(BASHDIR)/azalea $(patsubst include/azalea/%,$(INCDIR)/%,$(wildcard include/azalea/*.h)) \
    $(DOCS:%=$(DOCDIR)/%) $(PYDIR)/__init__.py

install: all lib
	install -d $(BINDIR) $(INCDIR) $(LIBDEST) $(PCDIR) $(DOCDIR)/docs \
	    $(MANDIR) $(BASHDIR)
	install -m 755 $(REL)/azalea $(BINDIR)/azalea
	install -m 644 $(REL)/libazalea.a $(LIBDEST)/libazalea.a
	install -m 755 $(PIC)/libazalea.so.$(VERSION) $(LIBDEST)/
	ln -sf libazalea.so.$(VERSION) $(LIBDEST)/$(SONAME)
	ln -sf $(SONAME) $(LIBDEST)/libazalea.so
	install -m 644 include/azalea/*.h $(INCDIR)/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	    -e 's|@VERSION@|$(VERSION)|' azalea.pc.in >$(PCDIR)/azalea.pc
	install -m 644 docs/azalea.1 $(MANDIR)/azalea.1
	install -m 644 scripts/azalea.bash-completion $(BASHDIR)/azalea
	install -m 644 README.md $(DOCDIR)/
	install -m 644 docs/*.md docs/azalea-model.schema.json $(DOCDIR)/docs/
	install -d $(PYDIR)
	install -m 644 python/azalea/__init__.py $(PYDIR)/

uninstall:
	rm -f $(INSTALLED)
	rm -rf $(PYDIR)/__pycache__
	-rmdir $(INCDIR) $(DOCDIR)/docs $(DOCDIR) $(PYDIR) 2>/dev/null

# MPI, optional: `make MPI=1` (or `make mpi`) also builds build/mpi/azalea,
# the same program linked with Open MPI, which spreads `azalea run`'s
# replications over mpirun's ranks (src/experiment_mpi.c, cli/mpi.c). The
# library objects are the release ones: only these two files see mpi.h.
# `make test` always builds it (tests/cli/test_mpi.sh).
MPI_CFLAGS = $(shell pkg-config --cflags ompi-c)
MPI_LIBS = $(shell pkg-config --libs ompi-c)
.PHONY: mpi mpi-deps
mpi: $(MPIB)/azalea
ifeq ($(MPI),1)
all: $(MPIB)/azalea
endif
mpi-deps:
	@pkg-config --exists ompi-c || { echo "make: the MPI build needs Open MPI" \
	    "(libopenmpi-dev, openmpi-bin): run scripts/install-deps" >&2; exit 1; }
$(MPIB)/obj/%.o: src/%.c Makefile | mpi-deps
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(WARN) $(OPT) $(PKG_CFLAGS) $(MPI_CFLAGS) -MMD -MP -c $< -o $@
$(MPIB)/azalea: $(CLI_SRCS) cli/mpi.c $(CLI_GEN) $(MPIB)/obj/experiment_mpi.o $(REL)/libazalea.a | mpi-deps
	$(CC) $(CPPFLAGS) -Icli -DAZ_MPI $(LINKWARN) $(OPT) $(MPI_CFLAGS) $(CLI_SRCS) cli/mpi.c $(CLI_GEN) $(MPIB)/obj/experiment_mpi.o -o $@ $(REL)/libazalea.a $(PKG_LIBS) $(MPI_LIBS)

-include $(shell find $(REL) $(SAN) $(MPIB) $(PIC) -name '*.d' 2>/dev/null)
