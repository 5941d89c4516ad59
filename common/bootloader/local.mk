# common/bootloader/: bootloader formats (grub legacy, grub2, BLS entries,
# grubenv, extlinux), one file each holding its lexer, parser and
# rewriter, behind the ops table of bootloader.h; kernel command line
# edits and the device-name map they apply; a guest's menu read through a
# reader (over the guest I/O: boot-guest.c).  May use: common/utils,
# common/guestfs (boot-guest.c only).
noinst_LIBRARIES += common/bootloader/libglbootloader.a
common_bootloader_libglbootloader_a_CPPFLAGS = $(ROOM_UTILS) $(ROOM_GUESTFS) \
	$(ROOM_BOOTLOADER)
BOOT_PURE_SRC = \
	common/bootloader/bootloader.c common/bootloader/bootcfg.c \
	common/bootloader/boot-edit.c common/bootloader/boot-cmdline.c \
	common/bootloader/devmap.c \
	common/bootloader/grub-legacy.c common/bootloader/grub2.c \
	common/bootloader/bls.c common/bootloader/grubenv.c \
	common/bootloader/extlinux.c
common_bootloader_libglbootloader_a_SOURCES = $(BOOT_PURE_SRC) \
	common/bootloader/bootloader.h common/bootloader/bootcfg.h \
	common/bootloader/boot-text.h common/bootloader/boot-cmdline.h \
	common/bootloader/devmap.h \
	common/bootloader/boot-guest.c common/bootloader/boot-guest.h
FUZZ_PURE_SRC += $(BOOT_PURE_SRC)

# One fuzz target per format, fuzz-boot-FORMAT, each made from
# tests/fuzz/fuzz-bootloader.c with the format's name put in: parse,
# rewrite, and the rewrite parsed again (the same entries, the default
# where it was put).  Seeds: tests/fuzz/corpus/boot-FORMAT/.
# (Written out, not made with a % substitution: automake must expand
# these lists itself for the fuzz replays' sources.)
BOOT_FUZZ_FORMATS = grub-legacy grub2 extlinux bls grubenv
BOOT_FUZZ = tests/fuzz/fuzz-boot-grub-legacy tests/fuzz/fuzz-boot-grub2 \
	tests/fuzz/fuzz-boot-extlinux tests/fuzz/fuzz-boot-bls \
	tests/fuzz/fuzz-boot-grubenv
BOOT_FUZZ_SRC = $(BOOT_FUZZ:=.c)
FUZZ_TARGETS += $(BOOT_FUZZ)
$(BOOT_FUZZ_SRC): tests/fuzz/fuzz-bootloader.c
	$(AM_V_GEN)$(MKDIR_P) tests/fuzz && \
	  sed 's|@FORMAT@|$(@:tests/fuzz/fuzz-boot-%.c=%)|' \
	    $(top_srcdir)/tests/fuzz/fuzz-bootloader.c > $@-t && mv $@-t $@
CLEANFILES += $(BOOT_FUZZ_SRC)
EXTRA_DIST += tests/unit/boot-test.h tests/fuzz/fuzz-bootloader.c \
	$(BOOT_FUZZ_FORMATS:%=tests/fuzz/corpus/boot-%)

check_PROGRAMS += \
	tests/unit/test-grub-legacy tests/unit/test-grub2 \
	tests/unit/test-extlinux tests/unit/test-bls tests/unit/test-grubenv \
	tests/unit/test-boot-consistency tests/unit/test-boot-cmdline
TESTS += \
	tests/unit/test-grub-legacy tests/unit/test-grub2 \
	tests/unit/test-extlinux tests/unit/test-bls tests/unit/test-grubenv \
	tests/unit/test-boot-consistency tests/unit/test-boot-cmdline
tests_unit_test_grub_legacy_SOURCES = tests/unit/test-grub-legacy.c
tests_unit_test_grub_legacy_LDADD = $(GL_LIBS)
tests_unit_test_grub2_SOURCES = tests/unit/test-grub2.c
tests_unit_test_grub2_LDADD = $(GL_LIBS)
tests_unit_test_extlinux_SOURCES = tests/unit/test-extlinux.c
tests_unit_test_extlinux_LDADD = $(GL_LIBS)
tests_unit_test_bls_SOURCES = tests/unit/test-bls.c
tests_unit_test_bls_LDADD = $(GL_LIBS)
tests_unit_test_grubenv_SOURCES = tests/unit/test-grubenv.c
tests_unit_test_grubenv_LDADD = $(GL_LIBS)
tests_unit_test_boot_consistency_SOURCES = tests/unit/test-boot-consistency.c
tests_unit_test_boot_consistency_LDADD = $(GL_LIBS)
tests_unit_test_boot_cmdline_SOURCES = tests/unit/test-boot-cmdline.c
tests_unit_test_boot_cmdline_LDADD = $(GL_LIBS)
