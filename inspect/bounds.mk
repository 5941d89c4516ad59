# inspect/: pure helpers for the bounds of the inspection: the words of a
# warning about data a bound dropped, and partitions that show one
# filesystem (a hostile partition table).
libguestlift_a_SOURCES += \
	inspect/bounds.c inspect/bounds.h \
	inspect/part-overlap.c inspect/part-overlap.h

check_PROGRAMS += tests/unit/test-bounds tests/unit/test-part-overlap
TESTS += tests/unit/test-bounds tests/unit/test-part-overlap
tests_unit_test_bounds_SOURCES = tests/unit/test-bounds.c
tests_unit_test_bounds_LDADD = $(GL_LIBS)
tests_unit_test_part_overlap_SOURCES = tests/unit/test-part-overlap.c
tests_unit_test_part_overlap_LDADD = $(GL_LIBS)
