# convert/: "guestlift convert": the plan (kernel choice and guest edits
# through the rewriters), applying it in an appliance, the
# disk copy (qemu-img), and the all-or-nothing output files (the guest is
# mounted by common/guestfs/mount-session.h).  The command itself is cli/cmd-convert.c.
# May use: common/utils, common/guestfs, common/bootloader, common/domain,
# the report model (inspect/report).
noinst_LIBRARIES += convert/libglconvert.a
convert_libglconvert_a_CPPFLAGS = $(ROOM_UTILS) $(ROOM_GUESTFS) \
	$(ROOM_BOOTLOADER) $(ROOM_DOMAIN) $(ROOM_REPORT) $(ROOM_CONVERT)
convert_libglconvert_a_SOURCES = \
	convert/plan.c convert/plan.h \
	convert/devices.c convert/devices.h \
	convert/apply.c convert/apply.h \
	convert/copy.c convert/copy.h \
	convert/output-files.c convert/output-files.h \
	convert/pipeline.c convert/pipeline.h

check_PROGRAMS += tests/unit/test-convert-plan
TESTS += tests/unit/test-convert-plan
tests_unit_test_convert_plan_SOURCES = tests/unit/test-convert-plan.c
tests_unit_test_convert_plan_LDADD = $(GL_LIBS)

# Its integration tests (convert.sh, hostile-commands.sh) are registered
# in tests/integration/local.mk, with every test that needs the appliance.

check_PROGRAMS += tests/unit/test-run-files
TESTS += tests/unit/test-run-files
tests_unit_test_run_files_SOURCES = tests/unit/test-run-files.c
tests_unit_test_run_files_LDADD = $(GL_LIBS)

check_PROGRAMS += tests/unit/test-convert-devices
TESTS += tests/unit/test-convert-devices
tests_unit_test_convert_devices_SOURCES = tests/unit/test-convert-devices.c
tests_unit_test_convert_devices_LDADD = $(GL_LIBS)
