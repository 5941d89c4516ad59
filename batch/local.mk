# batch/: "guestlift batch" -- manifest reader, state file, scheduler of
# convert/launch child processes, report.  See docs/guestlift-batch.pod.
# The audit before the conversions inspects: it is cli/batch-audit.c,
# and the scheduler takes its verdicts as plain data.
# May use: common/utils, common/domain (its source config readers for
# --from-xen-dir).
noinst_LIBRARIES += batch/libglbatch.a
batch_libglbatch_a_CPPFLAGS = $(ROOM_UTILS) $(ROOM_DOMAIN) $(ROOM_BATCH)
batch_libglbatch_a_SOURCES = \
	batch/batch-manifest.c batch/batch-manifest.h \
	batch/batch-json.c batch/batch-json.h \
	batch/batch-state.c batch/batch-state.h
batch_libglbatch_a_SOURCES += \
	batch/batch-scheduler.c batch/batch-scheduler.h \
	batch/batch-outputs.c \
	batch/batch-report.c batch/batch-report.h

check_PROGRAMS += tests/unit/test-batch-manifest tests/unit/test-batch-state
TESTS += tests/unit/test-batch-manifest tests/unit/test-batch-state
tests_unit_test_batch_manifest_SOURCES = tests/unit/test-batch-manifest.c
tests_unit_test_batch_manifest_LDADD = $(GL_LIBS)
tests_unit_test_batch_state_SOURCES = tests/unit/test-batch-state.c
tests_unit_test_batch_state_LDADD = $(GL_LIBS)

dist_pkgdata_DATA += data/guestlift-batch-manifest.schema.json

# Its integration test (batch.sh: real conversions and one boot test of
# fixture guests) is registered in tests/integration/local.mk.

# Fuzz target: the manifest and state readers (json-c); the manifest
# reader links the source config readers (--from-xen-dir), hence their
# libraries, for this target only, and the NIC rules (netmap.c: the
# "bridge" and "network" keys).  batch-json.c writes through the
# atomic writer (never called here, but linked).
BATCH_FUZZ_SRC = batch/batch-manifest.c batch/batch-state.c batch/batch-json.c \
	common/domain/netmap.c common/domain/target.c \
	common/utils/write-atomic.c $(SOURCE_CONFIG_FUZZ_SRC)
FUZZ_TARGETS += tests/fuzz/fuzz-batch-manifest
tests/fuzz/fuzz-batch-manifest: $(BATCH_FUZZ_SRC)
tests/fuzz/fuzz-batch-manifest: FUZZ_PURE_SRC += $(BATCH_FUZZ_SRC)
tests/fuzz/fuzz-batch-manifest: FUZZ_CFLAGS += $(LIBXML2_CFLAGS) $(XLUTIL_CFLAGS) $(XENLIGHT_CFLAGS)
tests/fuzz/fuzz-batch-manifest: FUZZ_LIBS += $(LIBXML2_LIBS) $(XLUTIL_LIBS) $(XENLIGHT_LIBS)
EXTRA_DIST += tests/fuzz/corpus/batch-manifest
