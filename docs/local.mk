# docs/: the man pages.  The source is POD (docs/NAME.pod); pod2man
# (Debian package perl, which bootstrap.sh installs) turns each into
# docs/NAME.1 at build time.  man_MANS is part of "all", so a plain "make"
# builds them and "make install" installs them; no all-local needed.
#
# A suffix rule rather than a %-pattern rule: automake runs with -Wall
# -Werror, and pattern rules are a portability warning.

man_MANS += docs/guestlift.1 docs/guestlift-inspect.1 \
	docs/guestlift-audit.1 docs/guestlift-convert.1 docs/guestlift-launch.1 \
	docs/guestlift-batch.1
EXTRA_DIST += docs/guestlift.pod docs/guestlift-inspect.pod \
	docs/guestlift-audit.pod docs/guestlift-convert.pod \
	docs/guestlift-launch.pod docs/guestlift-batch.pod
CLEANFILES += $(man_MANS)

# The pages name the data folder as configured (the schemas):
# @pkgdatadir@ in the POD becomes $(pkgdatadir), so a page changes with
# --prefix or --datadir (config.status is the configuration's stamp).
$(man_MANS): $(top_builddir)/config.status

POD2MAN = pod2man
SUFFIXES = .pod .1

# Written under a temporary name and renamed: an interrupted build never
# leaves a half-written page that make would then think up to date.
.pod.1:
	@command -v $(POD2MAN) >/dev/null 2>&1 || { \
	  echo "$@: $(POD2MAN) not found: install it (Debian: apt-get install perl)" >&2; \
	  exit 1; }
	@$(MKDIR_P) $(@D)
	$(AM_V_GEN)name=`basename $@ .1 | tr a-z A-Z`; \
	sed 's|@pkgdatadir[@]|$(pkgdatadir)|g' $< > $@.pod.tmp && \
	$(POD2MAN) --errors=die --center="guestlift" \
	  --release="guestlift $(VERSION)" --section=1 --name="$$name" \
	  $@.pod.tmp $@.tmp && mv -f $@.tmp $@ && rm -f $@.pod.tmp || \
	  { rm -f $@.tmp $@.pod.tmp; exit 1; }

# --help of every subcommand against its page (fast, no appliance).
TESTS += tests/integration/help.sh
EXTRA_DIST += tests/integration/help.sh
# The cluster recipes of the man pages, run with their environment set by
# hand (no appliance).
TESTS += tests/integration/recipes.sh
EXTRA_DIST += tests/integration/recipes.sh
