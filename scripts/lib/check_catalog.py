#!/usr/bin/env python3
"""A quick Python check of a scencat catalogue, independent of the Swift validator.

    python3 scripts/lib/check_catalog.py CATALOG_DIR [--canonical N] [--stats]

Checks what the format requires (keys, required keys, key order, enums, types, references,
lineage cycles, cards rows with accelerators, until >= from, sorted lists) and, with
`--canonical N`, that N files (0 = all) are byte-identical to what libyaml emits for the same
tree (indent 2, unlimited width, Unicode as itself, literal blocks for multi-line text).
`--stats` prints counts and per-center demand against capacity. Exit 1 on any error.
"""

import argparse
import collections
import datetime
import os
import re
import sys

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from catalog_yaml import SCHEMA_ORDER  # noqa: E402

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
Q_RE = re.compile(r"^(20[0-9]{2}|2100)-Q[1-4]$")

REQUIRED = {
    "Scenario": {"kind", "id", "title", "sector", "city", "stage", "status"},
    "Model": {"kind", "id", "name", "provider", "filing_kind", "filing_no", "status"},
    "Center": {"kind", "id", "name", "city", "tier", "status", "capacity_pflops_fp16"},
}
ENUMS = {
    ("Scenario", "stage"): {"proposed", "piloting", "demonstration", "scaled"},
    ("Scenario", "status"): {"draft", "approved", "withdrawn"},
    ("Scenario", "data_class"): {"general", "important", "core"},
    ("Model", "filing_kind"): {"filed", "registered"},
    ("Model", "status"): {"active", "suspended", "withdrawn"},
    ("Center", "tier"): {"national-hub", "provincial", "city"},
    ("Center", "status"): {"operating", "building", "planned"},
}
ROLES = {"deployed", "candidate", "evaluated"}
WORKLOADS = {"training", "fine-tuning", "inference"}
UNITS = {"pflops", "cards"}
PRECISIONS = {"fp16", "bf16", "fp8", "int8"}
FUNCTIONS = {"chat", "text", "image", "audio", "video", "code"}
TEXT = {"title", "title_en", "demand_org", "summary", "contact", "name", "provider", "filing_no", "license", "operator"}
DIRS = {"scenarios": "Scenario", "models": "Model", "centers": "Center"}


class Dumper(yaml.CSafeDumper):
    pass


def _str(dumper, s):
    return dumper.represent_scalar("tag:yaml.org,2002:str", s, style="|" if "\n" in s else None)


Dumper.add_representer(str, _str)


def canonical_text(data):
    return yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False,
                     width=1 << 30, indent=2)


def qord(q):
    return int(q[:4]) * 4 + int(q[6]) - 1


def is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


class Checker:
    def __init__(self, root):
        self.root = root
        self.errors = []
        self.warnings = []

    def err(self, path, msg):
        self.errors.append(f"{path}: error: {msg}")

    def warn(self, path, msg):
        self.warnings.append(f"{path}: warning: {msg}")

    def load(self, rel):
        with open(os.path.join(self.root, rel), "rb") as f:
            raw = f.read()
        text = raw.decode("utf-8")
        docs = list(yaml.load_all(text, Loader=yaml.CSafeLoader))
        if len(docs) != 1:
            self.err(rel, f"expected one YAML document, found {len(docs)}")
        return text, docs[0] if docs else None

    def run(self, canonical_sample=None, stats=False):
        root = self.root
        _, cat = self.load("catalog.yaml")
        if not (isinstance(cat, dict) and cat.get("kind") == "Catalog" and cat.get("format") == 1
                and cat.get("name") and cat.get("owner")):
            self.err("catalog.yaml", "needs kind: Catalog, name, owner, format: 1")
        tax = {}
        for name, kind, keys in (("sectors", "Sectors", ["id", "zh", "en"]), ("cities", "Cities", ["id", "zh", "en"]),
                                 ("accelerators", "Accelerators", ["id", "name", "vendor", "domestic", "fp16_tflops"])):
            rel = f"taxonomy/{name}.yaml"
            _, t = self.load(rel)
            if not isinstance(t, dict) or t.get("kind") != kind or not isinstance(t.get("items"), list):
                self.err(rel, f"expected kind: {kind} and items")
                tax[name] = {}
                continue
            items = {}
            for i, it in enumerate(t["items"]):
                if list(it) != keys:
                    self.err(rel, f"items[{i}] keys {list(it)} != {keys}")
                if not ID_RE.match(str(it.get("id"))):
                    self.err(rel, f"items[{i}] bad id {it.get('id')!r}")
                if it["id"] in items:
                    self.err(rel, f"duplicate id {it['id']}")
                items[it["id"]] = it
            tax[name] = items
        for a in tax["accelerators"].values():
            if not isinstance(a.get("domestic"), bool) or not is_num(a.get("fp16_tflops")) or a["fp16_tflops"] <= 0:
                self.err("taxonomy/accelerators.yaml", f"{a.get('id')}: domestic bool and fp16_tflops > 0 required")

        entities = {"Scenario": {}, "Model": {}, "Center": {}}
        files = []
        for d, kind in DIRS.items():
            p = os.path.join(root, d)
            if not os.path.isdir(p):
                continue
            for fn in sorted(os.listdir(p)):
                if fn.endswith(".yaml"):
                    files.append((f"{d}/{fn}", kind, fn[:-5]))
        sample = set()
        if canonical_sample is not None:
            step = 1 if canonical_sample == 0 else max(1, len(files) // canonical_sample)
            sample = {f[0] for f in files[::step]}
        all_ids = {}
        for rel, kind, stem in files:
            text, e = self.load(rel)
            if not isinstance(e, dict):
                self.err(rel, "not a mapping")
                continue
            keys = list(e)
            if keys[:2] != ["kind", "id"]:
                self.err(rel, "must start with kind:, id:")
            if e.get("kind") != kind:
                self.err(rel, f"kind {e.get('kind')!r} in {rel.split('/')[0]}/")
                continue
            eid = e.get("id")
            if not isinstance(eid, str) or not ID_RE.match(eid):
                self.err(rel, f"bad id {eid!r}")
            if eid != stem:
                self.err(rel, f"id {eid!r} != file name")
            if eid in all_ids:
                self.err(rel, f"duplicate id {eid} (also {all_ids[eid]})")
            all_ids[eid] = rel
            order = SCHEMA_ORDER[kind]
            unknown = [k for k in keys if k not in order]
            if unknown:
                self.err(rel, f"unknown keys {unknown}")
            if [k for k in keys if k in order] != [k for k in order if k in e]:
                self.err(rel, "keys not in schema order")
            missing = REQUIRED[kind] - set(keys)
            if missing:
                self.err(rel, f"missing required {sorted(missing)}")
            for k, v in e.items():
                if (kind, k) in ENUMS and v not in ENUMS[(kind, k)]:
                    self.err(rel, f"{k}: bad value {v!r}")
                if k in TEXT and not isinstance(v, str):
                    self.err(rel, f"{k}: must be text, found {type(v).__name__} {v!r}")
                if k in ("updated", "filed_on") and not isinstance(v, datetime.date):
                    self.err(rel, f"{k}: must be a date")
                if k in ("since",) and not (isinstance(v, str) and Q_RE.match(v)):
                    self.err(rel, f"{k}: must be YYYY-Qn")
                if k in ("supplier_orgs", "tags", "functions", "accelerators"):
                    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                        self.err(rel, f"{k}: must be a list of text")
                    elif v != sorted(v) or len(set(v)) != len(v):
                        self.err(rel, f"{k}: must be sorted, without duplicates")
            if sample and rel in sample and canonical_text(e) != text:
                self.err(rel, "not in canonical form (differs from libyaml emission)")
            entities[kind][eid] = (rel, e)

        sectors, cities, accs = tax["sectors"], tax["cities"], tax["accelerators"]
        models, centers = entities["Model"], entities["Center"]
        for mid, (rel, m) in models.items():
            if m.get("jurisdiction") is not None and m["jurisdiction"] not in cities:
                self.err(rel, f"unknown jurisdiction {m['jurisdiction']}")
            for f in m.get("functions", []):
                if f not in FUNCTIONS:
                    self.err(rel, f"bad function {f}")
            dom = m.get("domain")
            if dom is not None and dom != "general":
                if not isinstance(dom, list) or not dom or dom != sorted(dom):
                    self.err(rel, "domain must be general or a sorted non-empty list")
                else:
                    for s in dom:
                        if s not in sectors:
                            self.err(rel, f"unknown sector {s} in domain")
            for b in ("open_source", "government"):
                if b in m and not isinstance(m[b], bool):
                    self.err(rel, f"{b} must be a bool")
            if "params_b" in m and not (is_num(m["params_b"]) and m["params_b"] > 0):
                self.err(rel, "params_b must be > 0")
            if m.get("base_model") is not None and m["base_model"] not in models:
                self.err(rel, f"unknown base_model {m['base_model']}")
        # lineage cycles
        for mid in models:
            seen, cur = set(), mid
            while cur is not None and cur in models:
                if cur in seen:
                    self.err(models[mid][0], f"base_model lineage cycle through {cur}")
                    break
                seen.add(cur)
                cur = models[cur][1].get("base_model")
        for cid, (rel, c) in centers.items():
            if c.get("city") not in cities:
                self.err(rel, f"unknown city {c.get('city')}")
            if not is_num(c.get("capacity_pflops_fp16")) or c["capacity_pflops_fp16"] < 0:
                self.err(rel, "capacity_pflops_fp16 must be a number >= 0")
            for a in c.get("accelerators", []):
                if a not in accs:
                    self.err(rel, f"unknown accelerator {a}")
            if "since" in c and not Q_RE.match(str(c["since"])):
                self.err(rel, "since must be YYYY-Qn")

        demand = collections.defaultdict(float)  # (center, quarter ordinal) -> pflops
        for sid, (rel, s) in entities["Scenario"].items():
            if s.get("sector") not in sectors:
                self.err(rel, f"unknown sector {s.get('sector')}")
            if s.get("city") not in cities:
                self.err(rel, f"unknown city {s.get('city')}")
            if s.get("status") == "approved" and "since" not in s:
                self.warn(rel, "approved scenario has no since")
            links = s.get("models", [])
            ids = [l.get("model") for l in links]
            if ids != sorted(ids) or len(set(ids)) != len(ids):
                self.err(rel, "models must be sorted by model id, each once")
            for l in links:
                if list(l) != ["model", "role"] or l.get("role") not in ROLES:
                    self.err(rel, f"bad model link {l}")
                if l.get("model") not in models:
                    self.err(rel, f"unknown model {l.get('model')}")
                elif s.get("status") != "withdrawn" and models[l["model"]][1]["status"] != "active":
                    self.warn(rel, f"model {l['model']} is {models[l['model']][1]['status']}")
            for i, c in enumerate(s.get("compute", [])):
                order = SCHEMA_ORDER["ComputeNeed"]
                if [k for k in c] != [k for k in order if k in c] or set(c) - set(order):
                    self.err(rel, f"compute[{i}] keys out of order or unknown")
                if c.get("workload") not in WORKLOADS or c.get("unit") not in UNITS:
                    self.err(rel, f"compute[{i}] bad workload/unit")
                if not is_num(c.get("amount")) or c["amount"] <= 0:
                    self.err(rel, f"compute[{i}] amount must be > 0")
                if "precision" in c and c["precision"] not in PRECISIONS:
                    self.err(rel, f"compute[{i}] bad precision")
                if c.get("unit") == "cards" and c.get("accelerator") is None:
                    self.err(rel, f"compute[{i}] cards without accelerator")
                if "accelerator" in c and c["accelerator"] not in accs:
                    self.err(rel, f"compute[{i}] unknown accelerator {c['accelerator']}")
                if "center" in c and c["center"] not in centers:
                    self.err(rel, f"compute[{i}] unknown center {c['center']}")
                fq, uq = c.get("from"), c.get("until")
                if not (isinstance(fq, str) and Q_RE.match(fq)):
                    self.err(rel, f"compute[{i}] from must be YYYY-Qn")
                    continue
                if uq is not None and (not Q_RE.match(str(uq)) or qord(uq) < qord(fq)):
                    self.err(rel, f"compute[{i}] until must be YYYY-Qn >= from")
                    continue
                if stats and "center" in c and s.get("status") != "withdrawn":
                    pf = c["amount"] if c["unit"] == "pflops" else c["amount"] * accs.get(c.get("accelerator"), {}).get("fp16_tflops", 0) / 1000
                    end = qord(uq) if uq else qord("2027-Q4")
                    for q in range(qord(fq), max(end, qord(fq)) + 1):
                        demand[(c["center"], q)] += pf

        if stats:
            self.print_stats(entities, demand)
        return len(files)

    def print_stats(self, entities, demand):
        sc = [e for _, e in entities["Scenario"].values()]
        for key in ("sector", "city", "stage", "status", "data_class"):
            cnt = collections.Counter(s.get(key, "-") for s in sc)
            print(f"{key}: " + ", ".join(f"{k} {v}" for k, v in cnt.most_common()))
        print("since: " + ", ".join(f"{k} {v}" for k, v in sorted(collections.Counter(s.get("since", "-") for s in sc).items())))
        roles = collections.Counter(l["role"] for s in sc for l in s.get("models", []))
        units = collections.Counter(c["unit"] for s in sc for c in s.get("compute", []))
        print(f"with models: {sum(1 for s in sc if s.get('models'))}, roles {dict(roles)}; "
              f"with compute: {sum(1 for s in sc if s.get('compute'))}, units {dict(units)}")
        ms = [e for _, e in entities["Model"].values()]
        print(f"models: {len(ms)}; " + ", ".join(f"{k} {v}" for k, v in collections.Counter(m['status'] for m in ms).items())
              + "; " + ", ".join(f"{k} {v}" for k, v in collections.Counter(m['filing_kind'] for m in ms).items())
              + f"; government {sum(1 for m in ms if m.get('government'))}; with base {sum(1 for m in ms if m.get('base_model'))}")
        cs = entities["Center"]
        print(f"centers: {len(cs)}")
        if len(cs) > 40:
            return
        quarters = range(qord("2024-Q1"), qord("2027-Q4") + 1)
        for cid, (_, c) in sorted(cs.items()):
            cap = c["capacity_pflops_fp16"]
            peak = max(((demand.get((cid, q), 0.0), q) for q in quarters), default=(0, 0))
            pq = f"{peak[1] // 4}-Q{peak[1] % 4 + 1}"
            print(f"  {cid:32} {c['status']:9} cap {cap:7} peak {peak[0]:8.1f} in {pq} ({100 * peak[0] / cap if cap else 0:.0f}%)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("catalog")
    ap.add_argument("--canonical", type=int, default=None, metavar="N",
                    help="check N files (0 = all) against libyaml's canonical emission")
    ap.add_argument("--stats", action="store_true")
    a = ap.parse_args()
    ch = Checker(a.catalog)
    n = ch.run(canonical_sample=a.canonical, stats=a.stats)
    for w in ch.warnings[:50]:
        print(w)
    for e in ch.errors[:200]:
        print(e)
    print(f"{n} entity files, {len(ch.errors)} errors, {len(ch.warnings)} warnings")
    sys.exit(1 if ch.errors else 0)


if __name__ == "__main__":
    main()
