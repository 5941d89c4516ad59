# common/guestfs/: guest I/O shared by inspect, convert and launch: the
# ops table (guest-io-ops.h) and its generic layer (guest-io.c: bounded
# reads, the probe memo), its one implementation today (the libguestfs
# appliance: guest-io-appliance.c over the appliance policy and its
# watchdog), image probing on the host and an image's identity (the
# caches' key), LUKS keys and opening a device with them, and the mount
# session (a guest's tree mounted for convert and launch).  May use:
# common/utils.
noinst_LIBRARIES += common/guestfs/libglguestfs.a
common_guestfs_libglguestfs_a_CPPFLAGS = $(ROOM_UTILS) $(ROOM_GUESTFS)
common_guestfs_libglguestfs_a_SOURCES = \
	common/guestfs/appliance.c common/guestfs/appliance.h \
	common/guestfs/watchdog.c common/guestfs/watchdog.h \
	common/guestfs/image-probe.c common/guestfs/image-probe.h \
	common/guestfs/image-refs.c common/guestfs/image-refs.h \
	common/guestfs/image-chain.c common/guestfs/image-chain.h \
	common/guestfs/image-key.c common/guestfs/image-key.h \
	common/guestfs/qemu-name.c common/guestfs/qemu-name.h \
	common/guestfs/guest-io.c common/guestfs/guest-io.h \
	common/guestfs/guest-io-ops.h \
	common/guestfs/guest-io-appliance.c common/guestfs/guest-io-appliance.h \
	common/guestfs/guest-memo.c common/guestfs/guest-memo.h \
	common/guestfs/luks-keys.c common/guestfs/luks-keys.h \
	common/guestfs/luks-open.c common/guestfs/luks-open.h \
	common/guestfs/mount-session.c common/guestfs/mount-session.h

check_PROGRAMS += tests/unit/test-guest-memo tests/unit/test-guest-io \
	tests/unit/test-luks-keys
TESTS += tests/unit/test-guest-memo tests/unit/test-guest-io \
	tests/unit/test-luks-keys
tests_unit_test_luks_keys_SOURCES = tests/unit/test-luks-keys.c
tests_unit_test_luks_keys_LDADD = $(GL_LIBS)
tests_unit_test_guest_io_SOURCES = tests/unit/test-guest-io.c \
	tests/unit/fake-guest-io.c tests/unit/fake-guest-io.h
tests_unit_test_guest_io_LDADD = $(GL_LIBS)
tests_unit_test_guest_memo_SOURCES = tests/unit/test-guest-memo.c \
	tests/unit/fake-guest-io.c tests/unit/fake-guest-io.h
tests_unit_test_guest_memo_LDADD = $(GL_LIBS)

# image-refs.c (an image's header: which other files it names) is pure
# and fuzzed.
FUZZ_PURE_SRC += common/guestfs/image-refs.c
check_PROGRAMS += tests/unit/test-image-refs
TESTS += tests/unit/test-image-refs
tests_unit_test_image_refs_SOURCES = tests/unit/test-image-refs.c
tests_unit_test_image_refs_LDADD = $(GL_LIBS)

FUZZ_TARGETS += tests/fuzz/fuzz-image-refs
EXTRA_DIST += tests/fuzz/corpus/image-refs
