"""Spreadsheets at scale: `scencat export` of every scenario to xlsx against openpyxl's write-only
mode writing the same rows, and `scencat import` of a 10,000-row submission sheet against
openpyxl's read-only mode merely reading it. Ratios from one run, interleaved run by run.

Export: `scencat export scenarios -o all.xlsx --force` on the large catalogue, timed as a whole
process (index freshness scan, query, entity JSON, the sheet, deflate, write). The baseline (this
file run as a script, `baseline-write`) loads the same rows from scencat's JSON export (untimed,
done once), then times in process only openpyxl's write-only workbook appending them and saving
— the ratio therefore overstates scencat's cost.

Import: a sheet of 10,000 new scenarios (bench-data/sheets/import-10000.xlsx, made once by openpyxl:
a title row, the header, rows across every city and sector, unique titles). Each run times
`scencat import FILE` into the large catalogue (reading the sheet, the plan against every existing
scenario, the checked save of 10,000 files as one journalled change, the index update), and
before it the same import with `--dry-run` (the plan alone, reported beside it, not a goal). Each
run imports into a copy of the catalogue of its own, made before the first run and undone
(timed, not a goal) after the last, so that no import pays for another's freed inodes (see
run_sheets). The baseline (`baseline-read`) times openpyxl's
read-only mode iterating every row's values, in process. The ratio is of wall times; the ratio of
CPU times (scencat's process against the openpyxl process, its start and `import openpyxl`
included) is reported beside it, being far less sensitive to the load of a shared machine.

BENCH_SHEETS=import in the environment runs the import part alone (the export takes minutes).

    python3 scripts/lib/bench_sheets.py baseline-write ROWS.json OUT.xlsx
    python3 scripts/lib/bench_sheets.py baseline-read SHEET.xlsx
"""

import json
import os
import random
import shutil
import sys
import time

GOALS = {"export_vs_openpyxl": 0.5, "export_peak_rss_mb": 300.0, "import_vs_openpyxl": 1.0}
IMPORT_ROWS = 10000
SETUP_VERSION = "1"


def make_import_sheet(path, rows, cities, sectors):
    import openpyxl
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("申报表")
    ws.append(["2026年第一批人工智能应用场景申报表（基准测试）"])
    ws.append(["序号", "场景名称", "需求单位", "所属地市", "所属行业", "场景简介", "联系人", "阶段"])
    rnd = random.Random(7)
    # Titles of random common characters: no two nearly the same, so every row is added.
    chars = [chr(c) for c in range(0x4E00, 0x9FA5)]
    stages = ["提出", "试点", "示范", "推广"]
    for i in range(rows):
        title = "".join(rnd.choice(chars) for _ in range(10))
        ws.append([str(i + 1), title, f"某单位{i % 997}", rnd.choice(cities), rnd.choice(sectors),
                   "用于基准测试的场景简介，" * rnd.randint(1, 4), f"联系人{i}", rnd.choice(stages)])
    wb.save(path)


def baseline(ctx, args):
    """A baseline run: the process's sample, and the time it measured in process (its last line)."""
    b = ctx.run([sys.executable, *args], env=ctx.env)
    ctx.check(b, " ".join(args[1:2]))
    s = ctx.sample(b)
    s["inprocess_s"] = float(b["stdout"].strip().splitlines()[-1])
    return s


def run_sheets(ctx):
    here = os.path.abspath(__file__)
    work = os.path.join(ctx.data, "sheets")
    os.makedirs(work, exist_ok=True)
    env = ctx.env
    ctx.check(ctx.run(ctx.scencat("index"), env=env), "scencat index (before the timed runs)")

    # Export, interleaved with the baseline.
    # The export's files per catalogue, so that runs on catalogues of two sizes do not meet.
    out_dir = os.path.join(work, os.path.basename(ctx.catalog))
    os.makedirs(out_dir, exist_ok=True)
    rows_json = os.path.join(out_dir, "export-rows.json")
    export = os.environ.get("BENCH_SHEETS", "export,import") != "import"
    if export:
        ctx.check(ctx.run(ctx.scencat("export", "scenarios", "--format", "json", "--force", "-o", rows_json), env=env), "export json")
    out, base_out = os.path.join(out_dir, "all.xlsx"), os.path.join(out_dir, "baseline.xlsx")
    ex, bx = [], []
    for i in range(ctx.reps if export else 0):
        r = ctx.run(ctx.scencat("export", "scenarios", "--force", "-o", out), env=env)
        ctx.check(r, "scencat export")
        ex.append(ctx.sample(r))
        s = baseline(ctx, [here, "baseline-write", rows_json, base_out])
        bx.append(s)
        ctx.log(f"export run {i + 1}/{ctx.reps}: scencat {ex[-1]['wall_s']:.2f}s ({ex[-1]['peak_rss_mb']:.0f} MB); "
                f"openpyxl write-only {s['inprocess_s']:.2f}s in process ({s['wall_s']:.2f}s with loading)")
    nrows, export_bytes = 0, 0
    if export:
        with open(rows_json, encoding="utf-8") as f:
            nrows = len(json.load(f))
        export_bytes = os.path.getsize(out)

    # Import of a 10,000-row sheet.
    sheet = os.path.join(work, f"import-{IMPORT_ROWS}.xlsx")
    if not os.path.exists(sheet + ".v" + SETUP_VERSION):
        import yaml
        tax = os.path.join(ctx.catalog, "taxonomy")
        cities = [c["zh"] + "市" for c in yaml.safe_load(open(os.path.join(tax, "cities.yaml"), encoding="utf-8"))["items"] if c["id"] != "province"]
        sectors = [s["zh"] for s in yaml.safe_load(open(os.path.join(tax, "sectors.yaml"), encoding="utf-8"))["items"]]
        make_import_sheet(sheet, IMPORT_ROWS, cities, sectors)
        open(sheet + ".v" + SETUP_VERSION, "w").close()
    # Each run imports into a copy of the catalogue of its own, made (untimed) before any run,
    # and the undos come after every timed import. ext4 without a journal (this disk) passes over
    # every recently freed inode when it allocates one (__ext4_new_inode → find_inode_bit →
    # recently_deleted, a buffer-cache look-up each), so an import right after the undo of the
    # previous run paid for that undo's 10,000 deletions: creating 10,000 files took 0.11 s of
    # system time with no deletion before, 1.70 s 1 s after 10,000 deletions, 1.68 s after
    # 65 s, 1.77 s after 120 s, and in this benchmark 1.5–2.3 s even 240 s after the undo
    # (docs/0038). A clerk importing a sheet has not just deleted 10,000 files.
    copies = []
    for i in range(ctx.reps):
        copy = os.path.join(work, f"import-copy-{i + 1}")
        if os.path.exists(copy):
            shutil.rmtree(copy)
        ctx.check(ctx.run(["cp", "-a", ctx.catalog, copy]), "copying the catalogue")
        copies.append(copy)
    # Nothing of the copies left for the import's flush of the file system to write.
    os.sync()
    im, br, un, dry = [], [], [], []
    for i, copy in enumerate(copies):
        # The plan alone (`--dry-run`: the sheet read, mapped, checked, compared with every
        # scenario and named, nothing written), so that the report shows how much of the import
        # is the plan and how much the writing (docs/0039).
        d = ctx.run([ctx.scencat_bin, "import", sheet, "--dry-run", "--catalog", copy], env=env)
        ctx.check(d, "scencat import --dry-run")
        dry.append(ctx.sample(d))
        r = ctx.run([ctx.scencat_bin, "import", sheet, "--catalog", copy], env=env)
        ctx.check(r, "scencat import")
        if f"imported {IMPORT_ROWS} scenarios" not in r["stderr"]:
            raise RuntimeError(f"import did not add {IMPORT_ROWS} scenarios: {r['stderr'][-500:]}")
        im.append(ctx.sample(r))
        s = baseline(ctx, [here, "baseline-read", sheet])
        br.append(s)
        ctx.log(f"import run {i + 1}/{ctx.reps}: plan alone {dry[-1]['wall_s']:.2f}s; scencat {im[-1]['wall_s']:.2f}s, CPU {im[-1]['user_s'] + im[-1]['sys_s']:.2f}s "
                f"(system {im[-1]['sys_s']:.2f}s, {im[-1]['peak_rss_mb']:.0f} MB); "
                f"openpyxl read-only {s['inprocess_s']:.2f}s in process, CPU {s['user_s'] + s['sys_s']:.2f}s; load {os.getloadavg()[0]:.1f}")
    for copy in copies:
        u = ctx.run([ctx.scencat_bin, "undo", "--catalog", copy], env=env)
        ctx.check(u, "scencat undo (after the import)")
        un.append(ctx.sample(u))
    for copy in copies:
        shutil.rmtree(copy)
    ctx.log("undo of each import (not a goal): " + ", ".join(f"{u['wall_s']:.2f}s" for u in un))

    i_, bread, plan = ctx.summary(im), ctx.summary(br), ctx.summary(dry)
    brd = ctx.median([s["inprocess_s"] for s in br])
    ir = round(i_["median_s"] / brd, 3) if brd else None
    pr = round(plan["median_s"] / brd, 3) if brd else None
    # CPU of the scencat process against CPU of the openpyxl process, each the median of its runs.
    icpu = round(i_["median_cpu_s"] / bread["median_cpu_s"], 3) if bread["median_cpu_s"] else None
    met = {"import_vs_openpyxl": ir is not None and ir <= GOALS["import_vs_openpyxl"],
           "import_cpu_vs_openpyxl": icpu is not None and icpu <= GOALS["import_vs_openpyxl"]}
    result = {
        "import": i_, "undo": ctx.summary(un), "import_rows": IMPORT_ROWS, "baseline_read": bread, "baseline_read_inprocess_s": brd,
        "import_vs_openpyxl": ir, "import_cpu_vs_openpyxl": icpu, "goals": GOALS, "goals_met": met,
        "plan_alone": plan, "plan_alone_vs_openpyxl": pr,
        "report": [
            f"import {IMPORT_ROWS} rows (plan and write, into the large catalogue): {i_['median_s']:.2f} s median, "
            f"CPU {i_['median_cpu_s']:.2f} s, peak {i_['peak_rss_mb']:.0f} MB",
            f"  openpyxl read-only merely reading the sheet, in process: {brd:.2f} s; ratio {ir}× (goal ≤ 1.0×: {'met' if met['import_vs_openpyxl'] else 'NOT met'})",
            f"  by CPU: openpyxl's process {bread['median_cpu_s']:.2f} s; ratio {icpu}× ({'met' if met['import_cpu_vs_openpyxl'] else 'NOT met'})",
            f"  of which the plan alone (import --dry-run): {plan['median_s']:.2f} s, ratio {pr}× (not a goal: the rest is writing "
            f"{IMPORT_ROWS} files, the journal and the index)",
        ],
    }
    if not export:
        return result
    e = ctx.summary(ex)
    bw = ctx.median([s["inprocess_s"] for s in bx])
    er = round(e["median_s"] / bw, 3) if bw else None
    met["export_vs_openpyxl"] = er is not None and er <= GOALS["export_vs_openpyxl"]
    met["export_peak_rss_mb"] = e["peak_rss_mb"] <= GOALS["export_peak_rss_mb"]
    result.update({"export": e, "export_rows": nrows, "export_bytes": export_bytes, "baseline_write": ctx.summary(bx),
                   "baseline_write_inprocess_s": bw, "export_vs_openpyxl": er})
    result["report"][:0] = [
        f"export {nrows} scenarios to xlsx ({export_bytes / 2**20:.1f} MB): {e['median_s']:.2f} s median of {ctx.reps}, "
        f"CPU {e['median_cpu_s']:.2f} s, peak {e['peak_rss_mb']:.0f} MB (goal ≤ 300 MB: {'met' if met['export_peak_rss_mb'] else 'NOT met'})",
        f"  openpyxl write-only, same rows, in process: {bw:.2f} s; ratio {er}× (goal ≤ 0.5×: {'met' if met['export_vs_openpyxl'] else 'NOT met'})",
    ]
    return result


def baseline_write(rows_json, out):
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.cell import WriteOnlyCell
    with open(rows_json, encoding="utf-8") as f:
        rows = json.load(f)
    t0 = time.perf_counter()
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("场景清单")
    ws.freeze_panes = "A2"
    keys = list(rows[0].keys()) if rows else []
    bold = Font(bold=True)
    header = []
    for k in keys:
        c = WriteOnlyCell(ws, value=k)
        c.font = bold
        header.append(c)
    ws.append(header)
    for r in rows:
        ws.append([r[k] for k in keys])
    ws.auto_filter.ref = f"A1:{openpyxl.utils.get_column_letter(max(1, len(keys)))}{len(rows) + 1}"
    wb.save(out)
    print(f"{time.perf_counter() - t0:.4f}")


def baseline_read(path):
    import openpyxl
    t0 = time.perf_counter()
    wb = openpyxl.load_workbook(path, read_only=True)
    ws = wb["申报表"]
    n = 0
    for row in ws.iter_rows(values_only=True):
        n += 1
    wb.close()
    print(n)
    print(f"{time.perf_counter() - t0:.4f}")


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "baseline-write":
        baseline_write(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 3 and sys.argv[1] == "baseline-read":
        baseline_read(sys.argv[2])
    else:
        sys.exit(__doc__)
