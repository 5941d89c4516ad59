# convert/: the pure parts of "guestlift convert": target profiles, the
# Xen guest's definition (xl/xm config via libxlutil, libvirt XML via
# libxml2) and the libvirt domain XML writer.
libguestlift_a_SOURCES += \
	convert/target.c convert/target.h \
	convert/source-config.c convert/source-config.h \
	convert/source-config-impl.h \
	convert/source-xl.c convert/source-libvirt.c \
	convert/domain-xml.c convert/domain-xml.h

check_PROGRAMS += tests/unit/test-source-config tests/unit/test-target \
	tests/unit/domain-xml-sample
TESTS += tests/unit/test-source-config tests/unit/test-target \
	tests/unit/test-domain-xml.sh
EXTRA_DIST += tests/unit/test-domain-xml.sh
tests_unit_test_source_config_SOURCES = tests/unit/test-source-config.c
tests_unit_test_source_config_LDADD = $(GL_LIBS)
tests_unit_test_target_SOURCES = tests/unit/test-target.c
tests_unit_test_target_LDADD = $(GL_LIBS)
tests_unit_domain_xml_sample_SOURCES = tests/unit/domain-xml-sample.c
tests_unit_domain_xml_sample_LDADD = $(GL_LIBS)

# The fuzz target links the source config readers, which need libxml2,
# libxlutil and libxenlight: added for this target only (GNU make
# target-specific variables), so the other fuzz targets stay as they are.
CONVERT_FUZZ_SRC = \
	convert/source-config.c convert/source-xl.c convert/source-libvirt.c
FUZZ_TARGETS += tests/fuzz/fuzz-source-config
tests/fuzz/fuzz-source-config: $(CONVERT_FUZZ_SRC)
tests/fuzz/fuzz-source-config: FUZZ_PURE_SRC += $(CONVERT_FUZZ_SRC)
tests/fuzz/fuzz-source-config: FUZZ_CFLAGS += $(LIBXML2_CFLAGS) $(XLUTIL_CFLAGS) $(XENLIGHT_CFLAGS)
tests/fuzz/fuzz-source-config: FUZZ_LIBS += $(LIBXML2_LIBS) $(XLUTIL_LIBS) $(XENLIGHT_LIBS)
EXTRA_DIST += tests/fuzz/corpus/source-config
