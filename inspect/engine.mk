# inspect/ (engine): appliance policy, image probing, per-guest inspection
# steps and the KVM verdict.  May call common/, the inspect/ parsers and
# libguestfs; nothing else opens guest filesystems.
libguestlift_a_SOURCES += \
	inspect/appliance.c inspect/appliance.h \
	inspect/watchdog.c inspect/watchdog.h \
	inspect/image-probe.c inspect/image-probe.h \
	inspect/guest-io.c inspect/guest-io.h \
	inspect/guest-memo.c inspect/guest-memo.h \
	inspect/guest.c inspect/guest.h \
	inspect/guest-fs.c inspect/os-facts.c inspect/kernels.c \
	inspect/bootloader.c inspect/bls-load.c inspect/bls-load.h \
	inspect/guest-xen.c inspect/verdict.c \
	inspect/engine.c inspect/engine.h \
	inspect/lvm-guests.c inspect/lvm-guests.h \
	inspect/parallel.c inspect/parallel.h

check_PROGRAMS += tests/unit/test-guest-memo
TESTS += tests/unit/test-guest-memo
tests_unit_test_guest_memo_SOURCES = tests/unit/test-guest-memo.c
tests_unit_test_guest_memo_LDADD = $(GL_LIBS)
