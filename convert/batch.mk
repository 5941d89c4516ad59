# convert/batch.mk: "guestlift batch" -- manifest reader, state file,
# scheduler of convert/launch child processes, report.  See docs/guestlift-batch.pod.
libguestlift_a_SOURCES += \
	convert/batch-manifest.c convert/batch-manifest.h \
	convert/batch-state.c convert/batch-state.h
libguestlift_a_SOURCES += \
	convert/batch-audit.c convert/batch-audit.h \
	convert/batch-scheduler.c convert/batch-scheduler.h \
	convert/batch-outputs.c \
	convert/batch-report.c convert/batch-report.h

check_PROGRAMS += tests/unit/test-batch-manifest tests/unit/test-batch-state
TESTS += tests/unit/test-batch-manifest tests/unit/test-batch-state
tests_unit_test_batch_manifest_SOURCES = tests/unit/test-batch-manifest.c
tests_unit_test_batch_manifest_LDADD = $(GL_LIBS)
tests_unit_test_batch_state_SOURCES = tests/unit/test-batch-state.c
tests_unit_test_batch_state_LDADD = $(GL_LIBS)

dist_pkgdata_DATA += data/guestlift-batch-manifest.schema.json

# Real conversions and one boot test of fixture guests (minutes under TCG).
TESTS += tests/integration/batch.sh
EXTRA_DIST += tests/integration/batch.sh

# Fuzz target: the manifest and state readers (json-c); the manifest
# reader links the source config readers (--from-xen-dir), hence their
# libraries, for this target only.
BATCH_FUZZ_SRC = convert/batch-manifest.c convert/batch-state.c $(CONVERT_FUZZ_SRC)
FUZZ_TARGETS += tests/fuzz/fuzz-batch-manifest
tests/fuzz/fuzz-batch-manifest: $(BATCH_FUZZ_SRC)
tests/fuzz/fuzz-batch-manifest: FUZZ_PURE_SRC += $(BATCH_FUZZ_SRC)
tests/fuzz/fuzz-batch-manifest: FUZZ_CFLAGS += $(LIBXML2_CFLAGS) $(XLUTIL_CFLAGS) $(XENLIGHT_CFLAGS)
tests/fuzz/fuzz-batch-manifest: FUZZ_LIBS += $(LIBXML2_LIBS) $(XLUTIL_LIBS) $(XENLIGHT_LIBS)
EXTRA_DIST += tests/fuzz/corpus/batch-manifest
