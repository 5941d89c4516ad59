/* guestlift: can this host run guests under KVM?
 *
 * Where /dev/kvm exists but cannot run guests (nested hosts: qemu hangs
 * or aborts with "failed to set MSR"), guestlift uses TCG by itself, says
 * so once (a note: note.h) and remembers the answer in the cache folder
 * (cache-dir.h), keyed by the host kernel release: a different host, or
 * a moved cache, probes again.
 */
#ifndef GUESTLIFT_HOST_KVM_H
#define GUESTLIFT_HOST_KVM_H

#include <stdbool.h>

#include "note.h"

/* Which accelerator qemu should use on this host: true = KVM works,
 * false = use TCG.  Decided once per process (the remembered answer, or
 * a probe that boots the host's own kernel under KVM for a few seconds
 * at most); thread-safe: callers side by side wait for one probe.  When
 * the answer is TCG, NOTE hears why (once per process, whoever asks). */
bool gl_host_kvm_usable (const struct gl_note_sink *note);

/* KVM failed to run a guest after all (qemu said WHY): from now on the
 * answer is TCG, here and in the remembered answer; NOTE hears it (once
 * per process, as above). */
void gl_host_kvm_failed (const char *why, const struct gl_note_sink *note);

#endif
