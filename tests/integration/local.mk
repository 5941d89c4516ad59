# tests/integration/: shell TAP tests running the real program on fixture
# images in the real appliance (tests/lib.sh builds the fixtures once).
# convert.sh and launch.sh are registered by convert/ and launch/.
TESTS += tests/integration/inspect.sh tests/integration/audit.sh
EXTRA_DIST += tests/integration/inspect.sh tests/integration/audit.sh
# The hostile-image suite: images naming other files (backing files, data
# files, vmdk extents), the KVM probe.
TESTS += tests/integration/hostile-backing.sh
EXTRA_DIST += tests/integration/hostile-backing.sh
