# inspect/image*: what a disk image is and which other files it names
# (backing files, data files, vmdk extents), read from its header with
# bounded reads before qemu opens anything; how images are named to qemu.
# image-refs.c is pure and fuzzed.
libguestlift_a_SOURCES += \
	inspect/image-refs.c inspect/image-refs.h \
	inspect/image-chain.c inspect/image-chain.h \
	inspect/qemu-name.c inspect/qemu-name.h
FUZZ_PURE_SRC += inspect/image-refs.c

check_PROGRAMS += tests/unit/test-image-refs
TESTS += tests/unit/test-image-refs
tests_unit_test_image_refs_SOURCES = tests/unit/test-image-refs.c
tests_unit_test_image_refs_LDADD = $(GL_LIBS)

FUZZ_TARGETS += tests/fuzz/fuzz-image-refs
EXTRA_DIST += tests/fuzz/corpus/image-refs
