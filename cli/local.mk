# cli/: the guestlift program: subcommand table, options, exit status.
# May call everything else.
bin_PROGRAMS += guestlift
guestlift_SOURCES = cli/main.c cli/subcommands.h \
	cli/common-opts.c cli/common-opts.h cli/output.c cli/output.h cli/image-list.c cli/image-list.h cli/cmd-inspect.c cli/cmd-audit.c cli/cmd-audit-merge.c cli/audit-merge.h cli/cmd-convert.c cli/inputs.c cli/inputs.h cli/cmd-launch.c \
	cli/cmd-batch.c cli/batch-audit.c cli/batch-audit.h
guestlift_LDADD = $(GL_LIBS)

# -v, -x and -V on every subcommand (no appliance).
TESTS += tests/integration/common-opts.sh
EXTRA_DIST += tests/integration/common-opts.sh
# The default report format off a terminal (no appliance).
TESTS += tests/integration/output-default.sh
EXTRA_DIST += tests/integration/output-default.sh
# audit --merge on sample and real shard reports (no appliance).
TESTS += tests/integration/audit-merge.sh
EXTRA_DIST += tests/integration/audit-merge.sh

# bash completion, installed where bash-completion looks (configure.ac).
bashcompletiondir = $(BASH_COMPLETION_DIR)
dist_bashcompletion_DATA = cli/completion/guestlift
# Completing subcommands, options, their values and files (bash only).
TESTS += tests/integration/completion.sh
EXTRA_DIST += tests/integration/completion.sh
