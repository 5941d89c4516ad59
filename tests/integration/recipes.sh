#!/bin/bash
# The cluster recipes of guestlift-audit(1) and guestlift-batch(1), taken
# from the man pages themselves (so the pages cannot drift from what is
# tested) and run here as far as this machine allows: the Slurm scripts
# and the Kubernetes Indexed Jobs' container scripts run under sh with
# SLURM_ARRAY_TASK_ID / JOB_COMPLETION_INDEX set by hand.
#  - with a stand-in guestlift that exits 0, 1, 2, 3 or 130: the task
#    succeeds on 0 and 3 (blocked guests are a finding) and fails, with
#    the same status, otherwise; the shard given is the task's (K/N,
#    1-based), and N is the Job's completions / the array's size;
#  - the Jobs' YAML: Indexed, restartPolicy Never, and no podFailurePolicy
#    rule that would "Ignore" exit 3 (that restarts the pod without end);
#  - with the real guestlift (its appliance fails at once: LIBGUESTFS_PATH
#    names an empty folder): every audit task of the recipe, then the
#    page's merge command, gives the unsharded audit's report; the batch
#    recipes' command lines are accepted (no usage error).
. "$top_srcdir/tests/lib.sh"
require_prog python3

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# recipe POD MARKER: the verbatim block that follows the first line
# starting with MARKER in POD, its one-space indent removed.
recipe () {
  awk -v m="$2" '
    !found && index($0, m) == 1 { found = 1; next }
    found && /^ / { inblock = 1; print substr($0, 2); next }
    found && inblock && /^[^ ]/ { exit }
    found && inblock { print "" }' "$1"
}

# here PATHS...: the recipe on stdin with its absolute paths moved
# under $tmp.
here () {
  sed -e "s|/srv/|$tmp/srv/|g" -e "s|/fleet/|$tmp/fleet/|g"
}

# The container script of a Job (YAML on stdin): command + args[0].
job_script () {
  python3 -c '
import sys, yaml
job = yaml.safe_load(sys.stdin)
c = job["spec"]["template"]["spec"]["containers"][0]
assert c["command"] == ["/bin/sh", "-c"], c["command"]
print(c["args"][0])'
}

# job_facts: facts of a Job (YAML on stdin) the tests check.
job_facts () {
  python3 -c '
import sys, yaml
job = yaml.safe_load(sys.stdin)
s = job["spec"]
t = s["template"]["spec"]
name = t["containers"][0]["name"]
rules = s.get("podFailurePolicy", {}).get("rules", [])
ignore3 = any(r["action"] == "Ignore" and 3 in r.get("onExitCodes", {}).get("values", [])
              for r in rules)
fail2 = any(r["action"] == "FailJob" and r["onExitCodes"]["values"] == [2]
            and r["onExitCodes"].get("containerName", name) == name for r in rules)
print(job["kind"], s["completionMode"], t["restartPolicy"], s["completions"],
      "ignore3" if ignore3 else "-", "fail2" if fail2 else "-")'
}

mkdir -p "$tmp/stub" "$tmp/srv/images" "$tmp/srv/audit" "$tmp/fleet/out" "$tmp/work"
cat > "$tmp/stub/guestlift" <<'SH'
#!/bin/sh
# A stand-in: records its arguments, prints an empty report, exits $STUB_RC.
printf '%s\n' "$@" > "$STUB_ARGS"
echo '{"images": []}'
exit "$STUB_RC"
SH
chmod +x "$tmp/stub/guestlift"
export STUB_ARGS=$tmp/args

docs=$top_srcdir/docs
recipe "$docs/guestlift-audit.pod" 'B<A Slurm job array>' | here > "$tmp/audit-slurm.sh"
recipe "$docs/guestlift-audit.pod" 'B<A Kubernetes Indexed Job>' > "$tmp/audit-job.yaml"
recipe "$docs/guestlift-batch.pod" 'A Slurm job array' | here > "$tmp/batch-slurm.sh"
recipe "$docs/guestlift-batch.pod" 'A Kubernetes Indexed Job' > "$tmp/batch-job.yaml"
recipe "$docs/guestlift-audit.pod" 'B<Merging> the shards' | here > "$tmp/merge.sh"
for f in audit-slurm.sh audit-job.yaml batch-slurm.sh batch-job.yaml merge.sh; do
  if [ -s "$tmp/$f" ]; then ok=0; else ok=1; fi
  tap_result $ok "the recipe $f is found in the man pages"
done

for what in audit batch; do
  yaml=$tmp/$what-job.yaml
  facts=$(job_facts < "$yaml")
  set -- $facts
  tap_is "$1 $2 $3" "Job Indexed Never" "$what Job: an Indexed Job whose pods are not restarted in place"
  tap_is "$5" "-" "$what Job: no podFailurePolicy rule ignores exit 3 (a pod retried without end)"
  tap_is "$6" "fail2" "$what Job: a usage error (exit 2) fails the Job at once"
  completions=$4
  here < "$yaml" | job_script > "$tmp/$what-job.sh"
  if grep -q "/$completions\"" "$tmp/$what-job.sh"; then ok=0; else ok=1; fi
  tap_result $ok "$what Job: the script's --shard K/N has N = completions ($completions)"
  array=$(sed -n 's/^#SBATCH .*--array=1-\([0-9]*\).*/\1/p' "$tmp/$what-slurm.sh")
  if [ -n "$array" ] && grep -q "/$array\"" "$tmp/$what-slurm.sh"; then ok=0; else ok=1; fi
  tap_result $ok "$what Slurm array: --shard K/N has N = the array's size (${array:-none})"

  # The task's status for each status of guestlift, and the shard it got.
  for rc in 0 3 1 2 130; do
    want=$rc; [ $rc = 3 ] && want=0
    (cd "$tmp/work" && STUB_RC=$rc PATH=$tmp/stub:$PATH JOB_COMPLETION_INDEX=4 \
       sh "$tmp/$what-job.sh" > /dev/null 2>&1)
    got=$?
    shard=$(grep -A1 -x -- --shard "$STUB_ARGS" | tail -n 1)
    tap_is "$got $shard" "$want 5/$completions" \
      "$what Job, index 4: guestlift exits $rc: the task exits $want, shard 5/$completions"
    (cd "$tmp/work" && STUB_RC=$rc PATH=$tmp/stub:$PATH SLURM_ARRAY_TASK_ID=5 \
       sh "$tmp/$what-slurm.sh" > /dev/null 2>&1)
    got=$?
    shard=$(grep -A1 -x -- --shard "$STUB_ARGS" | tail -n 1)
    tap_is "$got $shard" "$want 5/$array" \
      "$what Slurm task 5: guestlift exits $rc: the task exits $want, shard 5/$array"
  done
done
if [ -s "$tmp/srv/audit/shard-5.json" ]; then ok=0; else ok=1; fi
tap_result $ok "the audit recipes write the shard's report to shard-K.json"

# The real guestlift: the audit recipes, task by task, then the merge.
export LIBGUESTFS_BACKEND=direct LIBGUESTFS_PATH=$tmp/empty XDG_CACHE_HOME=$tmp/cache
mkdir "$tmp/empty" "$tmp/bin"
ln -s "$(cd "$(dirname "$GUESTLIFT")" && pwd)/$(basename "$GUESTLIFT")" "$tmp/bin/guestlift"
export PATH=$tmp/bin:$PATH
for n in 1 2 3; do truncate -s 1M "$tmp/srv/images/disk-$n.img"; done
ls "$tmp"/srv/images/*.img > "$tmp/srv/images/list.txt"
"$GUESTLIFT" audit -q --from "$tmp/srv/images/list.txt" > "$tmp/whole.json" 2>/dev/null
for flavour in slurm job; do
  rm -f "$tmp"/srv/audit/*.json
  failed=0
  for k in $(seq 1 8); do
    if [ $flavour = slurm ]; then
      (cd "$tmp/work" && SLURM_ARRAY_TASK_ID=$k sh "$tmp/audit-slurm.sh" 2>/dev/null)
    else
      (cd "$tmp/work" && JOB_COMPLETION_INDEX=$((k - 1)) sh "$tmp/audit-job.sh" 2>/dev/null)
    fi
    [ $? = 0 ] || failed=$((failed + 1))
  done
  # 3 images in 8 shards: 3 shards fail (their appliance), 5 are empty.
  tap_is "$failed" 3 \
    "audit $flavour recipe, real guestlift: 3 tasks fail (the images' errors), 5 succeed"
  (cd "$tmp/work" && sh "$tmp/merge.sh")
  tap_is "$?" 1 "the page's merge command exits 1 (the images' errors)"
  tap_is "$(python3 -c 'import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
print(len(a["images"]), a == b)' "$tmp/srv/audit/audit.json" "$tmp/whole.json")" "3 True" \
    "audit $flavour recipe + merge: the report of the unsharded audit"
done

# The batch recipes with the real guestlift: a shard with a guest and an
# empty one; their command lines are accepted.
for n in 1 2; do
  printf '{"name": "g%s", "disks": ["%s"]}\n' "$n" "$tmp/srv/images/disk-$n.img"
done | python3 -c 'import json, sys
print(json.dumps({"guests": [json.loads(l) for l in sys.stdin]}))' > "$tmp/fleet/manifest.json"
cp "$tmp/fleet/manifest.json" "$tmp/work/manifest.json"
# 2 guests in 8 shards: shards 4 and 8 hold one each, the others none.
(cd "$tmp/work" && SLURM_ARRAY_TASK_ID=8 sh "$tmp/batch-slurm.sh" > /dev/null 2>&1)
tap_is "$?" 1 "batch Slurm recipe, real guestlift: the shard with a guest fails (its inspection)"
if [ -f "$tmp/work/out/shard-8/batch-state.json" ]; then ok=0; else ok=1; fi
tap_result $ok "batch Slurm recipe: the shard's state is in out/shard-K"
(cd "$tmp/work" && SLURM_ARRAY_TASK_ID=1 sh "$tmp/batch-slurm.sh" > /dev/null 2>&1)
tap_is "$?" 0 "batch Slurm recipe, real guestlift: an empty shard succeeds"
(cd "$tmp/work" && JOB_COMPLETION_INDEX=3 sh "$tmp/batch-job.sh" > /dev/null 2>&1)
tap_is "$?" 1 "batch Job recipe, real guestlift: the shard with a guest fails (its inspection)"
if [ -s "$tmp/fleet/out/shard-4.json" ]; then ok=0; else ok=1; fi
tap_result $ok "batch Job recipe: the shard's report is written (--report)"
(cd "$tmp/work" && JOB_COMPLETION_INDEX=0 sh "$tmp/batch-job.sh" > /dev/null 2>&1)
tap_is "$?" 0 "batch Job recipe, real guestlift: an empty shard succeeds"

tap_done
