# launch/: guestlift launch -- kernel/initrd extraction and cache, the
# kernel command line, the console watcher, and the backends (qemu,
# libvirt, xl) as a table of operations.  See launch/backend.h.
# May use: common/utils, common/guestfs, common/domain, the report model
# (inspect/report).
noinst_LIBRARIES += launch/libgllaunch.a
launch_libgllaunch_a_CPPFLAGS = $(ROOM_UTILS) $(ROOM_GUESTFS) $(ROOM_DOMAIN) \
	$(ROOM_REPORT) $(ROOM_LAUNCH)
launch_libgllaunch_a_SOURCES = \
	launch/launch.h launch/hypervisor.c \
	launch/kernel-cache.c launch/kernel-cache.h \
	launch/cmdline.c launch/cmdline.h \
	launch/watch.c launch/watch.h \
	launch/backend.c launch/backend.h \
	launch/domain-file.c launch/domain-file.h \
	launch/backend-qemu.c launch/backend-libvirt.c launch/backend-xen.c

# The Xen backend gives libxenctrl a silent logger (libxentoollog): it
# reports "not a Xen host" itself, once.
GL_LIBS += -lxentoollog

# cmdline.c and the watch matcher are pure: unit tests.
check_PROGRAMS += tests/unit/test-cmdline tests/unit/test-watch tests/unit/test-domain-file
TESTS += tests/unit/test-cmdline tests/unit/test-watch tests/unit/test-domain-file
tests_unit_test_cmdline_SOURCES = tests/unit/test-cmdline.c
tests_unit_test_cmdline_LDADD = $(GL_LIBS)
tests_unit_test_watch_SOURCES = tests/unit/test-watch.c
tests_unit_test_watch_LDADD = $(GL_LIBS)
tests_unit_test_domain_file_SOURCES = tests/unit/test-domain-file.c
tests_unit_test_domain_file_LDADD = $(GL_LIBS)

# Its integration test (launch.sh: real boots under TCG and every
# --dry-run) is registered in tests/integration/local.mk.
