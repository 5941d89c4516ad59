# convert/rewrite.mk: the guest file rewriters of "guestlift convert"
# (fstab, crypttab, grub defaults, inittab, securetty, modprobe, SUSE
# sysconfig/kernel) and the dry-run diff; the bootloader configs are
# common/bootloader's.  Pure text in, text out: the fuzz target links them
# (with the target profiles they read).
convert_libglconvert_a_SOURCES += \
	convert/rewrite.h \
	convert/rewrite-device.c convert/rewrite-shell.c \
	convert/rewrite-grub-defaults.c convert/rewrite-files.c \
	convert/rewrite-diff.c convert/rewrite-text.c convert/rewrite-text.h

REWRITE_PURE_SRC = \
	convert/rewrite-device.c convert/rewrite-shell.c \
	convert/rewrite-grub-defaults.c convert/rewrite-files.c \
	convert/rewrite-diff.c convert/rewrite-text.c
FUZZ_PURE_SRC += $(REWRITE_PURE_SRC)

FUZZ_TARGETS += tests/fuzz/fuzz-rewrite
EXTRA_DIST += tests/fuzz/corpus/rewrite

check_PROGRAMS += \
	tests/unit/test-rewrite-device tests/unit/test-rewrite-boot \
	tests/unit/test-rewrite-files tests/unit/test-rewrite-diff
TESTS += \
	tests/unit/test-rewrite-device tests/unit/test-rewrite-boot \
	tests/unit/test-rewrite-files tests/unit/test-rewrite-diff
tests_unit_test_rewrite_device_SOURCES = tests/unit/test-rewrite-device.c
tests_unit_test_rewrite_device_LDADD = $(GL_LIBS)
tests_unit_test_rewrite_boot_SOURCES = tests/unit/test-rewrite-boot.c
tests_unit_test_rewrite_boot_LDADD = $(GL_LIBS)
tests_unit_test_rewrite_files_SOURCES = tests/unit/test-rewrite-files.c
tests_unit_test_rewrite_files_LDADD = $(GL_LIBS)
tests_unit_test_rewrite_diff_SOURCES = tests/unit/test-rewrite-diff.c
tests_unit_test_rewrite_diff_LDADD = $(GL_LIBS)
