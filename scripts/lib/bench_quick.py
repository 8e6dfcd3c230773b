"""Query commands against `git status` (issue 16, item 4; docs/0021, docs/0028).

`scripts/bench --only quick [--scenarios 10000 --models 10000] [--reps R]` times, each as a whole
process and interleaved run by run with its reference, `git status --porcelain` on the same tree:

- `scencat index` with nothing changed (the freshness check every query command runs first),
- `scencat search --format json 医疗`,
- `scencat show --format json ID` (a scenario in the middle of the folder),
- `scencat list scenarios --format json --limit 50` (one page),

and reports each one's median wall time and median CPU time (user + sys of that child) as a
ratio to `git status`'s medians of the same run. The goal is ≤ 1.0× for all four.

The reference tree is committed once with `.scencat/` ignored by the catalogue's .gitignore, so
`git status` looks at the YAML files only (see `git_reference` in scripts/bench).
"""

import os

GOAL = 1.0


def run_quick(ctx):
    cat = ctx.catalog
    # Up to date first: the timed `index` runs must find nothing changed.
    r = ctx.run(ctx.scencat("index"), env=ctx.env)
    ctx.check(r, "scencat index (bringing the index up to date)")
    ctx.git_reference(cat)
    scen_dir = os.path.join(cat, "scenarios")
    names = sorted(n for n in os.listdir(scen_dir) if n.endswith(".yaml"))
    sid = names[len(names) // 2][:-len(".yaml")]
    def scencat_commands(binary, prefix, note):
        def argv(*args):
            return [binary, *args, "--catalog", cat]
        return [
            (prefix + "noop_index", "index, nothing changed" + note, argv("index", "--verbose")),
            (prefix + "search", "search 医疗" + note, argv("search", "--format", "json", "医疗")),
            (prefix + "show", "show ID" + note, argv("show", "--format", "json", sid)),
            (prefix + "list", "list scenarios --limit 50" + note, argv("list", "scenarios", "--format", "json", "--limit", "50")),
        ]
    commands = [("git_status", "git status (reference)", ["git", "-C", cat, "status", "--porcelain"])]
    commands += scencat_commands(ctx.scencat_bin, "", "")
    # `--compare BINARY`: another scencat (the build before a change) timed in the same run,
    # interleaved, against the same reference. Both must read the same index schema.
    other = getattr(ctx, "compare_bin", None)
    if other:
        commands += scencat_commands(other, "compare_", " [compare]")
    reps = max(ctx.reps, 3)
    samples = {key: [] for key, _, _ in commands}
    dirty = []
    for i in range(reps):
        for key, label, argv in commands:
            r = ctx.run(argv, env=ctx.env)
            ctx.check(r, label)
            if key == "git_status" and r["stdout"].strip():
                dirty.append(r["stdout"].strip()[:400])
            if key.endswith("noop_index") and ": 0 read" not in r["stderr"]:
                ctx.log(f"  warning: `index` was expected to read no file: {r['stderr'].strip()[:300]}")
            samples[key].append(ctx.sample(r))
        ctx.log(f"quick {i + 1}/{reps}: " + ", ".join(f"{k} {samples[k][-1]['wall_s']:.3f}s" for k, _, _ in commands))
    if dirty:
        ctx.log(f"  warning: git status was not clean (the reference then does more than stat): {dirty[0]}")
    summaries = {key: ctx.summary(samples[key]) for key, _, _ in commands}
    ref = summaries["git_status"]
    rows, ratios = [], {}
    for key, label, _ in commands:
        s = summaries[key]
        wall = round(s["median_s"] / ref["median_s"], 3) if ref["median_s"] else None
        cpu = round(s["median_cpu_s"] / ref["median_cpu_s"], 3) if ref["median_cpu_s"] else None
        if key != "git_status":
            ratios[key] = {"wall": wall, "cpu": cpu}
        met = "" if key == "git_status" else ("  met" if wall is not None and wall <= GOAL else "  NOT met")
        rows.append(f"{label:<38} {s['median_s']:.3f} s ({s['min_s']:.3f}–{s['max_s']:.3f})  CPU {s['median_cpu_s']:.3f} s"
                    f"  {s['peak_rss_mb']:.0f} MB   wall {wall:.2f}×  CPU {cpu:.2f}×{met}")
    return {
        "scenario": sid, "reps": reps, "binary": ctx.scencat_bin, "compare_binary": other, "git_status_clean": not dirty, "summaries": summaries, "ratios": ratios,
        "goal": f"≤ {GOAL}× git status, wall", "report": [
            f"whole processes, interleaved, median of {reps}; ratios to git status of the same run (goal ≤ {GOAL}×)",
            f"binary {ctx.scencat_bin}" + (f"; [compare] = {other}" if other else "") + f"; show ID = {sid}",
            *rows,
        ],
    }
