# inspect/: pure readers of bootloader configurations (grub legacy, grub2,
# extlinux), KEY=value files and distribution release files.  No I/O, no
# libguestfs: the fuzz targets link them.
libguestlift_a_SOURCES += \
	inspect/bootcfg.c inspect/bootcfg.h \
	inspect/grub-legacy.c \
	inspect/grub2.c \
	inspect/extlinux.c \
	inspect/bls.c \
	inspect/keyvalue.c inspect/keyvalue.h \
	inspect/distro.c inspect/distro.h
FUZZ_PURE_SRC += \
	inspect/bootcfg.c inspect/grub-legacy.c inspect/grub2.c \
	inspect/extlinux.c inspect/bls.c inspect/keyvalue.c inspect/distro.c

FUZZ_TARGETS += \
	tests/fuzz/fuzz-grub-legacy tests/fuzz/fuzz-grub2 \
	tests/fuzz/fuzz-extlinux tests/fuzz/fuzz-keyvalue tests/fuzz/fuzz-distro \
	tests/fuzz/fuzz-bls
EXTRA_DIST += \
	tests/fuzz/corpus/grub-legacy tests/fuzz/corpus/grub2 \
	tests/fuzz/corpus/extlinux tests/fuzz/corpus/keyvalue \
	tests/fuzz/corpus/distro tests/fuzz/corpus/bls

check_PROGRAMS += \
	tests/unit/test-grub-legacy tests/unit/test-grub2 \
	tests/unit/test-extlinux tests/unit/test-keyvalue tests/unit/test-distro \
	tests/unit/test-bls
TESTS += \
	tests/unit/test-grub-legacy tests/unit/test-grub2 \
	tests/unit/test-extlinux tests/unit/test-keyvalue tests/unit/test-distro \
	tests/unit/test-bls
tests_unit_test_grub_legacy_SOURCES = tests/unit/test-grub-legacy.c
tests_unit_test_grub_legacy_LDADD = $(GL_LIBS)
tests_unit_test_grub2_SOURCES = tests/unit/test-grub2.c
tests_unit_test_grub2_LDADD = $(GL_LIBS)
tests_unit_test_extlinux_SOURCES = tests/unit/test-extlinux.c
tests_unit_test_extlinux_LDADD = $(GL_LIBS)
tests_unit_test_keyvalue_SOURCES = tests/unit/test-keyvalue.c
tests_unit_test_keyvalue_LDADD = $(GL_LIBS)
tests_unit_test_distro_SOURCES = tests/unit/test-distro.c
tests_unit_test_distro_LDADD = $(GL_LIBS)
tests_unit_test_bls_SOURCES = tests/unit/test-bls.c
tests_unit_test_bls_LDADD = $(GL_LIBS)
