# tests/integration/: shell TAP tests running the real program on fixture
# images in the real appliance (tests/lib.sh builds the fixtures once).
# convert.sh and launch.sh are registered by convert/ and launch/.
TESTS += tests/integration/inspect.sh tests/integration/audit.sh
EXTRA_DIST += tests/integration/inspect.sh tests/integration/audit.sh

# The hostile-image suite: bounds that drop data say so, one filesystem
# seen through many partitions is inspected once.
TESTS += tests/integration/hostile-bounds.sh
EXTRA_DIST += tests/integration/hostile-bounds.sh
# realguests.sh: the real Debian Xen guests (make realguests) are laid out
# as their MANIFEST says and boot (one TCG boot to login:, one to grub).
TESTS += tests/integration/realguests.sh
EXTRA_DIST += tests/integration/realguests.sh
# realguests-convert.sh: those guests converted with their xl configs and
# booted as the written XML says (two TCG boots to login:, one that fails).
TESTS += tests/integration/realguests-convert.sh
EXTRA_DIST += tests/integration/realguests-convert.sh
# Inspection parity with libguestfs (virt-inspector) on both fixture sets,
# and the alone-versus-batch property of every fixture image.
TESTS += tests/integration/parity-fixtures.sh tests/integration/parity.sh tests/integration/alone-vs-batch.sh
EXTRA_DIST += tests/integration/parity-fixtures.sh tests/integration/parity.sh tests/integration/alone-vs-batch.sh
# The hostile-image suite: images naming other files (backing files, data
# files, vmdk extents), the KVM probe.
TESTS += tests/integration/hostile-backing.sh
EXTRA_DIST += tests/integration/hostile-backing.sh
