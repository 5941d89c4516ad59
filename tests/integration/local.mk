# tests/integration/: shell TAP tests running the real program on fixture
# images in the real appliance (tests/lib.sh builds the fixtures once).
# Every test that launches the appliance is listed here, whichever room it
# tests, in one list: "make -j N check" starts the tests in TESTS order, so
# the list is ordered for the shortest run, and configure
# --disable-appliance-tests leaves all of them out of "make check" at once
# (make distcheck does, see Makefile.am).
#
# The order (minutes measured with make -j2 on 2 cores under TCG, with
# other jobs loading the machine; an idle machine takes about half): the
# three fixture builds first, so that no test waits on a builder's lock
# while the other slot idles, then the longest first.
#   realguests.sh        builds the real Debian guests from the mirror (~12;
#                        needs no appliance fixture), boots them (~3)
#   fixtures.sh          builds the fixture images (~3.5) every test below
#                        needs, checks their layout
#   parity-fixtures.sh   builds the parity guests (~4-7), checks their layout
#   alone-vs-batch.sh    each image's report alone == in any batch (~14-17)
#   realguests-convert.sh the real guests converted with their xl configs
#                        and booted as the written XML says (TCG boots)
#   hostio-diff.sh       every fixture audited with the host reader and
#                        with --appliance (~4: two audits)
#   audit.sh (~7) convert.sh (~7) batch.sh (~6) launch.sh (~6)
#   hostile-bounds.sh (~5) hostile-commands.sh (~4.5)
#   parity.sh            guestlift against virt-inspector (~3 with the
#                        answers kept in the source tree; ~10 more when it
#                        must ask virt-inspector about every guest)
#   windows.sh (~1.5: one guestfish, one inspect)
#   inspect.sh (~2.5) md-luks.sh (~2.5) inputs.sh (~2) hostile-backing.sh (~2)
APPLIANCE_SUITES = \
	tests/integration/realguests.sh \
	tests/integration/fixtures.sh \
	tests/integration/parity-fixtures.sh \
	tests/integration/alone-vs-batch.sh \
	tests/integration/realguests-convert.sh \
	tests/integration/hostio-diff.sh \
	tests/integration/audit.sh \
	tests/integration/convert.sh \
	tests/integration/batch.sh \
	tests/integration/launch.sh \
	tests/integration/hostile-bounds.sh \
	tests/integration/hostile-commands.sh \
	tests/integration/parity.sh \
	tests/integration/windows.sh \
	tests/integration/inspect.sh \
	tests/integration/md-luks.sh \
	tests/integration/inputs.sh \
	tests/integration/hostile-backing.sh
EXTRA_DIST += $(APPLIANCE_SUITES)
if APPLIANCE_TESTS
TESTS += $(APPLIANCE_SUITES)
endif
