# common/utils/: shared helpers: cleanup, vectors, buffers, errors and
# notes for the user, progress, bounded file mapping, the command runner,
# versions, KEY=value files, SHA-256, the cache folder, the host's KVM
# answer.  May use: libc only (no other room).
noinst_LIBRARIES += common/utils/libglutils.a
common_utils_libglutils_a_CPPFLAGS = $(ROOM_UTILS)
common_utils_libglutils_a_SOURCES = \
	common/utils/cleanup.c common/utils/cleanup.h \
	common/utils/clock.c common/utils/clock.h \
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
	common/utils/guest-text.c common/utils/guest-text.h \
	common/utils/sha256.c common/utils/sha256.h \
	common/utils/bounds.c common/utils/bounds.h \
	common/utils/write-atomic.c common/utils/write-atomic.h \
	common/utils/read-file.c common/utils/read-file.h \
	common/utils/xml-cleanup.h \
	common/utils/drive-name.c common/utils/drive-name.h \
	common/utils/guest-name.c common/utils/guest-name.h \
	common/utils/shard.c common/utils/shard.h \
	common/utils/host.c common/utils/host.h \
	common/utils/gl-limits.h \
	common/utils/rmtree.c common/utils/rmtree.h \
	common/utils/enum-names.c common/utils/enum-names.h \
	common/utils/note.c common/utils/note.h \
	common/utils/cache-dir.c common/utils/cache-dir.h \
	common/utils/host-kvm.c common/utils/host-kvm.h
FUZZ_PURE_SRC += common/utils/cleanup.c common/utils/error.c common/utils/err.c \
	common/utils/buf.c common/utils/vector.c common/utils/mapfile.c \
	common/utils/version.c common/utils/keyvalue.c common/utils/sha256.c \
	common/utils/bounds.c common/utils/read-file.c common/utils/drive-name.c \
	common/utils/guest-name.c common/utils/shard.c common/utils/enum-names.c \
	common/utils/guest-text.c

check_PROGRAMS += tests/unit/test-common tests/unit/test-err tests/unit/test-version \
	tests/unit/test-keyvalue tests/unit/test-sha256 tests/unit/test-bounds \
	tests/unit/test-host-files tests/unit/test-spawn \
	tests/unit/test-drive-name tests/unit/test-names tests/unit/test-host
TESTS += tests/unit/test-common tests/unit/test-err tests/unit/test-version \
	tests/unit/test-keyvalue tests/unit/test-sha256 tests/unit/test-bounds \
	tests/unit/test-host-files tests/unit/test-spawn \
	tests/unit/test-drive-name tests/unit/test-names tests/unit/test-host
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
tests_unit_test_host_files_SOURCES = tests/unit/test-host-files.c
tests_unit_test_host_files_LDADD = $(GL_LIBS)
tests_unit_test_spawn_SOURCES = tests/unit/test-spawn.c
tests_unit_test_spawn_LDADD = $(GL_LIBS)
tests_unit_test_drive_name_SOURCES = tests/unit/test-drive-name.c
tests_unit_test_drive_name_LDADD = $(GL_LIBS)
tests_unit_test_names_SOURCES = tests/unit/test-names.c
tests_unit_test_names_LDADD = $(GL_LIBS)
tests_unit_test_host_SOURCES = tests/unit/test-host.c
tests_unit_test_host_LDADD = $(GL_LIBS)

# The default -j under taskset (no appliance needed).
TESTS += tests/integration/host-jobs.sh
EXTRA_DIST += tests/integration/host-jobs.sh

# JSON reading (json-c): one parser with one set of bounds, typed getters.
common_utils_libglutils_a_SOURCES += common/utils/json.c common/utils/json.h
FUZZ_PURE_SRC += common/utils/json.c
check_PROGRAMS += tests/unit/test-json
TESTS += tests/unit/test-json
tests_unit_test_json_SOURCES = tests/unit/test-json.c
tests_unit_test_json_LDADD = $(GL_LIBS)
