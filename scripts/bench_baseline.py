#!/usr/bin/env python3
"""Benchmark baseline for indexing a scencat catalogue: the straightforward Python way.

    python3 scripts/bench_baseline.py CATALOG_DIR [--db PATH]

Parses every entity file (scenarios/, models/, centers/) with PyYAML's C loader
(`yaml.load(f, Loader=yaml.CSafeLoader)`) and inserts them into a fresh SQLite database in one
transaction: one `entities` table (a few columns and the whole entity as a JSON blob) and one
`model_links` table. Prints one JSON line: {"files": n, "seconds": t, "peak_rss_mb": m}.
`seconds` covers listing, parsing, inserting and the commit. Without --db a temporary file is used
and removed afterwards.
"""

import argparse
import datetime
import json
import os
import resource
import sqlite3
import sys
import tempfile
import time

import yaml

DIRS = ("scenarios", "models", "centers")

SCHEMA = """
CREATE TABLE entities (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    path TEXT NOT NULL,
    title TEXT,
    sector TEXT,
    city TEXT,
    status TEXT,
    data TEXT NOT NULL
);
CREATE TABLE model_links (
    scenario_id TEXT NOT NULL,
    model_id TEXT NOT NULL,
    role TEXT,
    PRIMARY KEY (scenario_id, model_id)
);
CREATE INDEX model_links_model ON model_links(model_id);
"""


def _json_default(v):
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()
    raise TypeError(f"not JSON serialisable: {type(v).__name__}")


def peak_rss_mb():
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # kilobytes on Linux, bytes on macOS
    return round(rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024, 1)


def run(catalog, db_path):
    if os.path.exists(db_path):
        os.remove(db_path)
    t0 = time.perf_counter()
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.executescript(SCHEMA)
    conn.execute("BEGIN")
    n = 0
    ins_entity = "INSERT INTO entities (id, kind, path, title, sector, city, status, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
    ins_link = "INSERT OR REPLACE INTO model_links (scenario_id, model_id, role) VALUES (?, ?, ?)"
    for d in DIRS:
        folder = os.path.join(catalog, d)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".yaml"):
                continue
            rel = f"{d}/{name}"
            with open(os.path.join(folder, name), "rb") as f:
                e = yaml.load(f, Loader=yaml.CSafeLoader)
            if not isinstance(e, dict):
                continue
            eid = str(e.get("id", name[:-5]))
            conn.execute(ins_entity, (eid, e.get("kind"), rel, e.get("title") or e.get("name"), e.get("sector"),
                                      e.get("city"), e.get("status"),
                                      json.dumps(e, ensure_ascii=False, default=_json_default)))
            for link in e.get("models") or ():
                if isinstance(link, dict) and "model" in link:
                    conn.execute(ins_link, (eid, link["model"], link.get("role")))
            n += 1
    conn.execute("COMMIT")
    conn.close()
    return n, time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser(description="Parse a catalogue with PyYAML (C loader) into SQLite; print timing as JSON.")
    ap.add_argument("catalog", metavar="CATALOG_DIR")
    ap.add_argument("--db", metavar="PATH", help="SQLite file to (re)create (default: a temporary file, removed afterwards)")
    a = ap.parse_args()
    if not hasattr(yaml, "CSafeLoader"):
        sys.exit("bench_baseline: PyYAML was built without libyaml (no CSafeLoader)")
    if a.db:
        n, t = run(a.catalog, a.db)
    else:
        fd, path = tempfile.mkstemp(prefix="scencat-bench-", suffix=".sqlite")
        os.close(fd)
        try:
            n, t = run(a.catalog, path)
        finally:
            for p in (path, path + "-journal", path + "-wal", path + "-shm"):
                if os.path.exists(p):
                    os.remove(p)
    print(json.dumps({"files": n, "seconds": round(t, 3), "peak_rss_mb": peak_rss_mb()}))


if __name__ == "__main__":
    main()
