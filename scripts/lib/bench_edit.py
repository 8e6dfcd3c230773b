"""Editing at scale: `scencat set` on the large catalogue, against `scencat index` with nothing
changed (the freshness scan every command starts with) measured in the same run.

A `set` is that scan, plus reading one file, checking it against the index, the write lock, an
atomic write, indexing that one file and the journal entry; the difference of the two medians is
what a save itself costs. After the saves, `index -v` must read no file: the save indexed it.
"""

import os


def run_edit(ctx):
    scen_dir = os.path.join(ctx.catalog, "scenarios")
    names = sorted(os.listdir(scen_dir))
    sid = names[len(names) // 3][:-len(".yaml")]
    reps = max(ctx.reps, 5)
    noop, sets = [], []
    for i in range(reps):
        ctx.log(f"index (nothing changed) {i + 1}/{reps}")
        r = ctx.run(ctx.scencat("index"), env=ctx.env)
        ctx.check(r, "scencat index")
        noop.append(ctx.sample(r))
        ctx.log(f"set {sid} title=… {i + 1}/{reps}")
        r = ctx.run(ctx.scencat("set", sid, f"title=基准测试标题{'改' * (i + 1)}"), env=ctx.env)
        ctx.check(r, "scencat set")
        sets.append(ctx.sample(r))
        ctx.log(f"  index {noop[-1]['wall_s']:.2f}s, set {sets[-1]['wall_s']:.2f}s")
    after = ctx.run(ctx.scencat("index", "--verbose"), env=ctx.env)
    ctx.check(after, "scencat index after the saves")
    read_after = after["stderr"].strip()
    undo = ctx.run(ctx.scencat("undo"), env=ctx.env)
    ctx.check(undo, "scencat undo")
    n, s = ctx.summary(noop), ctx.summary(sets)
    ratio = round(s["median_s"] / n["median_s"], 2) if n["median_s"] else None
    save_cost = round(s["median_s"] - n["median_s"], 3) if n["median_s"] else None
    return {
        "scenario": sid, "noop_index": n, "set": s, "set_vs_noop_index": ratio, "save_cost_s": save_cost,
        "index_after_saves": read_after, "undo_s": round(undo["wall_s"], 3),
        "report": [
            f"scencat set (one scenario's title), median of {reps}: {s['median_s']:.2f} s, peak {s['peak_rss_mb']:.0f} MB",
            f"scencat index with nothing changed (same run):   {n['median_s']:.2f} s",
            f"ratio set / no-op index: {ratio}×; the save itself: {save_cost} s",
            f"index after the saves: {read_after}",
            f"scencat undo: {undo['wall_s']:.2f} s",
        ],
    }
