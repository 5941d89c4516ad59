# inspect/report/: the report model (a plain C struct tree), its writers
# (JSON, XML, text, audit table, CSV), the summary, the JSON reader, and
# the schemas of the public formats.  This is how rooms talk: convert,
# launch and batch read the model.  May use: common/utils.
noinst_LIBRARIES += inspect/report/libglreport.a
inspect_report_libglreport_a_CPPFLAGS = $(ROOM_UTILS) $(ROOM_REPORT)
inspect_report_libglreport_a_SOURCES = \
	inspect/report/report.c inspect/report/report.h inspect/report/report-cleanup.h \
	inspect/report/report-fields.c inspect/report/report-fields.h \
	inspect/report/report-write.h \
	inspect/report/report-escape.c \
	inspect/report/report-columns.c \
	inspect/report/report-summary.c \
	inspect/report/report-json.c \
	inspect/report/report-xml.c \
	inspect/report/report-text.c \
	inspect/report/report-table.c \
	inspect/report/report-csv.c \
	inspect/report/report-read.c inspect/report/report-read.h
# report-read.c is pure (json-c and the model), with the model's
# constructors, its field table and the sanitiser.
FUZZ_PURE_SRC += inspect/report/report-read.c inspect/report/report.c \
	inspect/report/report-fields.c inspect/report/report-escape.c \
	inspect/report/report-summary.c

dist_pkgdata_DATA += data/guestlift-report.rng data/guestlift-report.schema.json

# test-report.c includes report-sample.c (the sample reports) so both
# programs build the same guests.
check_PROGRAMS += tests/unit/test-report tests/unit/report-sample \
	tests/unit/test-report-read
TESTS += tests/unit/test-report tests/unit/test-report-schema.sh \
	tests/unit/test-report-read
tests_unit_test_report_SOURCES = tests/unit/test-report.c
tests_unit_test_report_LDADD = $(GL_LIBS)
tests_unit_report_sample_SOURCES = tests/unit/report-sample.c
tests_unit_report_sample_LDADD = $(GL_LIBS)
tests_unit_test_report_read_SOURCES = tests/unit/test-report-read.c \
	tests/unit/test-report-read.h
tests_unit_test_report_read_LDADD = $(GL_LIBS)
EXTRA_DIST += tests/unit/test-report-schema.sh tests/unit/report.golden

FUZZ_TARGETS += tests/fuzz/fuzz-report-read
EXTRA_DIST += tests/fuzz/corpus/report-read
