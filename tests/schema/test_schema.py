#!/usr/bin/python3
"""test_schema.py: the model file's JSON Schema (docs/azalea-model.schema.json)
against the loader and the docs, with a real validator (python3-jsonschema):

  - the shipped file is what `azalea schema` prints;
  - it is a valid draft-07 schema, and every default fits its own key;
  - every example and good test model validates, and every bad fixture
    fails, but those listed in CANNOT_EXPRESS (mistakes only the loader
    sees: names that must refer to something, sums, keys that only go
    together, files' contents);
  - each key's description is the meaning docs/model-format.md gives it;
  - the test can fail: without a station key the good models do not
    validate.

YAML is read as yaml-language-server reads it, YAML 1.2's core schema
(06:00 is a string, yes is not a boolean), with python3-yaml. Prints
cmocka-style lines for tests/run-tests.sh.
"""
import copy
import glob
import json
import os
import re
import subprocess
import sys

import jsonschema
import yaml

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
os.chdir(ROOT)
AZ = os.path.join(os.environ.get("AZ_BUILD", "build/rel"), "azalea")
SHIPPED = "docs/azalea-model.schema.json"

# Bad fixtures that are no YAML document the converter reads: an editor
# shows the YAML error itself. Each must fail to be read.
NOT_YAML = {
    "bad_utf8": "invalid UTF-8",
    "cut_utf8": "UTF-8 cut in a character",
    "locale_latin1": "a Latin-1 file",
    "locale_tab": "a tab in the indentation",
    "mapping_value": "a YAML syntax error",
    "merge": "a merge key with a scalar (the loader tells where)",
    "second_document": "a second document",
    "syntax": "a YAML syntax error",
}

# Bad fixtures whose mistake a JSON Schema cannot express, with why: each
# validates, and every other bad fixture must fail validation. A fixture
# listed here that fails validation is reported, so the list stays exact.
CANNOT_EXPRESS = {
    # keys that go with a value of another key
    "optimize_target": "objective min_cost needs a target",
    # names that must refer to something, and one namespace
    "undefined_station": "a route names a station not defined",
    "suggest_tie": "an undefined name (the loader suggests the nearest)",
    "bad_from": "a buffer's `from` is not right before its `to`",
    "duplicate_name": "two things of one name in the shared namespace",
    "duplicate_name_order": "two things of one name",
    "reserved": "the reserved name `release`",
    "no_route": "a product without a route",
    "two_buffers": "two buffers feed one station",
    "pool_no_shifts": "`by_shift` without `shifts`",
    "duplicate_key": "a key given twice: the converter keeps one",
    # sums, counts and orders across values
    "mix_sum": "the mix must sum to 1",
    "break_whole_shift": "a break as long as its shift",
    "calendar_breaks": "a calendar's break outside its shifts",
    "start_bad": "a date that does not exist (2026-02-30)",
    "huge_values": "parameters whose mean or variance is not finite",
    "horizon_precision": "a horizon double precision cannot resolve",
    "interarrival_tiny": "an interarrival too small for the horizon",
    "plan_huge": "more units at once than the engine holds",
    "saturated": "a saturated line without a finite first buffer",
    "saturated_sequence": "a saturated line without a finite first buffer",
    "wip_stall": "a WIP cap that cartons can fill",
    # keys that only go (or never go) together
    "queue_cap": "`blocked: queue` with `wip_cap`",
    "queue_zero": "`blocked: queue` with a zero interarrival time",
    "lot_arrival": "`lot_arrival` without `lot`",
    "dispatch_batch": "a dispatch rule at a batch station mixing families",
    "orders_edd": "earliest_due without orders",
    "plan_release": "a plan with a mix or a sequence",
    "assembly_plan": "a component the plan never releases",
    "assembly_sequence": "a component the sequence never releases",
    # the contents of the files the model names
    "orders_rows": "the order file's rows",
    "plan_header": "the plan file's header",
    "plan_latin1": "the plan file's encoding",
    "plan_no_header": "the plan file's header",
    "plan_quotes": "the plan file's quoting",
    "plan_rows": "the plan file's rows",
    "plan_semicolon": "the plan file's separator",
}

# Headings of docs/model-format.md whose table gives the keys of a
# mapping, and where that mapping is in the schema.
DOC_TABLES = {
    "Distributions": "/definitions/distribution/anyOf/1",
    "Top-level keys": "",
    "`run`": "/properties/run",
    "`products`": "/definitions/product",
    "`release`": "/properties/release",
    "`stations`": "/definitions/station",
    "`setup`: changeovers": "/definitions/station/properties/setup",
    "`failures`: breakdowns": "/definitions/station/properties/failures",
    "`maintenance`: planned maintenance":
        "/definitions/station/properties/maintenance",
    "`batch`: batch processing": "/definitions/station/properties/batch",
    "`buffers`": "/definitions/buffer",
    "`routes`": "/definitions/step/anyOf/1",
    "`operators`": "/definitions/pool",
    "`shifts`": "/properties/shifts",
    "Calendars of their own":
        "/properties/shifts/properties/calendars/additionalProperties",
}

passed = failed = 0


def ok(name):
    global passed
    passed += 1
    print("[       OK ] " + name)


def bad(name, *lines):
    global failed
    failed += 1
    print("[  FAILED  ] " + name)
    for line in lines:
        print("    " + str(line))


class CoreLoader(yaml.SafeLoader):
    """YAML 1.2's core schema: booleans true/false only, decimal, octal
    0o and hex 0x integers, no sexagesimal numbers, no timestamps."""


CoreLoader.yaml_implicit_resolvers = {}
for tag, regexp, first in [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$",
     ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$",
     list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$",
     list("-+0123456789")),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
     r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
     list("-+.0123456789")),
    ("tag:yaml.org,2002:merge", r"^<<$", ["<"]),
]:
    CoreLoader.add_implicit_resolver(tag, re.compile(regexp), first)


def core_int(loader, node):
    v = loader.construct_scalar(node)
    return int(v[2:], 8) if v.startswith("0o") else int(v, 0) \
        if v.startswith("0x") else int(v)


CoreLoader.add_constructor("tag:yaml.org,2002:int", core_int)


def load_yaml(path):
    with open(path, "rb") as f:
        return yaml.load(f, Loader=CoreLoader)


def pointer(doc, ptr):
    for part in [p for p in ptr.split("/") if p]:
        doc = doc[int(part)] if isinstance(doc, list) else doc[part]
    return doc


def errors(validator, doc):
    return sorted(validator.iter_errors(doc), key=lambda e: list(e.path))


def where(e):
    return "/".join(str(p) for p in e.path) + ": " + e.message[:200]


def main():
    # The shipped file is what the command prints.
    out = subprocess.run([AZ, "schema"], capture_output=True, check=False)
    with open(SHIPPED, "rb") as f:
        shipped = f.read()
    if out.returncode == 0 and out.stdout == shipped:
        ok("the shipped schema is what `azalea schema` prints")
    else:
        bad("the shipped schema is what `azalea schema` prints",
            "run: build/rel/azalea schema > " + SHIPPED)
    schema = json.loads(out.stdout or shipped)

    try:
        jsonschema.Draft7Validator.check_schema(schema)
        ok("a valid draft-07 schema")
    except jsonschema.SchemaError as e:
        bad("a valid draft-07 schema", e.message)
    v = jsonschema.Draft7Validator(schema)

    # Every default fits the key it is the default of.
    wrong = []

    def walk(node, path):
        if isinstance(node, dict):
            if "default" in node:
                sub = dict(node, definitions=schema["definitions"])
                if list(jsonschema.Draft7Validator(sub).iter_errors(
                        node["default"])):
                    wrong.append(path)
            for k, x in node.items():
                walk(x, path + "/" + k)
        elif isinstance(node, list):
            for i, x in enumerate(node):
                walk(x, path + "/" + str(i))
    walk(schema, "")
    if wrong:
        bad("every default fits its key", *wrong)
    else:
        ok("every default fits its key")

    # The examples name the schema on their first line, for editors.
    line = "# yaml-language-server: $schema=../docs/azalea-model.schema.json"
    for path in sorted(glob.glob("examples/*.yaml")):
        with open(path, encoding="utf-8") as f:
            first = f.readline().rstrip("\n")
        target = os.path.join(os.path.dirname(path), first.split("=", 1)[-1])
        if first == line and os.path.samefile(target, SHIPPED):
            ok(path + " names the schema on its first line")
        else:
            bad(path + " names the schema on its first line", "want: " + line)

    good = sorted(glob.glob("examples/*.yaml")) + \
        sorted(glob.glob("tests/models/good/*.yaml"))
    docs = {}
    for path in good:
        docs[path] = load_yaml(path)
        errs = errors(v, docs[path])
        if errs:
            bad(path + " validates", *[where(e) for e in errs[:5]])
        else:
            ok(path + " validates")

    for path in sorted(glob.glob("tests/models/bad/*.yaml")):
        name = os.path.basename(path)[:-5]
        try:
            doc = load_yaml(path)
        except yaml.YAMLError as e:
            if name in NOT_YAML:
                ok(path + " is no YAML document (%s)" % NOT_YAML[name])
            else:
                bad(path + " fails validation", "not read: %s" % e)
            continue
        if name in NOT_YAML:
            bad(path + " is no YAML document", "it was read: drop it "
                "from NOT_YAML")
        elif name in CANNOT_EXPRESS:
            errs = errors(v, doc)
            if errs:
                bad(path + " validates (%s)" % CANNOT_EXPRESS[name],
                    "the schema now catches it: drop it from "
                    "CANNOT_EXPRESS", where(errs[0]))
            else:
                ok(path + " validates (%s)" % CANNOT_EXPRESS[name])
        elif errors(v, doc):
            ok(path + " fails validation")
        else:
            bad(path + " fails validation", "it validates; if the schema "
                "cannot express its mistake, list it in CANNOT_EXPRESS")
    unknown = [n for n in list(CANNOT_EXPRESS) + list(NOT_YAML)
               if not os.path.exists("tests/models/bad/%s.yaml" % n)]
    if unknown:
        bad("the lists name existing fixtures", *unknown)
    else:
        ok("the lists name existing fixtures")

    # Each documented key's description is the docs' meaning.
    sys.path.insert(0, "tests/schema")
    tables = doc_tables()
    for head, ptr in DOC_TABLES.items():
        obj = pointer(schema, ptr)
        props = obj.get("properties", {})
        diff = []
        for key, meaning in tables.get(head, {}).items():
            if key.startswith("x-"):
                continue
            got = props.get(key, {}).get("description")
            if got != meaning:
                diff.append("%s: schema %r, docs %r" % (key, got, meaning))
        for key in props:
            if key not in tables.get(head, {}):
                diff.append("%s: in the schema, not in the docs' table" % key)
        if diff:
            bad("docs' meanings of %s" % head, *diff[:6])
        else:
            ok("docs' meanings of %s (%d keys)" % (head, len(props)))

    # The test can fail: a schema without `machines` refuses good models.
    cut = copy.deepcopy(schema)
    del cut["definitions"]["station"]["properties"]["machines"]
    vc = jsonschema.Draft7Validator(cut)
    if any(errors(vc, d) for d in docs.values()):
        ok("a schema without stations' `machines` refuses good models")
    else:
        bad("a schema without stations' `machines` refuses good models")

    print("[==========] %d test(s) run." % (passed + failed))
    if passed:
        print("[  PASSED  ] %d test(s)." % passed)
    if failed:
        print("[  FAILED  ] %d test(s)." % failed)
    return 1 if failed else 0


def doc_tables(path="docs/model-format.md"):
    """{heading: {key: meaning}} of the tables with key and meaning."""
    out, head, cols = {}, None, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#"):
                head, cols = line.lstrip("#").strip(), None
                continue
            if not line.startswith("|"):
                cols = None
                continue
            cells = [c.strip() for c in line.strip().split("|")[1:-1]]
            if cols is None:
                cols = cells
            elif not set(cells[0]) <= set("- ") and \
                    cols[0] in ("key", "kind") and "meaning" in cols:
                out.setdefault(head, {})[cells[0].strip("`")] = \
                    dict(zip(cols, cells))["meaning"]
    return out


if __name__ == "__main__":
    sys.exit(main())
