"""Git sync at scale: the large catalogue in a git repository with a bare remote beside it.

1. `scencat sync --dry-run` with 10 scenarios changed in the work tree (goal: at most 1 s), against
   `git status --porcelain` + `git diff --stat` in the same run (what a person types to see the same).
2. A remote change of 1,000 scenarios (one commit) merged into a clone that has a commit of its own:
   `scencat sync` (index check, fetch, merge with the entity driver, re-index of the changed files,
   validation, merge commit, push), against `git merge` alone, against `git fetch` + `git merge`
   + `git push`, and against doing it by hand (`git fetch`, `git merge`, `scencat index`, `git push`),
   measured in the same run. The sync's output says how many files the index re-read:
   it must be the 1,000 (plus the merge's other changes), not 100,000.

The repository is made once (bench-data/sync-<catalogue>/, about 2 minutes at 100k: a copy of the
catalogue and its index, one commit of every file, a push to the bare remote) and reused while the
generated catalogue is the same. Every run starts from the same commit. The remote's 1,000 changes are
written with git plumbing into the bare repository (no second work tree of 100,000 files).
"""

import os
import shutil
import subprocess

SETUP_VERSION = "2"
ATTRIBUTES = ("# scencat: entity files merge field by field (scencat merge-driver, registered by scencat init/sync)\n"
              "scenarios/*.yaml merge=scencat\nmodels/*.yaml merge=scencat\ncenters/*.yaml merge=scencat\n")
IDENTITY = {"GIT_AUTHOR_NAME": "scencat bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
            "GIT_COMMITTER_NAME": "scencat bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}


def git(args, cwd, env, input=None, check=True):
    r = subprocess.run(["git", *args], cwd=cwd, env=env, input=input, capture_output=True)
    if check and r.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed: {r.stderr.decode('utf-8', 'replace')[-2000:]}")
    return r.stdout.decode("utf-8", "replace")


def retitle(text, tag):
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("title: "):
            v = line[len("title: "):]
            if len(v) >= 2 and v[0] in "'\"" and v[-1] == v[0]:
                lines[i] = "title: " + v[:-1] + tag + v[-1]
            else:
                lines[i] = line + tag
            return "\n".join(lines)
    raise RuntimeError("no title line")


def setup(ctx, env):
    """The repository, made once per generated catalogue: work/ (the catalogue, top of its repo) and remote.git."""
    name = os.path.basename(ctx.catalog.rstrip("/"))
    base = os.path.join(ctx.data, "sync-" + name)
    work, remote = os.path.join(base, "work"), os.path.join(base, "remote.git")
    marker = os.path.join(base, ".bench-complete")
    try:
        with open(os.path.join(ctx.catalog, ".bench-complete")) as f:
            want = f.read().strip() + " sync " + SETUP_VERSION
    except OSError:
        want = "unknown"
    try:
        with open(marker) as f:
            lines = f.read().split("\n")
        if lines[0] == want:
            return base, work, remote, lines[1]
    except (OSError, IndexError):
        pass
    ctx.log(f"making the sync repository {os.path.relpath(base, os.path.dirname(ctx.data))} (once; about 2 minutes at 100k)")
    shutil.rmtree(base, ignore_errors=True)
    os.makedirs(base)
    # A copy keeps the time stamps (cp -a), so the copied index is current for the copied files.
    subprocess.run(["cp", "-a", ctx.catalog, work], check=True)
    for junk in (".bench-complete",):
        try:
            os.remove(os.path.join(work, junk))
        except OSError:
            pass
    with open(os.path.join(work, ".gitignore"), "w") as f:
        f.write(".scencat/\n")
    with open(os.path.join(work, ".gitattributes"), "w") as f:
        f.write(ATTRIBUTES)
    git(["init", "--quiet", "--initial-branch", "main"], work, env)
    # No automatic gc in the background of a timed run: the repositories are packed once, below.
    git(["config", "gc.auto", "0"], work, env)
    git(["config", "maintenance.auto", "false"], work, env)
    git(["add", "--all"], work, env)
    git(["commit", "--quiet", "-m", "Generated catalogue"], work, env)
    git(["init", "--quiet", "--bare", "--initial-branch", "main", remote], base, env)
    git(["config", "gc.auto", "0"], remote, env)
    git(["config", "receive.autogc", "false"], remote, env)
    git(["remote", "add", "origin", remote], work, env)
    git(["push", "--quiet", "--set-upstream", "origin", "main"], work, env)
    # Packed, as a repository that has lived a while is: no automatic gc inside a timed run.
    git(["gc", "--quiet"], work, env)
    git(["gc", "--quiet"], remote, env)
    head = git(["rev-parse", "HEAD"], work, env).strip()
    with open(marker, "w") as f:
        f.write(want + "\n" + head + "\n")
    return base, work, remote, head


def scencat(ctx, catalog, *args):
    return [ctx.scencat_bin, *args, "--catalog", catalog]


def reset(ctx, work, remote, env, to, remote_to, tracking_to):
    """Work tree at `to`, the remote's main at `remote_to`, the remote-tracking ref at `tracking_to`, index current."""
    git(["checkout", "--quiet", "main"], work, env, check=False)
    git(["merge", "--abort"], work, env, check=False)
    git(["reset", "--quiet", "--hard", to], work, env)
    git(["update-ref", "refs/heads/main", remote_to], remote, env)
    git(["update-ref", "refs/remotes/origin/main", tracking_to], work, env)
    r = ctx.run(scencat(ctx, work, "index"), env=env)
    ctx.check(r, "scencat index (before a timed run)")


def remote_change(work, remote, env, base_commit, paths, tag):
    """A commit on top of `base_commit` in the bare remote that retitles `paths`, made with plumbing."""
    index_file = os.path.join(os.path.dirname(remote), "bench-index")
    penv = dict(env, GIT_INDEX_FILE=index_file)
    git(["--git-dir", remote, "read-tree", base_commit], work, penv)
    tmp = os.path.join(os.path.dirname(remote), "bench-blobs")
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    files = []
    for i, text in enumerate(blobs(remote, work, env, [f"{base_commit}:{p}" for p in paths])):
        f = os.path.join(tmp, f"{i}.yaml")
        with open(f, "w", encoding="utf-8") as out:
            out.write(retitle(text, tag))
        files.append(f)
    oids = git(["--git-dir", remote, "hash-object", "-w", "--stdin-paths"], work, env, input="\n".join(files).encode() + b"\n").split()
    info = "".join(f"100644 {oid}\t{p}\n" for oid, p in zip(oids, paths))
    git(["--git-dir", remote, "update-index", "--index-info"], work, penv, input=info.encode())
    tree = git(["--git-dir", remote, "write-tree"], work, penv).strip()
    commit = git(["--git-dir", remote, "commit-tree", tree, "-p", base_commit, "-m",
                  f"Update {len(paths)} scenarios (remote office)"], work, env).strip()
    shutil.rmtree(tmp, ignore_errors=True)
    os.remove(index_file)
    # As a push would leave them: in a pack, not as 1,000 loose objects.
    git(["--git-dir", remote, "repack", "-d", "-q"], work, env)
    return commit


def blobs(git_dir, cwd, env, specs):
    """The texts of many objects from one `git cat-file --batch`."""
    out = subprocess.run(["git", "--git-dir", git_dir, "cat-file", "--batch"], cwd=cwd, env=env, check=True,
                         input=("\n".join(specs) + "\n").encode(), capture_output=True).stdout
    texts, i = [], 0
    while len(texts) < len(specs):
        nl = out.index(b"\n", i)
        size = int(out[i:nl].split()[2])
        texts.append(out[nl + 1:nl + 1 + size].decode("utf-8"))
        i = nl + 1 + size + 1
    return texts


def run_sync(ctx):
    env = dict(ctx.env, **IDENTITY)
    base, work, remote, start = setup(ctx, env)
    names = sorted(n for n in os.listdir(os.path.join(work, "scenarios")) if n.endswith(".yaml"))
    reps = max(ctx.reps, 3)

    # 1. dry run with 10 changed scenarios
    reset(ctx, work, remote, env, start, start, start)
    ten = [f"scenarios/{names[(k * 7919) % len(names)]}" for k in range(10)]
    for p in ten:
        full = os.path.join(work, p)
        with open(full, encoding="utf-8") as f:
            text = f.read()
        with open(full, "w", encoding="utf-8") as f:
            f.write(retitle(text, "（同步基准）"))
    dry, status, diffstat = [], [], []
    plan_head = ""
    for i in range(reps):
        r = ctx.run(scencat(ctx, work, "sync", "--dry-run"), env=env)
        ctx.check(r, "scencat sync --dry-run")
        if "Local changes to commit (10):" not in r["stdout"]:
            raise RuntimeError("the plan does not list the 10 changes:\n" + r["stdout"][:2000])
        plan_head = r["stdout"]
        dry.append(ctx.sample(r))
        s = ctx.run(["git", "-C", work, "status", "--porcelain"], env=env)
        ctx.check(s, "git status")
        status.append(ctx.sample(s))
        d = ctx.run(["git", "-C", work, "diff", "--stat"], env=env)
        ctx.check(d, "git diff --stat")
        diffstat.append(ctx.sample(d))
        ctx.log(f"dry run {i + 1}/{reps}: {dry[-1]['wall_s']:.3f}s; git status {status[-1]['wall_s']:.3f}s + diff --stat {diffstat[-1]['wall_s']:.3f}s")
    git(["checkout", "--quiet", "--", *ten], work, env)
    dry_s, st_s, ds_s = ctx.summary(dry), ctx.summary(status), ctx.summary(diffstat)
    git_view = st_s["median_s"] + ds_s["median_s"]

    # 2. a remote change of 1,000 scenarios merged into a clone with a commit of its own
    thousand = [f"scenarios/{names[(k * 97 + 13) % len(names)]}" for k in range(1000)]
    thousand = sorted(set(thousand))
    mine = next(f"scenarios/{n}" for n in names[len(names) // 2:] if f"scenarios/{n}" not in thousand)
    reset(ctx, work, remote, env, start, start, start)
    with open(os.path.join(work, mine), encoding="utf-8") as f:
        text = f.read()
    with open(os.path.join(work, mine), "w", encoding="utf-8") as f:
        f.write(retitle(text, "（本地修订）"))
    git(["commit", "--quiet", "-am", "Local change"], work, env)
    local = git(["rev-parse", "HEAD"], work, env).strip()
    syncs, merges, fetches, pushes, indexes = [], [], [], [], []
    reindexed, index_line = "", ""
    for i in range(reps):
        # A new remote commit for every timed run (the sync and each baseline fetch new objects, as in use).
        remote_commit = remote_change(work, remote, env, start, thousand, f"（远程修订{i}甲）")
        reset(ctx, work, remote, env, local, remote_commit, start)
        r = ctx.run(scencat(ctx, work, "sync"), env=env)
        ctx.check(r, "scencat sync")
        line = next((l for l in r["stdout"].splitlines() if l.startswith("re-indexed")), "")
        if not line or "merged 1 commit" not in r["stdout"] or "pushed" not in r["stdout"]:
            raise RuntimeError("unexpected sync output:\n" + r["stdout"] + r["stderr"][-2000:])
        reindexed = line
        syncs.append(ctx.sample(r))
        # Baselines: git alone, from the same starting point, with a remote commit of its own.
        remote_commit = remote_change(work, remote, env, start, thousand, f"（远程修订{i}乙）")
        reset(ctx, work, remote, env, local, remote_commit, start)
        f = ctx.run(["git", "-C", work, "fetch", "--quiet", "origin"], env=env)
        ctx.check(f, "git fetch")
        fetches.append(ctx.sample(f))
        m = ctx.run(["git", "-C", work, "merge", "--quiet", "--no-edit", "-X", "no-renames", "origin/main"], env=env)
        ctx.check(m, "git merge")
        merges.append(ctx.sample(m))
        x = ctx.run(scencat(ctx, work, "index", "--verbose"), env=env)
        ctx.check(x, "scencat index after git merge")
        indexes.append(ctx.sample(x))
        index_line = x["stderr"].strip().splitlines()[-1] if x["stderr"].strip() else ""
        p = ctx.run(["git", "-C", work, "push", "--quiet", "origin", "main"], env=env)
        ctx.check(p, "git push")
        pushes.append(ctx.sample(p))
        ctx.log(f"merge {i + 1}/{reps}: scencat sync {syncs[-1]['wall_s']:.2f}s ({line}); git fetch {fetches[-1]['wall_s']:.2f}s, "
                f"merge {merges[-1]['wall_s']:.2f}s, scencat index {indexes[-1]['wall_s']:.2f}s ({index_line}), push {pushes[-1]['wall_s']:.2f}s")
    reset(ctx, work, remote, env, start, start, start)
    sy, me, fe, pu, ix = ctx.summary(syncs), ctx.summary(merges), ctx.summary(fetches), ctx.summary(pushes), ctx.summary(indexes)
    git_sync = fe["median_s"] + me["median_s"] + pu["median_s"]
    by_hand = git_sync + ix["median_s"]
    return {
        "repository": os.path.relpath(base, os.path.dirname(ctx.data)),
        "dry_run_10": dry_s, "git_status": st_s, "git_diff_stat": ds_s,
        "dry_run_vs_git_status_and_diffstat": round(dry_s["median_s"] / git_view, 2) if git_view else None,
        "dry_run_goal_s": 1.0, "dry_run_goal_met": dry_s["median_s"] <= 1.0,
        "merge_1000": {"remote_files_changed": len(thousand), "reindexed": reindexed},
        "sync_merge_1000": sy, "git_merge": me, "git_fetch": fe, "git_push": pu, "index_after_git_merge": ix,
        "index_after_git_merge_output": index_line,
        "sync_vs_git_and_index_by_hand": round(sy["median_s"] / by_hand, 2) if by_hand else None,
        "sync_vs_git_merge": round(sy["median_s"] / me["median_s"], 2) if me["median_s"] else None,
        "sync_vs_git_fetch_merge_push": round(sy["median_s"] / git_sync, 2) if git_sync else None,
        "report": [
            f"sync --dry-run, 10 scenarios changed: {dry_s['median_s']:.3f} s median of {reps} (goal ≤ 1 s: "
            f"{'met' if dry_s['median_s'] <= 1.0 else 'NOT met'}), peak {dry_s['peak_rss_mb']:.0f} MB",
            f"  git status --porcelain {st_s['median_s']:.3f} s + git diff --stat {ds_s['median_s']:.3f} s = {git_view:.3f} s; "
            f"ratio {dry_s['median_s'] / git_view:.2f}×",
            f"sync merging a remote change of {len(thousand)} scenarios (with 1 local commit): {sy['median_s']:.2f} s median, "
            f"peak {sy['peak_rss_mb']:.0f} MB; {reindexed}",
            f"  git merge alone {me['median_s']:.2f} s (ratio {sy['median_s'] / me['median_s']:.2f}×); "
            f"git fetch + merge + push {git_sync:.2f} s (ratio {sy['median_s'] / git_sync:.2f}×)",
            f"  by hand: git fetch + merge + `scencat index` ({ix['median_s']:.2f} s: {index_line}) + push = {by_hand:.2f} s "
            f"(ratio {sy['median_s'] / by_hand:.2f}×)",
        ],
    }
