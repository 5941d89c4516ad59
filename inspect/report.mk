# inspect/report*: the report model, its writers (JSON, XML, text, audit
# table, CSV), the summary, and the schemas of the public formats.
libguestlift_a_SOURCES += \
	inspect/report.c inspect/report.h \
	inspect/report-write.h \
	inspect/report-escape.c \
	inspect/report-columns.c \
	inspect/report-summary.c \
	inspect/report-json.c \
	inspect/report-xml.c \
	inspect/report-text.c \
	inspect/report-table.c \
	inspect/report-csv.c

dist_pkgdata_DATA += data/guestlift-report.rng data/guestlift-report.schema.json

# test-report.c includes report-sample.c (the sample reports) so both
# programs build the same guests.
check_PROGRAMS += tests/unit/test-report tests/unit/report-sample
TESTS += tests/unit/test-report tests/unit/test-report-schema.sh
tests_unit_test_report_SOURCES = tests/unit/test-report.c
tests_unit_test_report_LDADD = $(GL_LIBS)
tests_unit_report_sample_SOURCES = tests/unit/report-sample.c
tests_unit_report_sample_LDADD = $(GL_LIBS)
EXTRA_DIST += tests/unit/test-report-schema.sh
