# Makefile: builds sshdoc, sets up a fresh Debian 12 machine (deps), runs every test (check).
PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
MANDIR	?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
DESTDIR	?=

CC	?= cc
PKGS	 = ncursesw libssh libcurl libcrypto jansson
VERSION	 = 0.1.0

# BUILD is the output directory; a name ending in -asan builds with ASan+UBSan.
BUILD	?= build
ifneq ($(filter %-asan,$(BUILD)),)
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

CFLAGS	?= -O2 -g
CFLAGS	+= -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wformat=2 \
	   -DSSHDOC_VERSION='"$(VERSION)"' -I. $(PKG_CFLAGS) $(SANFLAGS) -MMD -MP
LDLIBS	+= $(PKG_LIBS) -lpthread
LDFLAGS	+= $(SANFLAGS)

# One direction of arrows: ui/ -> content/ -> checks/ -> lib/ (README: Where things are).
LIB_SRCS := $(sort $(wildcard lib/*.c checks/*.c checks/*/*.c content/*.c) \
	$(filter-out ui/main.c,$(wildcard ui/*.c)))
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o) $(BUILD)/bundle-data.o
CONTENT	 := $(sort content/tree.txt content/causes.tsv $(wildcard content/articles/*.txt))
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
HELPER_SRCS := $(sort $(wildcard tests/helpers/*.c))
HELPER_BINS := $(HELPER_SRCS:tests/helpers/%.c=$(BUILD)/tests/%)
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz_*.c))

.PHONY: all deps run demo check check-build test install uninstall clean fuzz fuzz-build bench
.PHONY: deb
all: sshdoc

sshdoc: $(BUILD)/sshdoc
	@if [ "$(BUILD)" = build ]; then cp $(BUILD)/sshdoc sshdoc; fi

$(BUILD)/sshdoc: $(BUILD)/ui/main.o $(LIB_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

# Content is embedded: a host tool turns the text files into a C array table.
$(BUILD)/mkbundle: content/tools/mkbundle.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O1 -Wall -Wextra -Werror -o $@ $<

$(BUILD)/bundle-data.c: $(BUILD)/mkbundle $(CONTENT)
	$(BUILD)/mkbundle content $(CONTENT:content/%=%) > $@.tmp && mv $@.tmp $@

$(BUILD)/bundle-data.o: $(BUILD)/bundle-data.c
	$(CC) $(filter-out -Wshadow,$(CFLAGS)) -c -o $@ $<

$(BUILD)/tests/test_%: tests/unit/test_%.c $(LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -I. -o $@ $(filter %.c %.o,$^) $(LDFLAGS) $(LDLIBS) -lcmocka

$(BUILD)/tests/%: tests/helpers/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $(filter %.c,$^) $(LDFLAGS) -lpthread

check-build: $(BUILD)/sshdoc $(UNIT_BINS) $(HELPER_BINS)

# deps: install the Debian packages that building and testing need (root), or say how.
deps:
	@sh tests/deps.sh

run: deps
	@$(MAKE) --no-print-directory -j$(shell nproc 2>/dev/null || echo 2) sshdoc
	@# 1 (a cause found) and 3 (inconclusive) are diagnoses, not failures of make.
	@./sshdoc; rc=$$?; [ $$rc -eq 0 ] || [ $$rc -eq 1 ] || [ $$rc -eq 3 ]

# demo: deliberately broken SSH servers on 127.0.0.1, a menu, the wizard on the pick;
# everything stops when the menu is left (assets/demo/demo.sh).
demo: deps
	@$(MAKE) --no-print-directory sshdoc $(BUILD)/tests/holdconn $(BUILD)/tests/listener
	@SSHDOC=$(BUILD)/sshdoc HELPERS=$(BUILD)/tests sh assets/demo/demo.sh; rc=$$?; \
		[ $$rc -eq 0 ] || [ $$rc -eq 1 ] || [ $$rc -eq 3 ]

# check: both flavours, then one runner over both, ending with its summary line.
# Builds use both cores; the fuzz pass is short here (make fuzz runs long).
JOBS	?= $(shell nproc 2>/dev/null || echo 2)
check: deps
	@$(MAKE) --no-print-directory -j$(JOBS) sshdoc
	@$(MAKE) --no-print-directory -j$(JOBS) check-build BUILD=build
	@$(MAKE) --no-print-directory -j$(JOBS) check-build BUILD=build-asan
	@$(MAKE) --no-print-directory fuzz-build
	@TEST_FUZZ_SECONDS=$${TEST_FUZZ_SECONDS:-5} sh tests/run.sh build build-asan

test: check

# Fuzzing: clang + libFuzzer; `make fuzz` runs each target for FUZZ_SECONDS.
FUZZ_SECONDS ?= 60
FUZZ_LIB_SRCS := $(filter-out ui/%,$(LIB_SRCS))
fuzz-build:
	@sh tests/fuzz/build.sh "$(FUZZ_SRCS)" "$(FUZZ_LIB_SRCS)" "$(PKG_CFLAGS)" "$(PKG_LIBS)" "$(VERSION)"

fuzz: fuzz-build
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS)

bench: sshdoc
	@sh tests/bench.sh

# The preprocessor flags of the convention (dpkg-buildflags puts _FORTIFY_SOURCE there).
CFLAGS	+= $(CPPFLAGS)

install: sshdoc
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 sshdoc $(DESTDIR)$(BINDIR)/sshdoc
	install -m 644 assets/sshdoc.1 $(DESTDIR)$(MANDIR)/man1/sshdoc.1
	install -d $(DESTDIR)$(BASHCOMPDIR)
	install -m 644 assets/completion/sshdoc.bash $(DESTDIR)$(BASHCOMPDIR)/sshdoc

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/sshdoc $(DESTDIR)$(MANDIR)/man1/sshdoc.1
	rm -f $(DESTDIR)$(BASHCOMPDIR)/sshdoc

# deb: the Debian source and binary packages (debian/), built with debhelper in a copy
# of the tracked files (outside git: of the tree) under $(BUILD)/deb, where they end
# up. DEB_BUILD_OPTIONS passes through (parallel=2 nocheck in CI); this make's
# variables do not (the package build runs the Makefile with PREFIX=/usr and
# dpkg-buildflags).
DEBSRC	= $(BUILD)/deb/sshdoc-$(VERSION)
DEBENV	= env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u BUILD -u PREFIX -u DESTDIR -u BINDIR \
	  -u MANDIR -u BASHCOMPDIR
deb:
	rm -rf $(BUILD)/deb && mkdir -p $(DEBSRC)
	if p=$$(git rev-parse --show-prefix 2>/dev/null) && [ -z "$$p" ]; then \
		git ls-files -z | tar --null -T - -cf - | tar -xf - -C $(DEBSRC); \
	else \
		tar --anchored --exclude=./.git --exclude='./build*' --exclude=./sshdoc \
		    -cf - . | tar -xf - -C $(DEBSRC); \
	fi
	cd $(DEBSRC) && $(DEBENV) dpkg-buildpackage -us -uc
	@ls $(BUILD)/deb/*.deb

clean:
	rm -rf build build-asan build-fuzz sshdoc

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
