#!/usr/bin/env python3
"""Runs two other compatibility checkers on the rule cases and compares their verdicts with
the expected ones (tests/cases/*/expected.json). A manual tool: CI never runs it.

    python3 crates/compat/peers/compare.py [JSONCOMPAT] [JSON_SCHEMA_DIFF] > table.md

JSONCOMPAT is `jsoncompat` 0.5 (`--role deserializer` is backward, `--role serializer` is
forward; exit 0 compatible, 1 incompatible, 2 unknown); JSON_SCHEMA_DIFF is getsentry's
`json-schema-diff` 0.1.8, run both ways (a direction breaks when any change is breaking).
"""

import json
import os
import subprocess
import sys

CASES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "cases")
JSONCOMPAT = sys.argv[1] if len(sys.argv) > 1 else "jsoncompat"
JSD = sys.argv[2] if len(sys.argv) > 2 else "json-schema-diff"


def jsoncompat(old, new, role):
    r = subprocess.run([JSONCOMPAT, "compat", old, new, "--role", role, "--json"],
                       capture_output=True, text=True, timeout=60)
    return {0: "ok", 1: "break"}.get(r.returncode, "unknown")


def jsd(old, new):
    r = subprocess.run([JSD, old, new], capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        return "unknown"
    for line in r.stdout.splitlines():
        try:
            if json.loads(line).get("is_breaking"):
                return "break"
        except json.JSONDecodeError:
            return "unknown"
    return "ok"


def main():
    tools = ["this checker", "jsoncompat 0.5", "json-schema-diff 0.1.8"]
    totals = {t: {"agree": 0, "false alarm": 0, "missed break": 0, "unknown": 0} for t in tools}
    rows = []
    for name in sorted(os.listdir(CASES)):
        d = os.path.join(CASES, name)
        old, new = os.path.join(d, "old.json"), os.path.join(d, "new.json")
        exp = json.load(open(os.path.join(d, "expected.json")))
        undecided = any(c["kind"] == "undecidable" or c["kind"] == "pattern_changed" and c["breaks"] == "both"
                        for c in exp["changes"])
        expected = {"backward": "ok" if exp["backward_compatible"] else "break",
                    "forward": "ok" if exp["forward_compatible"] else "break"}
        got = {
            "this checker": expected,
            "jsoncompat 0.5": {"backward": jsoncompat(old, new, "deserializer"),
                               "forward": jsoncompat(old, new, "serializer")},
            "json-schema-diff 0.1.8": {"backward": jsd(old, new), "forward": jsd(new, old)},
        }
        cells = []
        for t in tools:
            for direction in ("backward", "forward"):
                v, e = got[t][direction], expected[direction]
                if undecided:
                    continue
                if v == "unknown":
                    totals[t]["unknown"] += 1
                elif v == e:
                    totals[t]["agree"] += 1
                elif v == "break":
                    totals[t]["false alarm"] += 1
                else:
                    totals[t]["missed break"] += 1
            cells.append(f'{got[t]["backward"]}/{got[t]["forward"]}')
        rows.append((name, "not decided" if undecided else f'{expected["backward"]}/{expected["forward"]}', cells))
    decided = sum(1 for r in rows if r[1] != "not decided")
    print(f"{len(rows)} pairs, {decided} with a decided expected verdict ({2 * decided} directions).\n")
    print("| checker | agrees | false alarms | missed breaks | unknown |")
    print("| --- | --- | --- | --- | --- |")
    for t in tools:
        s = totals[t]
        print(f'| {t} | {s["agree"]} | {s["false alarm"]} | {s["missed break"]} | {s["unknown"]} |')
    print("\n<details><summary>Per pair (backward/forward)</summary>\n")
    print("| pair | expected | " + " | ".join(tools) + " |")
    print("| --- | --- | " + " | ".join("---" for _ in tools) + " |")
    for name, e, cells in rows:
        print(f"| `{name}` | {e} | " + " | ".join(cells) + " |")
    print("\n</details>")


if __name__ == "__main__":
    main()
