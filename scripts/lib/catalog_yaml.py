"""Canonical YAML text for scencat catalogue files, written directly as strings (fast).

The canonical form is what libyaml (Yams, PyYAML's CDumper) emits for the same tree with
`indent: 2`, unlimited width, Unicode kept as itself, block style, and literal blocks for
multi-line text: keys in schema order, sequences under a key written `- item` at the key's
indentation, strings quoted ('single') only when YAML would read them as something else.

`emit(fields)` takes a list of (key, value) pairs. Values may be:
  str            plain, single-quoted when needed, or a literal block when it has a newline
  Date(str)      a YYYY-MM-DD date, written plain
  bool, int, float
  list of str    block sequence
  list of list-of-pairs   block sequence of mappings
Keys whose value is None or an empty list are left out.
"""

from functools import lru_cache

import yaml

__all__ = ["Date", "emit", "scalar", "number_text", "SCHEMA_ORDER"]

# Key order per kind, as declared in Sources/CatalogCore/Schema.swift.
SCHEMA_ORDER = {
    "Scenario": ["kind", "id", "title", "title_en", "sector", "city", "stage", "status", "demand_org",
                 "supplier_orgs", "summary", "data_class", "tags", "models", "compute", "since", "links",
                 "contact", "updated"],
    "Model": ["kind", "id", "name", "provider", "filing_kind", "filing_no", "filed_on", "jurisdiction",
              "functions", "domain", "params_b", "open_source", "license", "base_model", "government", "status"],
    "Center": ["kind", "id", "name", "city", "operator", "tier", "status", "capacity_pflops_fp16",
               "accelerators", "since"],
    "ModelLink": ["model", "role"],
    "ComputeNeed": ["workload", "amount", "unit", "accelerator", "precision", "center", "from", "until"],
}


class Date(str):
    """A YYYY-MM-DD date: written plain, read back by YAML as a date."""


_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")


@lru_cache(maxsize=65536)
def _needs_quotes(s: str) -> bool:
    if s == "":
        return True
    first = s[0]
    if first in _INDICATORS or first in " \t" or s[-1] in " \t":
        return True
    if ": " in s or " #" in s or s.endswith(":") or "\t" in s:
        return True
    for tag, regexp in _RESOLVERS.get(first, ()):
        if regexp.match(s):
            return tag != "tag:yaml.org,2002:str"
    return False


def _quote(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def number_text(x) -> str:
    """Numbers as scencat writes them: whole numbers without a fraction, others shortest round-trip."""
    if isinstance(x, bool):
        raise TypeError("bool is not a number")
    if isinstance(x, int):
        return str(x)
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return repr(float(x))


def scalar(v) -> str:
    """One-line text of a scalar value (not for multi-line strings)."""
    if isinstance(v, Date):
        return str(v)
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return number_text(v)
    if isinstance(v, str):
        return _quote(v) if _needs_quotes(v) else v
    raise TypeError(f"unsupported scalar {v!r}")


def _literal(s: str, indent: str) -> str:
    chomp = "" if s.endswith("\n") else "-"
    body = s[:-1] if s.endswith("\n") else s
    lines = body.split("\n")
    out = ["|" + chomp]
    for line in lines:
        out.append(indent + line if line else "")
    return "\n".join(out)


def _emit_map(pairs, indent: str, out: list, first_prefix: str | None = None):
    """Appends lines for a mapping. `first_prefix` replaces `indent` on the first line (for `- `)."""
    first = True
    for key, value in pairs:
        if value is None or (isinstance(value, list) and not value):
            continue
        lead = first_prefix if (first and first_prefix is not None) else indent
        first = False
        if isinstance(value, list):
            out.append(f"{lead}{key}:")
            for item in value:
                if isinstance(item, list):  # a mapping given as pairs
                    _emit_map(item, indent + "  ", out, first_prefix=indent + "- ")
                else:
                    out.append(f"{indent}- {scalar(item)}")
        elif isinstance(value, str) and not isinstance(value, Date) and "\n" in value:
            out.append(f"{lead}{key}: {_literal(value, indent + '  ')}")
        else:
            out.append(f"{lead}{key}: {scalar(value)}")


def emit(pairs) -> str:
    """Canonical text of a whole file given its top-level (key, value) pairs."""
    out: list = []
    _emit_map(pairs, "", out)
    return "\n".join(out) + "\n"


def ordered(kind: str, data: dict) -> list:
    """(key, value) pairs of `data` in the schema order of `kind` (unknown keys are an error)."""
    order = SCHEMA_ORDER[kind]
    extra = set(data) - set(order)
    if extra:
        raise KeyError(f"{kind}: unknown keys {sorted(extra)}")
    return [(k, data[k]) for k in order if k in data]
