# convert/command.mk: "guestlift convert" -- the plan (kernel choice and
# guest edits through the rewriters), applying it in an appliance, the
# disk copy (qemu-img), the guest session (mount per the report), and the
# all-or-nothing output files.  The command itself is cli/cmd-convert.c.
libguestlift_a_SOURCES += \
	convert/plan.c convert/plan.h \
	convert/apply.c convert/apply.h \
	convert/copy.c convert/copy.h \
	convert/session.c convert/session.h \
	convert/output-files.c convert/output-files.h

TESTS += tests/integration/convert.sh tests/integration/hostile-commands.sh
EXTRA_DIST += tests/integration/convert.sh tests/integration/hostile-commands.sh

check_PROGRAMS += tests/unit/test-convert-plan
TESTS += tests/unit/test-convert-plan
tests_unit_test_convert_plan_SOURCES = tests/unit/test-convert-plan.c
tests_unit_test_convert_plan_LDADD = $(GL_LIBS)

check_PROGRAMS += tests/unit/test-run-files
TESTS += tests/unit/test-run-files
tests_unit_test_run_files_SOURCES = tests/unit/test-run-files.c
tests_unit_test_run_files_LDADD = $(GL_LIBS)
