# inspect/: pure parsers for kernel and Xen facts (no libguestfs, no I/O):
# kernel .config reader and classifiers, version strings, modprobe.d,
# fstab, Xen references.  All of them are fuzzed.
libguestlift_a_SOURCES += \
	inspect/kconfig.c inspect/kconfig.h \
	inspect/kernel-classify.c \
	inspect/version.c inspect/version.h \
	inspect/modprobe.c inspect/modprobe.h \
	inspect/fstab.c inspect/fstab.h \
	inspect/xenrefs.c inspect/xenrefs.h
FUZZ_PURE_SRC += \
	inspect/kconfig.c inspect/kernel-classify.c inspect/version.c \
	inspect/modprobe.c inspect/fstab.c inspect/xenrefs.c

check_PROGRAMS += \
	tests/unit/test-kconfig tests/unit/test-version tests/unit/test-modprobe \
	tests/unit/test-fstab tests/unit/test-xenrefs
TESTS += \
	tests/unit/test-kconfig tests/unit/test-version tests/unit/test-modprobe \
	tests/unit/test-fstab tests/unit/test-xenrefs
tests_unit_test_kconfig_SOURCES = tests/unit/test-kconfig.c
tests_unit_test_kconfig_LDADD = $(GL_LIBS)
tests_unit_test_version_SOURCES = tests/unit/test-version.c
tests_unit_test_version_LDADD = $(GL_LIBS)
tests_unit_test_modprobe_SOURCES = tests/unit/test-modprobe.c
tests_unit_test_modprobe_LDADD = $(GL_LIBS)
tests_unit_test_fstab_SOURCES = tests/unit/test-fstab.c
tests_unit_test_fstab_LDADD = $(GL_LIBS)
tests_unit_test_xenrefs_SOURCES = tests/unit/test-xenrefs.c
tests_unit_test_xenrefs_LDADD = $(GL_LIBS)

FUZZ_TARGETS += \
	tests/fuzz/fuzz-kconfig tests/fuzz/fuzz-fstab tests/fuzz/fuzz-modprobe \
	tests/fuzz/fuzz-version tests/fuzz/fuzz-xenrefs
EXTRA_DIST += \
	tests/fuzz/corpus/kconfig tests/fuzz/corpus/fstab \
	tests/fuzz/corpus/modprobe tests/fuzz/corpus/version \
	tests/fuzz/corpus/xenrefs
