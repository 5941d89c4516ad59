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
	common/hostio/partwalk.c common/hostio/partwalk.h \
	common/hostio/lvm-meta.c common/hostio/lvm-text.c common/hostio/lvm-meta.h \
	common/hostio/fs-probe.c common/hostio/fs-probe.h \
	common/hostio/hostfs.h \
	common/hostio/guest-io-host.h

check_PROGRAMS += tests/unit/test-blocksrc
TESTS += tests/unit/test-blocksrc
tests_unit_test_blocksrc_SOURCES = tests/unit/test-blocksrc.c
tests_unit_test_blocksrc_LDADD = $(GL_LIBS)

check_PROGRAMS += tests/unit/test-partwalk
TESTS += tests/unit/test-partwalk
tests_unit_test_partwalk_SOURCES = tests/unit/test-partwalk.c
tests_unit_test_partwalk_LDADD = $(GL_LIBS)

# The partition walker is pure (it reads through a range) and fuzzed.
FUZZ_PURE_SRC += common/hostio/range.c common/hostio/partwalk.c
FUZZ_TARGETS += tests/fuzz/fuzz-partwalk
EXTRA_DIST += tests/fuzz/corpus/partwalk

check_PROGRAMS += tests/unit/test-fs-probe
TESTS += tests/unit/test-fs-probe
tests_unit_test_fs_probe_SOURCES = tests/unit/test-fs-probe.c
tests_unit_test_fs_probe_LDADD = $(GL_LIBS)

check_PROGRAMS += tests/unit/test-lvm-meta
TESTS += tests/unit/test-lvm-meta
tests_unit_test_lvm_meta_SOURCES = tests/unit/test-lvm-meta.c
tests_unit_test_lvm_meta_LDADD = $(GL_LIBS)

# The LVM2 metadata reader is pure too, and fuzzed.
FUZZ_PURE_SRC += common/hostio/lvm-meta.c common/hostio/lvm-text.c
FUZZ_TARGETS += tests/fuzz/fuzz-lvm-meta
EXTRA_DIST += tests/fuzz/corpus/lvm-meta

# LVM2's own tools against the reader, on a loop device (root only).
check_PROGRAMS += tests/unit/lvm-dump
tests_unit_lvm_dump_SOURCES = tests/unit/lvm-dump.c
tests_unit_lvm_dump_LDADD = $(GL_LIBS)
TESTS += tests/unit/test-lvm-real.sh
EXTRA_DIST += tests/unit/test-lvm-real.sh

# The host guest I/O: the ops table and the devices it lays out.
common_hostio_libglhostio_a_SOURCES += \
	common/hostio/guest-io-host.c \
	common/hostio/host-disks.c common/hostio/host-disks.h

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

# The host guest I/O on images made with sfdisk, mke2fs and mkfs.vfat.
check_PROGRAMS += tests/unit/test-guest-io-host
TESTS += tests/unit/test-guest-io-host
tests_unit_test_guest_io_host_SOURCES = tests/unit/test-guest-io-host.c
tests_unit_test_guest_io_host_LDADD = $(GL_LIBS)
