# common/domain/: domain descriptions: what a target hypervisor is (the
# target profiles kvm, xen-hvm, xen-pv), the libvirt domain XML written,
# and the source configs read (an xl/xm config via libxlutil, libvirt XML
# via libxml2, a libvirt domain by name: convert's --source-config and -d,
# batch's --from-xen-dir).  May use: common/utils (and libxlutil,
# libxml2, libvirt).
noinst_LIBRARIES += common/domain/libgldomain.a
common_domain_libgldomain_a_CPPFLAGS = $(ROOM_UTILS) $(ROOM_DOMAIN)
common_domain_libgldomain_a_SOURCES = \
	common/domain/target.c common/domain/target.h \
	common/domain/domain-xml.c common/domain/domain-xml.h \
	common/domain/netmap.c common/domain/netmap.h \
	common/domain/source-config.c common/domain/source-config.h \
	common/domain/source-config-impl.h \
	common/domain/source-xl.c common/domain/source-libvirt.c \
	common/domain/source-domain.c
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

check_PROGRAMS += tests/unit/test-source-config
TESTS += tests/unit/test-source-config
tests_unit_test_source_config_SOURCES = tests/unit/test-source-config.c
tests_unit_test_source_config_LDADD = $(GL_LIBS)

# The source config readers' fuzz target needs libxml2, libxlutil and
# libxenlight: added for the targets that link the readers only (GNU make
# target-specific variables), so the other fuzz targets stay as they are.
# batch's manifest fuzz target links them too (--from-xen-dir).
SOURCE_CONFIG_FUZZ_SRC = common/domain/source-config.c \
	common/domain/source-xl.c common/domain/source-libvirt.c
FUZZ_TARGETS += tests/fuzz/fuzz-source-config
tests/fuzz/fuzz-source-config: $(SOURCE_CONFIG_FUZZ_SRC)
tests/fuzz/fuzz-source-config: FUZZ_PURE_SRC += $(SOURCE_CONFIG_FUZZ_SRC)
tests/fuzz/fuzz-source-config: FUZZ_CFLAGS += $(LIBXML2_CFLAGS) $(XLUTIL_CFLAGS) $(XENLIGHT_CFLAGS)
tests/fuzz/fuzz-source-config: FUZZ_LIBS += $(LIBXML2_LIBS) $(XLUTIL_LIBS) $(XENLIGHT_LIBS)
EXTRA_DIST += tests/fuzz/corpus/source-config
