# common/: shared helpers only (errors, cleanup, buffers, vectors, spawn,
# progress).  May call libc only.
libguestlift_a_SOURCES += \
	common/cleanup.c common/cleanup.h \
	common/error.c common/error.h \
	common/buf.c common/buf.h \
	common/vector.c common/vector.h \
	common/spawn.c common/spawn.h \
	common/run-files.c common/run-files.h \
	common/progress.c common/progress.h \
	common/mapfile.c common/mapfile.h
FUZZ_PURE_SRC += common/cleanup.c common/error.c common/buf.c common/vector.c \
	common/mapfile.c

check_PROGRAMS += tests/unit/test-common
TESTS += tests/unit/test-common
tests_unit_test_common_SOURCES = tests/unit/test-common.c
tests_unit_test_common_LDADD = $(GL_LIBS)
