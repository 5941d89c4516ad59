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
	common/hostio/blocksrc.h \
	common/hostio/partwalk.h \
	common/hostio/lvm-meta.h \
	common/hostio/fs-probe.h \
	common/hostio/hostfs.h \
	common/hostio/guest-io-host.h

# hostfs
# ext2/3/4 through libext2fs over a range (hostfs, its io_manager and
# directory order), the mounted tree and its path walk (hosttree), the
# path ops and glob.  tests/unit/test-hostfs builds ext2/3/4 images with
# mke2fs -d from trees it makes and checks the ops against them.
common_hostio_libglhostio_a_SOURCES += \
	common/hostio/ext2-range-io.c common/hostio/ext2-range-io.h \
	common/hostio/hostfs.c common/hostio/hostfs-int.h \
	common/hostio/hostfs-dir.c \
	common/hostio/hosttree.c common/hostio/hosttree-int.h \
	common/hostio/hosttree-ops.c \
	common/hostio/hostglob.c
check_PROGRAMS += tests/unit/test-hostfs
TESTS += tests/unit/test-hostfs
tests_unit_test_hostfs_SOURCES = tests/unit/test-hostfs.c
tests_unit_test_hostfs_LDADD = $(GL_LIBS)
