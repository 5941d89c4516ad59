# common/bootloader/: bootloader configurations (grub legacy, grub2, BLS
# entries, extlinux): the pure readers, and the loading of BLS entries
# through the guest I/O.  May use: common/utils, common/guestfs.
noinst_LIBRARIES += common/bootloader/libglbootloader.a
common_bootloader_libglbootloader_a_CPPFLAGS = $(ROOM_UTILS) $(ROOM_GUESTFS) \
	$(ROOM_BOOTLOADER)
common_bootloader_libglbootloader_a_SOURCES = \
	common/bootloader/bootcfg.c common/bootloader/bootcfg.h \
	common/bootloader/grub-legacy.c \
	common/bootloader/grub2.c \
	common/bootloader/extlinux.c \
	common/bootloader/bls.c \
	common/bootloader/bls-load.c common/bootloader/bls-load.h
FUZZ_PURE_SRC += \
	common/bootloader/bootcfg.c common/bootloader/grub-legacy.c \
	common/bootloader/grub2.c common/bootloader/extlinux.c \
	common/bootloader/bls.c

FUZZ_TARGETS += \
	tests/fuzz/fuzz-grub-legacy tests/fuzz/fuzz-grub2 \
	tests/fuzz/fuzz-extlinux tests/fuzz/fuzz-bls
EXTRA_DIST += \
	tests/fuzz/corpus/grub-legacy tests/fuzz/corpus/grub2 \
	tests/fuzz/corpus/extlinux tests/fuzz/corpus/bls

check_PROGRAMS += \
	tests/unit/test-grub-legacy tests/unit/test-grub2 \
	tests/unit/test-extlinux tests/unit/test-bls
TESTS += \
	tests/unit/test-grub-legacy tests/unit/test-grub2 \
	tests/unit/test-extlinux tests/unit/test-bls
tests_unit_test_grub_legacy_SOURCES = tests/unit/test-grub-legacy.c
tests_unit_test_grub_legacy_LDADD = $(GL_LIBS)
tests_unit_test_grub2_SOURCES = tests/unit/test-grub2.c
tests_unit_test_grub2_LDADD = $(GL_LIBS)
tests_unit_test_extlinux_SOURCES = tests/unit/test-extlinux.c
tests_unit_test_extlinux_LDADD = $(GL_LIBS)
tests_unit_test_bls_SOURCES = tests/unit/test-bls.c
tests_unit_test_bls_LDADD = $(GL_LIBS)
