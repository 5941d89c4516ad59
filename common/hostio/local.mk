# common/hostio/: the host-side reader -- guest I/O without an appliance
# (guest-io-host.c fills guest-io-ops.h): images opened on the host
# (blocksrc: raw, or qemu formats through libnbd and a private
# qemu-nbd), partition tables (partwalk), LVM2 metadata (lvm-meta),
# superblocks (fs-probe, libblkid), ext2/3/4 trees (hostfs, libext2fs).
# May use: common/utils, common/guestfs (the ops table).
noinst_LIBRARIES += common/hostio/libglhostio.a
common_hostio_libglhostio_a_CPPFLAGS = $(ROOM_UTILS) $(ROOM_GUESTFS) $(ROOM_HOSTIO)
common_hostio_libglhostio_a_SOURCES = \
	common/hostio/range.c common/hostio/range.h \
	common/hostio/blocksrc.c common/hostio/blocksrc.h \
	common/hostio/partwalk.h \
	common/hostio/lvm-meta.h \
	common/hostio/fs-probe.h \
	common/hostio/hostfs.h \
	common/hostio/guest-io-host.h

check_PROGRAMS += tests/unit/test-blocksrc
TESTS += tests/unit/test-blocksrc
tests_unit_test_blocksrc_SOURCES = tests/unit/test-blocksrc.c
tests_unit_test_blocksrc_LDADD = $(GL_LIBS)

# The host guest I/O: the ops table and the devices it lays out.
common_hostio_libglhostio_a_SOURCES += \
	common/hostio/guest-io-host.c \
	common/hostio/host-disks.c common/hostio/host-disks.h
# TEMPORARY (hostint): until partwalk, lvm-meta, fs-probe and hostfs land.
common_hostio_libglhostio_a_SOURCES += common/hostio/stubs-tmp.c
