"""Quarterly publication at scale: `scencat publish` and `scencat verify` of a quarter listing about
20,000 scenarios of the large catalogue, against a plain Python baseline measured in the same run.

1. The repository (bench-data/publish-<catalogue>/, made once per generated catalogue, about a
   minute at 100k): a copy of the catalogue and its index (cp -a keeps the time stamps, so the index
   is current), .gitignore, a signing key made by `scencat keygen` (private key beside the
   catalogue, public key committed), one commit.
2. The quarter: the first whose list reaches 20,000 scenarios, counted with
   `scencat list scenarios --status approved --since Q` (with a since: the rule publish applies).
3. Each run removes the previous run's folder, then times `scencat publish Q --key K` (git status
   of the catalogue, index freshness scan, selection from the index, the five files, hashes,
   signature, atomic folder write) and `scencat verify Q` (hashes of every file, signature), and
   the baseline of each, interleaved so that both see the same machine load.

The baseline (this file run as a script): Python reads the same selection from scencat's index
(sqlite3: approved, since ≤ Q, entity JSON), resolves model names, filing numbers, centers and the
quarter's PFLOPS, writes list.yaml (PyYAML's C dumper) and list.csv (csv module, UTF-8 BOM), hashes
them (hashlib) and writes a manifest; its verify re-hashes the files against that manifest. It does
less than scencat (no git, no freshness scan, no Markdown, HTML or changes, no signature), so the
ratio overstates scencat's cost.

    python3 scripts/lib/bench_publish.py CATALOG SCENCAT [--reps N]   # standalone
"""

import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time

SETUP_VERSION = "1"
TARGET = 20000
GOALS = {"publish_s": 5.0, "verify_s": 1.0}
IDENTITY = {"GIT_AUTHOR_NAME": "scencat bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
            "GIT_COMMITTER_NAME": "scencat bench", "GIT_COMMITTER_EMAIL": "bench@example.org",
            "GIT_AUTHOR_DATE": "2026-11-29T12:00:00+08:00", "GIT_COMMITTER_DATE": "2026-11-29T12:00:00+08:00"}


def git(args, cwd, env):
    r = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True)
    if r.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed: {r.stderr.decode('utf-8', 'replace')[-2000:]}")
    return r.stdout.decode("utf-8", "replace")


def setup(ctx, env):
    """bench-data/publish-<name>/: repo/Catalog (the catalogue, in a git repository) and bench.key."""
    name = os.path.basename(ctx.catalog.rstrip("/"))
    base = os.path.join(ctx.data, "publish-" + name)
    repo = os.path.join(base, "repo")
    cat = os.path.join(repo, "Catalog")
    key = os.path.join(base, "bench.key")
    marker = os.path.join(base, ".bench-complete")
    try:
        with open(os.path.join(ctx.catalog, ".bench-complete")) as f:
            want = f.read().strip() + " publish " + SETUP_VERSION
    except OSError:
        want = "unknown"
    try:
        with open(marker) as f:
            if f.read().strip() == want:
                return base, repo, cat, key
    except OSError:
        pass
    ctx.log(f"making the publication repository {os.path.relpath(base, os.path.dirname(ctx.data))} (once; about a minute at 100k)")
    shutil.rmtree(base, ignore_errors=True)
    os.makedirs(repo)
    subprocess.run(["cp", "-a", ctx.catalog, cat], check=True)
    try:
        os.remove(os.path.join(cat, ".bench-complete"))
    except OSError:
        pass
    shutil.rmtree(os.path.join(cat, "publications"), ignore_errors=True)
    with open(os.path.join(repo, ".gitignore"), "w") as f:
        f.write(".scencat/\n")
    r = ctx.run([ctx.scencat_bin, "keygen", "--name", "bench", "--out", key, "--catalog", cat], env=env)
    ctx.check(r, "scencat keygen")
    git(["init", "--quiet", "--initial-branch", "main"], repo, env)
    git(["add", "--all"], repo, env)
    git(["commit", "--quiet", "-m", "Generated catalogue"], repo, env)
    with open(marker, "w") as f:
        f.write(want + "\n")
    return base, repo, cat, key


def quarters():
    for y in range(2020, 2036):
        for q in range(1, 5):
            yield f"{y}-Q{q}"


def pick_quarter(ctx, cat, env, target=TARGET):
    """The first quarter listing at least `target` scenarios (and its count)."""
    last = None
    for q in quarters():
        r = ctx.run([ctx.scencat_bin, "list", "scenarios", "--status", "approved", "--since", q, "--format", "json", "--catalog", cat], env=env)
        ctx.check(r, "scencat list")
        n = sum(1 for row in json.loads(r["stdout"]) if row.get("since"))  # no since: never listed
        if n >= target:
            return q, n
        if n > 0:
            last = (q, n)
    if last is None:
        raise RuntimeError("no quarter lists any scenario")
    return last


def run_publish(ctx):
    env = dict(ctx.env, **IDENTITY)
    base, repo, cat, key = setup(ctx, env)
    r = ctx.run([ctx.scencat_bin, "index", "--catalog", cat], env=env)
    ctx.check(r, "scencat index (before the timed runs)")
    quarter, count = pick_quarter(ctx, cat, env)
    ctx.log(f"publishing {quarter}: {count} scenarios")
    folder = os.path.join(cat, "publications", quarter)
    base_out = os.path.join(base, "baseline-out")
    reps = max(ctx.reps, 3)
    pub, ver, bpub, bver = [], [], [], []
    summary_line = ""
    for i in range(reps):
        shutil.rmtree(folder, ignore_errors=True)
        r = ctx.run([ctx.scencat_bin, "publish", quarter, "--key", key, "--catalog", cat], env=env)
        ctx.check(r, "scencat publish")
        summary_line = r["stdout"].splitlines()[0] if r["stdout"] else ""
        if f": {count} scenarios" not in summary_line:
            raise RuntimeError(f"publish listed another number of scenarios than {count}: {summary_line}")
        pub.append(ctx.sample(r))
        v = ctx.run([ctx.scencat_bin, "verify", quarter, "--require-signature", "--catalog", cat], env=env)
        ctx.check(v, "scencat verify")
        ver.append(ctx.sample(v))
        shutil.rmtree(base_out, ignore_errors=True)
        b = ctx.run([sys.executable, os.path.abspath(__file__), "baseline-publish", cat, quarter, base_out], env=env)
        ctx.check(b, "baseline publish")
        bpub.append(ctx.sample(b))
        bv = ctx.run([sys.executable, os.path.abspath(__file__), "baseline-verify", base_out], env=env)
        ctx.check(bv, "baseline verify")
        bver.append(ctx.sample(bv))
        ctx.log(f"run {i + 1}/{reps}: publish {pub[-1]['wall_s']:.2f}s ({pub[-1]['peak_rss_mb']:.0f} MB), verify {ver[-1]['wall_s']:.3f}s; "
                f"baseline publish {bpub[-1]['wall_s']:.2f}s, verify {bver[-1]['wall_s']:.3f}s")
    sizes = {n: os.path.getsize(os.path.join(folder, n)) for n in sorted(os.listdir(folder))}
    total_mb = sum(sizes.values()) / 2**20
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(base_out, ignore_errors=True)
    p, v, bp, bv = ctx.summary(pub), ctx.summary(ver), ctx.summary(bpub), ctx.summary(bver)
    pr = round(p["median_s"] / bp["median_s"], 2) if bp["median_s"] else None
    vr = round(v["median_s"] / bv["median_s"], 2) if bv["median_s"] else None
    return {
        "repository": os.path.relpath(base, os.path.dirname(ctx.data)),
        "quarter": quarter, "scenarios": count, "files_bytes": sizes,
        "publish": p, "verify": v, "baseline_publish": bp, "baseline_verify": bv,
        "publish_vs_baseline": pr, "verify_vs_baseline": vr, "goals": GOALS,
        "goals_met": {"publish_s": p["median_s"] <= GOALS["publish_s"], "verify_s": v["median_s"] <= GOALS["verify_s"]},
        "report": [
            f"publish {quarter} ({count} scenarios, {total_mb:.1f} MB in {len(sizes)} files, signed): {p['median_s']:.2f} s median of {reps} "
            f"(goal ≤ {GOALS['publish_s']:.0f} s: {'met' if p['median_s'] <= GOALS['publish_s'] else 'NOT met'}), "
            f"CPU {p['median_cpu_s']:.2f} s, peak {p['peak_rss_mb']:.0f} MB",
            f"  baseline (Python: selection from the index, list.yaml + list.csv, SHA-256) {bp['median_s']:.2f} s; ratio {pr}×",
            f"verify {quarter}: {v['median_s']:.3f} s median (goal ≤ {GOALS['verify_s']:.0f} s: "
            f"{'met' if v['median_s'] <= GOALS['verify_s'] else 'NOT met'}), peak {v['peak_rss_mb']:.0f} MB",
            f"  baseline (Python: SHA-256 of the baseline's files) {bv['median_s']:.3f} s; ratio {vr}×",
        ],
    }


# ---------------------------------------------------------------- the baseline

def number(x):
    return int(x) if isinstance(x, float) and x.is_integer() and abs(x) < 1e15 else x


def baseline_publish(cat, quarter, out):
    import sqlite3
    import yaml
    db = sqlite3.connect(f"file:{os.path.join(cat, '.scencat', 'index.sqlite')}?mode=ro", uri=True)
    tflops = dict(db.execute("SELECT id, fp16_tflops FROM taxonomy_accelerator"))
    sectors = dict(db.execute("SELECT id, zh FROM taxonomy_sector"))
    cities = dict(db.execute("SELECT id, zh FROM taxonomy_city"))
    models = {r[0]: r[1:] for r in db.execute("SELECT id, name, provider, filing_kind, filing_no FROM entity WHERE kind = 'Model'")}
    centers = dict(db.execute("SELECT id, name FROM entity WHERE kind = 'Center'"))
    y, qn = int(quarter[:4]), int(quarter[-1])
    qord = y * 4 + qn - 1

    def ordinal(q):
        return int(q[:4]) * 4 + int(q[-1]) - 1

    records, rows = [], []
    cur = db.execute("""SELECT j.json FROM entity e JOIN entity_json j ON j.pk = e.pk
                        WHERE e.kind = 'Scenario' AND e.status = 'approved' AND e.since <= ?
                        ORDER BY e.id""", (quarter,))
    for (text,) in cur:
        s = json.loads(text)
        s.pop("contact", None)
        ms = []
        for link in s.get("models", []):
            name, provider, kind, no = models.get(link["model"], (None, None, None, None))
            ms.append({"model": link["model"], "name": name, "provider": provider, "filing_kind": kind, "filing_no": no, "role": link["role"]})
        cs, total = [], 0.0
        for c in s.get("compute", []):
            p = c["amount"] if c["unit"] == "pflops" else c["amount"] * tflops.get(c.get("accelerator"), 0) / 1000
            if ordinal(c["from"]) <= qord and ("until" not in c or qord <= ordinal(c["until"])):
                total += p
            row = dict(c, pflops=round(p, 3))
            if "center" in c:
                row["center_name"] = centers.get(c["center"])
            cs.append(row)
        rec = {"id": s["id"], "title": s["title"], "sector": s["sector"], "sector_name": sectors.get(s["sector"]),
               "city": s["city"], "city_name": cities.get(s["city"]), "stage": s["stage"], "status": s["status"]}
        for k in ("demandOrg", "supplierOrgs", "summary", "dataClass", "tags", "since", "links", "updated", "titleEn"):
            if k in s:
                rec[k] = s[k]
        rec["models"], rec["compute"], rec["quarter_pflops"] = ms, cs, number(round(total, 3))
        records.append(rec)
        rows.append([s["id"], s["title"], s.get("titleEn", ""), s["sector"], sectors.get(s["sector"], ""), s["city"],
                     cities.get(s["city"], ""), s["stage"], s.get("demandOrg", ""), "; ".join(s.get("supplierOrgs", [])),
                     s.get("dataClass", ""), "; ".join(s.get("tags", [])),
                     "; ".join(f"{m['name']} ({m['filing_no']}, {m['role']})" for m in ms),
                     "; ".join(f"{c['workload']} {number(c['amount'])} {c['unit']}" for c in cs),
                     number(round(total, 3)), s.get("since", ""), "; ".join(s.get("links", [])), s.get("updated", ""), s.get("summary", "")])
    os.makedirs(out)
    with open(os.path.join(out, "list.yaml"), "w", encoding="utf-8") as f:
        yaml.dump({"kind": "ScenarioList", "quarter": quarter, "scenarios": records}, f, Dumper=yaml.CSafeDumper,
                  allow_unicode=True, sort_keys=False, width=1 << 30)
    with open(os.path.join(out, "list.csv"), "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(["id", "title", "title_en", "sector", "sector_name", "city", "city_name", "stage", "demand_org", "supplier_orgs",
                    "data_class", "tags", "models", "compute", "quarter_pflops", "since", "links", "updated", "summary"])
        w.writerows(rows)
    files = []
    for name in ("list.csv", "list.yaml"):
        with open(os.path.join(out, name), "rb") as f:
            data = f.read()
        files.append({"path": name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()})
    with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump({"quarter": quarter, "scenarios": len(records), "files": files}, f, ensure_ascii=False, indent=2)


def baseline_verify(out):
    with open(os.path.join(out, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    bad = []
    for e in manifest["files"]:
        with open(os.path.join(out, e["path"]), "rb") as f:
            data = f.read()
        if len(data) != e["bytes"] or hashlib.sha256(data).hexdigest() != e["sha256"]:
            bad.append(e["path"])
    if bad:
        print("mismatch: " + ", ".join(bad), file=sys.stderr)
        sys.exit(1)


# ---------------------------------------------------------------- standalone

class _Context:
    """The measuring helpers scripts/bench passes in, for running this part on its own."""

    def __init__(self, catalog, scencat_bin, reps, data):
        import statistics
        self.catalog, self.scencat_bin, self.reps, self.data = catalog, scencat_bin, reps, data
        self.env = dict(os.environ, NO_COLOR="1", LANG=os.environ.get("LANG", "C.UTF-8"))
        self.median = lambda xs: statistics.median(xs) if xs else None

    def log(self, msg):
        print(f"bench: {msg}", file=sys.stderr, flush=True)

    def run(self, cmd, env=None):
        import tempfile
        os.sync()
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            t0 = time.perf_counter()
            p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env)
            _, status, ru = os.wait4(p.pid, 0)
            wall = time.perf_counter() - t0
            out.seek(0)
            err.seek(0)
            return {"wall_s": wall, "user_s": ru.ru_utime, "sys_s": ru.ru_stime, "peak_rss_mb": ru.ru_maxrss / 1024.0,
                    "rc": os.waitstatus_to_exitcode(status), "stdout": out.read().decode("utf-8", "replace"),
                    "stderr": err.read().decode("utf-8", "replace")}

    def check(self, r, what):
        if r["rc"] != 0:
            sys.stderr.write(r["stderr"][-3000:])
            raise RuntimeError(f"{what} failed with exit code {r['rc']}")

    def sample(self, r):
        return {k: round(r[k], 4) if isinstance(r[k], float) else r[k] for k in ("wall_s", "user_s", "sys_s", "peak_rss_mb", "rc")}

    def summary(self, samples):
        ok = [s for s in samples if s["rc"] == 0]
        return {"runs": len(samples), "median_s": self.median([s["wall_s"] for s in ok]),
                "min_s": min((s["wall_s"] for s in ok), default=None), "max_s": max((s["wall_s"] for s in ok), default=None),
                "median_cpu_s": self.median([s["user_s"] + s["sys_s"] for s in ok]),
                "peak_rss_mb": max((s["peak_rss_mb"] for s in ok), default=None), "samples": samples}


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "baseline-publish":
        baseline_publish(sys.argv[2], sys.argv[3], sys.argv[4])
    elif len(sys.argv) >= 2 and sys.argv[1] == "baseline-verify":
        baseline_verify(sys.argv[2])
    else:
        import argparse
        ap = argparse.ArgumentParser(description="Benchmark scencat publish and verify on a large catalogue.")
        ap.add_argument("catalog")
        ap.add_argument("scencat")
        ap.add_argument("--reps", type=int, default=3)
        ap.add_argument("--data", help="where the repository is made (default: the catalogue's parent folder)")
        a = ap.parse_args()
        result = run_publish(_Context(os.path.abspath(a.catalog), os.path.abspath(a.scencat), a.reps,
                                      os.path.abspath(a.data or os.path.dirname(os.path.abspath(a.catalog)))))
        for line in result["report"]:
            print(line)
