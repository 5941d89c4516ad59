# inspect/kernel/: kernel images (bzImage, ELF, gzip'd ELF; IKCONFIG) and
# initramfs listings, read on the host with libarchive.  Part of the
# inspect room (inspect/local.mk builds them).
inspect_libglinspect_a_SOURCES += \
	inspect/kernel/kimage.c inspect/kernel/kimage.h \
	inspect/kernel/ikconfig.c \
	inspect/kernel/initrd.c
FUZZ_PURE_SRC += inspect/kernel/kimage.c inspect/kernel/ikconfig.c \
	inspect/kernel/initrd.c

# mkkernel makes fake kernels for these tests and for the fixture builder;
# kimage-probe prints what the readers say, for the shell test.
check_PROGRAMS += tests/fixtures/mkkernel tests/unit/kimage-probe
tests_fixtures_mkkernel_SOURCES = tests/fixtures/mkkernel.c
tests_fixtures_mkkernel_LDADD = $(GL_LIBS)
tests_unit_kimage_probe_SOURCES = tests/unit/kimage-probe.c
tests_unit_kimage_probe_LDADD = $(GL_LIBS)

TESTS += tests/unit/test-kimage.sh
EXTRA_DIST += tests/unit/test-kimage.sh \
	tests/fuzz/corpus/kimage tests/fuzz/corpus/initrd

FUZZ_TARGETS += tests/fuzz/fuzz-kimage tests/fuzz/fuzz-initrd
