# common/utils/: shared helpers: cleanup, vectors, buffers, errors and
# notes for the user, progress, bounded file mapping, the command runner,
# versions, KEY=value files, SHA-256, the cache folder, the host's KVM
# answer.  May use: libc only (no other room).
noinst_LIBRARIES += common/utils/libglutils.a
common_utils_libglutils_a_CPPFLAGS = $(ROOM_UTILS)
common_utils_libglutils_a_SOURCES = \
	common/utils/cleanup.c common/utils/cleanup.h \
	common/utils/error.c common/utils/error.h \
	common/utils/err.c common/utils/err.h \
	common/utils/buf.c common/utils/buf.h \
	common/utils/vector.c common/utils/vector.h \
	common/utils/spawn.c common/utils/spawn.h \
	common/utils/run-files.c common/utils/run-files.h \
	common/utils/progress.c common/utils/progress.h \
	common/utils/mapfile.c common/utils/mapfile.h \
	common/utils/version.c common/utils/version.h \
	common/utils/keyvalue.c common/utils/keyvalue.h \
	common/utils/sha256.c common/utils/sha256.h \
	common/utils/bounds.c common/utils/bounds.h \
	common/utils/note.c common/utils/note.h \
	common/utils/cache-dir.c common/utils/cache-dir.h \
	common/utils/host-kvm.c common/utils/host-kvm.h
FUZZ_PURE_SRC += common/utils/cleanup.c common/utils/error.c common/utils/err.c \
	common/utils/buf.c common/utils/vector.c common/utils/mapfile.c \
	common/utils/version.c common/utils/keyvalue.c common/utils/sha256.c \
	common/utils/bounds.c

check_PROGRAMS += tests/unit/test-common tests/unit/test-err tests/unit/test-version \
	tests/unit/test-keyvalue tests/unit/test-sha256 tests/unit/test-bounds
TESTS += tests/unit/test-common tests/unit/test-err tests/unit/test-version \
	tests/unit/test-keyvalue tests/unit/test-sha256 tests/unit/test-bounds
tests_unit_test_common_SOURCES = tests/unit/test-common.c
tests_unit_test_common_LDADD = $(GL_LIBS)
tests_unit_test_err_SOURCES = tests/unit/test-err.c
tests_unit_test_err_LDADD = $(GL_LIBS)
tests_unit_test_version_SOURCES = tests/unit/test-version.c
tests_unit_test_version_LDADD = $(GL_LIBS)
tests_unit_test_keyvalue_SOURCES = tests/unit/test-keyvalue.c
tests_unit_test_keyvalue_LDADD = $(GL_LIBS)
tests_unit_test_sha256_SOURCES = tests/unit/test-sha256.c
tests_unit_test_sha256_LDADD = $(GL_LIBS)

FUZZ_TARGETS += tests/fuzz/fuzz-version tests/fuzz/fuzz-keyvalue
EXTRA_DIST += tests/fuzz/corpus/version tests/fuzz/corpus/keyvalue
tests_unit_test_bounds_SOURCES = tests/unit/test-bounds.c
tests_unit_test_bounds_LDADD = $(GL_LIBS)
