# inspect/: the inspection engine: per-guest steps (filesystems, OS facts,
# kernels, bootloader, Xen references), the KVM verdict, many guests per
# appliance (LVM sort-out), parallel appliances and the result cache; with
# its sub-rooms inspect/parsers/ and inspect/kernel/.  The only code that
# opens guest filesystems for facts.  May use: common/utils,
# common/guestfs, common/hostio (the host guest I/O), common/bootloader,
# the report model (inspect/report).
noinst_LIBRARIES += inspect/libglinspect.a
inspect_libglinspect_a_CPPFLAGS = $(ROOM_UTILS) $(ROOM_GUESTFS) $(ROOM_HOSTIO) \
	$(ROOM_BOOTLOADER) $(ROOM_REPORT) $(ROOM_INSPECT)
inspect_libglinspect_a_SOURCES = \
	inspect/guest.c inspect/guest.h inspect/guest-warn.c \
	inspect/part-overlap.c inspect/part-overlap.h \
	inspect/guest-fs.c inspect/os-facts.c inspect/kernels.c \
	inspect/bootloader.c inspect/guest-xen.c inspect/verdict.c \
	inspect/windows.c inspect/winreg.c inspect/winreg.h \
	inspect/engine.c inspect/engine.h \
	inspect/host-path.c inspect/host-path.h \
	inspect/contained.c inspect/contained.h \
	inspect/lvm-guests.c inspect/lvm-guests.h \
	inspect/md-guests.c inspect/md-guests.h \
	inspect/luks.c inspect/luks.h \
	inspect/parallel.c inspect/parallel.h \
	inspect/cache.c inspect/cache.h
inspect_libglinspect_a_CPPFLAGS += $(HIVEX_CFLAGS)

check_PROGRAMS += tests/unit/test-cache tests/unit/test-verdict \
	tests/unit/test-part-overlap tests/unit/test-winreg tests/unit/test-contained
TESTS += tests/unit/test-cache tests/unit/test-verdict \
	tests/unit/test-part-overlap tests/unit/test-winreg tests/unit/test-contained
tests_unit_test_contained_SOURCES = tests/unit/test-contained.c
tests_unit_test_contained_LDADD = $(GL_LIBS)
tests_unit_test_winreg_SOURCES = tests/unit/test-winreg.c
tests_unit_test_winreg_LDADD = $(GL_LIBS)
tests_unit_test_verdict_SOURCES = tests/unit/test-verdict.c
tests_unit_test_verdict_LDADD = $(GL_LIBS)
tests_unit_test_part_overlap_SOURCES = tests/unit/test-part-overlap.c
tests_unit_test_part_overlap_LDADD = $(GL_LIBS)
tests_unit_test_cache_SOURCES = tests/unit/test-cache.c \
	tests/unit/test-report-read.h
tests_unit_test_cache_LDADD = $(GL_LIBS)
