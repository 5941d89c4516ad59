# inspect/parsers/: pure parsers for kernel and guest facts (no libguestfs,
# no I/O): kernel .config reader and classifiers, modprobe.d, fstab, Xen
# references, distribution release files.  All of them are fuzzed.
# Part of the inspect room (inspect/local.mk builds them).
inspect_libglinspect_a_SOURCES += \
	inspect/parsers/kconfig.c inspect/parsers/kconfig.h \
	inspect/parsers/kernel-classify.c \
	inspect/parsers/modprobe.c inspect/parsers/modprobe.h \
	inspect/parsers/fstab.c inspect/parsers/fstab.h \
	inspect/parsers/xenrefs.c inspect/parsers/xenrefs.h \
	inspect/parsers/distro.c inspect/parsers/distro.h \
	inspect/parsers/windows-bin.c inspect/parsers/windows-bin.h
FUZZ_PURE_SRC += \
	inspect/parsers/kconfig.c inspect/parsers/kernel-classify.c \
	inspect/parsers/modprobe.c inspect/parsers/fstab.c \
	inspect/parsers/xenrefs.c inspect/parsers/distro.c \
	inspect/parsers/windows-bin.c

check_PROGRAMS += \
	tests/unit/test-kconfig tests/unit/test-modprobe \
	tests/unit/test-fstab tests/unit/test-xenrefs tests/unit/test-distro \
	tests/unit/test-windows-bin
TESTS += \
	tests/unit/test-kconfig tests/unit/test-modprobe \
	tests/unit/test-fstab tests/unit/test-xenrefs tests/unit/test-distro \
	tests/unit/test-windows-bin
tests_unit_test_kconfig_SOURCES = tests/unit/test-kconfig.c
tests_unit_test_kconfig_LDADD = $(GL_LIBS)
tests_unit_test_modprobe_SOURCES = tests/unit/test-modprobe.c
tests_unit_test_modprobe_LDADD = $(GL_LIBS)
tests_unit_test_fstab_SOURCES = tests/unit/test-fstab.c
tests_unit_test_fstab_LDADD = $(GL_LIBS)
tests_unit_test_xenrefs_SOURCES = tests/unit/test-xenrefs.c
tests_unit_test_xenrefs_LDADD = $(GL_LIBS)
tests_unit_test_distro_SOURCES = tests/unit/test-distro.c
tests_unit_test_distro_LDADD = $(GL_LIBS)
tests_unit_test_windows_bin_SOURCES = tests/unit/test-windows-bin.c
tests_unit_test_windows_bin_LDADD = $(GL_LIBS)

FUZZ_TARGETS += \
	tests/fuzz/fuzz-kconfig tests/fuzz/fuzz-fstab tests/fuzz/fuzz-modprobe \
	tests/fuzz/fuzz-xenrefs tests/fuzz/fuzz-distro tests/fuzz/fuzz-windows-bin
EXTRA_DIST += \
	tests/fuzz/corpus/kconfig tests/fuzz/corpus/fstab \
	tests/fuzz/corpus/modprobe tests/fuzz/corpus/xenrefs \
	tests/fuzz/corpus/distro tests/fuzz/corpus/windows-bin
