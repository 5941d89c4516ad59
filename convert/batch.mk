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
