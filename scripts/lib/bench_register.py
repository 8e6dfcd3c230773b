"""The filing register at scale (docs/0018): `scencat register import` of a 5,000-row official
list against openpyxl's read-only mode merely reading it, and the check of every model
(`scencat register check`) against a cold `scencat index --rebuild` of the same catalogue.
Ratios from one run, interleaved run by run.

Import: bench-data/register/register-5000.xlsx, made once by openpyxl in the provincial wording (a
title row, a note row, the header, 5,000 rows). Each run removes the snapshot the previous run
wrote (untimed: importing the same list again is a no-op), then times `scencat register import
FILE --source bench --as-of 2026-02-28` as a whole process. The baseline (`baseline-read`, this
file run as a script) times openpyxl's read-only mode iterating every row's values, in process.

Check: a snapshot `registers/national/2026-01-31.yaml` holding the filing number, name and
organisation of nine models in ten (read from the model files; the tenth is 未找到) is imported
once (untimed). Each run times `scencat register check --format json` (the snapshots and every
model file read, every model checked), then a cold `scencat index --rebuild` (.scencat deleted).

    python3 scripts/lib/bench_register.py baseline-read SHEET.xlsx
"""

import glob
import os
import shutil
import sys
import time

from bench_sheets import baseline  # a baseline process and the time it measured in process

GOALS = {"import_vs_openpyxl": 1.0, "check_vs_cold_index": 0.1}
ROWS = 5000
SETUP_VERSION = "1"


def make_register(path, rows):
    import openpyxl
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("已备案信息")
    ws.append(["广东省生成式人工智能服务已备案信息（基准测试）"])
    ws.append(["（截至2026年2月28日）"])
    ws.append(["序号", "地市", "服务名称", "企业名称", "备案号", "备案日期"])
    for i in range(rows):
        ws.append([i + 1, "广州市", f"基准测试服务{i}大模型", f"基准测试科技{i % 997}有限公司",
                   f"Guangdong-BENCH-2026-{i:05d}", f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}"])
    wb.save(path)


def model_register(catalog, path):
    """A CSV of nine models in ten, as the national list would carry them."""
    import csv
    import yaml
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["序号", "属地", "模型名称", "备案单位", "备案编号", "备案时间"])
        for i, p in enumerate(sorted(glob.glob(os.path.join(catalog, "models", "*.yaml")))):
            if i % 10 == 9:
                continue
            with open(p, encoding="utf-8") as m:
                d = yaml.load(m, Loader=loader)
            w.writerow([i + 1, "广东省", d["name"], d["provider"], d["filing_no"], str(d.get("filed_on") or "")])


def run_register(ctx):
    here = os.path.abspath(__file__)
    work = os.path.join(ctx.data, "register")
    os.makedirs(work, exist_ok=True)
    env = ctx.env
    sheet = os.path.join(work, f"register-{ROWS}.xlsx")
    if not os.path.exists(sheet + ".v" + SETUP_VERSION):
        make_register(sheet, ROWS)
        open(sheet + ".v" + SETUP_VERSION, "w").close()
    snapshot = os.path.join(ctx.catalog, "registers", "bench", "2026-02-28.yaml")
    im, br = [], []
    for i in range(ctx.reps):
        if os.path.exists(snapshot):
            os.remove(snapshot)
        r = ctx.run(ctx.scencat("register", "import", sheet, "--source", "bench", "--as-of", "2026-02-28"), env=env)
        ctx.check(r, "scencat register import")
        if f"imported {ROWS} rows" not in r["stdout"]:
            raise RuntimeError(f"register import did not store {ROWS} rows: {r['stdout'][-300:]} {r['stderr'][-300:]}")
        im.append(ctx.sample(r))
        s = baseline(ctx, [here, "baseline-read", sheet])
        br.append(s)
        ctx.log(f"register import run {i + 1}/{ctx.reps}: scencat {im[-1]['wall_s']:.2f}s ({im[-1]['peak_rss_mb']:.0f} MB); "
                f"openpyxl read-only {s['inprocess_s']:.2f}s in process")
    shutil.rmtree(os.path.join(ctx.catalog, "registers", "bench"), ignore_errors=True)

    models_csv = os.path.join(work, "models.csv")
    model_register(ctx.catalog, models_csv)
    shutil.rmtree(os.path.join(ctx.catalog, "registers", "national"), ignore_errors=True)
    ctx.check(ctx.run(ctx.scencat("register", "import", models_csv, "--source", "national", "--as-of", "2026-01-31"), env=env),
              "scencat register import (the models' register)")
    nmodels = len(glob.glob(os.path.join(ctx.catalog, "models", "*.yaml")))
    ck, cold = [], []
    state = os.path.join(ctx.catalog, ".scencat")
    for i in range(ctx.reps):
        r = ctx.run(ctx.scencat("register", "check", "--format", "json"), env=env)
        ctx.check(r, "scencat register check")
        ck.append(ctx.sample(r))
        shutil.rmtree(state, ignore_errors=True)
        c = ctx.run(ctx.scencat("index", "--rebuild"), env=env)
        ctx.check(c, "scencat index --rebuild")
        cold.append(ctx.sample(c))
        ctx.log(f"register check run {i + 1}/{ctx.reps}: {ck[-1]['wall_s']:.2f}s; cold index --rebuild {cold[-1]['wall_s']:.2f}s")
    shutil.rmtree(os.path.join(ctx.catalog, "registers"), ignore_errors=True)

    i_, c_, k_ = ctx.summary(im), ctx.summary(cold), ctx.summary(ck)
    brd = ctx.median([s["inprocess_s"] for s in br])
    ir = round(i_["median_s"] / brd, 3) if brd else None
    cr = round(k_["median_s"] / c_["median_s"], 3) if c_["median_s"] else None
    met = {"import_vs_openpyxl": ir is not None and ir <= GOALS["import_vs_openpyxl"],
           "check_vs_cold_index": cr is not None and cr <= GOALS["check_vs_cold_index"]}
    return {
        "import": i_, "import_rows": ROWS, "baseline_read": ctx.summary(br), "baseline_read_inprocess_s": brd,
        "check": k_, "models": nmodels, "cold_index": c_,
        "import_vs_openpyxl": ir, "check_vs_cold_index": cr, "goals": GOALS, "goals_met": met,
        "report": [
            f"register import of {ROWS} rows: {i_['median_s']:.2f} s median of {ctx.reps}, CPU {i_['median_cpu_s']:.2f} s, peak {i_['peak_rss_mb']:.0f} MB",
            f"  openpyxl read-only merely reading the sheet, in process: {brd:.2f} s; ratio {ir}× (goal ≤ 1.0×: {'met' if met['import_vs_openpyxl'] else 'NOT met'})",
            f"register check of {nmodels} models: {k_['median_s']:.2f} s median, CPU {k_['median_cpu_s']:.2f} s, peak {k_['peak_rss_mb']:.0f} MB",
            f"  cold index --rebuild of the same catalogue: {c_['median_s']:.2f} s; ratio {cr}× (goal ≤ 0.1×: {'met' if met['check_vs_cold_index'] else 'NOT met'})",
        ],
    }


def baseline_read(path):
    import openpyxl
    t0 = time.perf_counter()
    wb = openpyxl.load_workbook(path, read_only=True)
    n = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            n += sum(1 for v in row if v is not None)
    wb.close()
    print(n)
    print(time.perf_counter() - t0)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "baseline-read":
        baseline_read(sys.argv[2])
    else:
        sys.exit(__doc__)
