# inspect/cache*: the inspection result cache ($XDG_CACHE_HOME/guestlift/
# inspect/), the JSON report reader it (and convert/launch) use, and the
# SHA-256 that names the entries.
libguestlift_a_SOURCES += \
	common/sha256.c common/sha256.h \
	inspect/report-read.c inspect/report-read.h \
	inspect/cache.c inspect/cache.h

# report-read.c is pure (json-c and the model); it needs the model's
# constructors, so report.c is pure too.  inspect/report.mk does not list
# report.c in FUZZ_PURE_SRC; if it ever does, drop it here (a file listed
# twice is linked twice).
FUZZ_PURE_SRC += inspect/report-read.c inspect/report.c common/sha256.c

check_PROGRAMS += tests/unit/test-sha256 tests/unit/test-report-read \
	tests/unit/test-cache
TESTS += tests/unit/test-sha256 tests/unit/test-report-read \
	tests/unit/test-cache
tests_unit_test_sha256_SOURCES = tests/unit/test-sha256.c
tests_unit_test_sha256_LDADD = $(GL_LIBS)
tests_unit_test_report_read_SOURCES = tests/unit/test-report-read.c \
	tests/unit/test-report-read.h
tests_unit_test_report_read_LDADD = $(GL_LIBS)
tests_unit_test_cache_SOURCES = tests/unit/test-cache.c \
	tests/unit/test-report-read.h
tests_unit_test_cache_LDADD = $(GL_LIBS)

FUZZ_TARGETS += tests/fuzz/fuzz-report-read
EXTRA_DIST += tests/fuzz/corpus/report-read
