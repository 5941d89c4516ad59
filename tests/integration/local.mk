# tests/integration/: shell TAP tests running the real program on fixture
# images in the real appliance (tests/lib.sh builds the fixtures once).
# Every test that launches the appliance is listed here, whichever room it
# tests, in one list: "make -j N check" starts the tests in TESTS order, so
# the list is ordered for the shortest run (the reason for each place is
# beside it), and configure --disable-appliance-tests leaves all of them
# out of "make check" at once (make distcheck does, see Makefile.am).
#
#   fixtures.sh          builds the fixture images (one appliance session,
#                        minutes) that every other test but realguests.sh
#                        needs, then checks their layout.
#   realguests.sh        builds the real Debian guests (minutes, from the
#                        mirror; independent of the fixtures) and boots them.
#   parity-fixtures.sh   builds the parity guests (one appliance session),
#                        checks their layout.
#   parity.sh            guestlift against virt-inspector on both sets.
#   alone-vs-batch.sh    each image's report alone == in any batch.
#   batch.sh             real conversions and a boot test of a fleet.
#   convert.sh           convert, its dry run, edits, outputs.
#   launch.sh            real boots under TCG, every --dry-run.
#   hostile-*.sh         images built to hurt: bounds, commands, backing files.
#   inspect.sh audit.sh  inspection and audits of the fixture images.
APPLIANCE_SUITES = \
	tests/integration/fixtures.sh \
	tests/integration/realguests.sh \
	tests/integration/parity-fixtures.sh \
	tests/integration/parity.sh \
	tests/integration/alone-vs-batch.sh \
	tests/integration/batch.sh \
	tests/integration/convert.sh \
	tests/integration/launch.sh \
	tests/integration/hostile-bounds.sh \
	tests/integration/hostile-commands.sh \
	tests/integration/hostile-backing.sh \
	tests/integration/audit.sh \
	tests/integration/inspect.sh
EXTRA_DIST += $(APPLIANCE_SUITES)
if APPLIANCE_TESTS
TESTS += $(APPLIANCE_SUITES)
endif
