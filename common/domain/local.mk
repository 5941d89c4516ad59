# common/domain/: what a target hypervisor is: the target profiles (kvm,
# xen-hvm, xen-pv) and the libvirt domain XML writer.  May use:
# common/utils.
noinst_LIBRARIES += common/domain/libgldomain.a
common_domain_libgldomain_a_CPPFLAGS = $(ROOM_UTILS) $(ROOM_DOMAIN)
common_domain_libgldomain_a_SOURCES = \
	common/domain/target.c common/domain/target.h \
	common/domain/domain-xml.c common/domain/domain-xml.h \
	common/domain/netmap.c common/domain/netmap.h
# target.c is pure: the rewriters' fuzz target links it.
FUZZ_PURE_SRC += common/domain/target.c

check_PROGRAMS += tests/unit/test-target tests/unit/domain-xml-sample
TESTS += tests/unit/test-target tests/unit/test-domain-xml.sh
EXTRA_DIST += tests/unit/test-domain-xml.sh
tests_unit_test_target_SOURCES = tests/unit/test-target.c
tests_unit_test_target_LDADD = $(GL_LIBS)
tests_unit_domain_xml_sample_SOURCES = tests/unit/domain-xml-sample.c
tests_unit_domain_xml_sample_LDADD = $(GL_LIBS)

check_PROGRAMS += tests/unit/test-netmap
TESTS += tests/unit/test-netmap
tests_unit_test_netmap_SOURCES = tests/unit/test-netmap.c
tests_unit_test_netmap_LDADD = $(GL_LIBS)
