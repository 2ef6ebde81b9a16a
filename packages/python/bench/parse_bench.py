"""Parse-and-validate time per event: the package's `parse_event` against `json.loads` +
`jsonschema` (the published schema, a validator built once, formats checked), in the same run.

Run from packages/python with the test requirements installed:
`PYTHONPATH=src python bench/parse_bench.py [path/to/event.json]` (default: the seed example).
"""

from __future__ import annotations

import json
import statistics
import sys
import timeit
from pathlib import Path

import jsonschema

from vcc_events import parse_event

ROOT = Path(__file__).resolve().parents[3]
file = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests/fixtures/channel.parked.v0/valid-seed-example.json"
body = file.read_bytes()
event_type = json.loads(body)["type"]
schema = json.loads((ROOT / "schemas" / f"{event_type}.json").read_text(encoding="utf-8"))
validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def baseline() -> object:
    value = json.loads(body)
    validator.validate(value)
    return value


pipelines = {
    "parse_event (vcc-events)": lambda: parse_event(body),
    "json.loads + jsonschema": baseline,
}
ROUNDS, N = 7, 2000
results: dict[str, list[float]] = {name: [] for name in pipelines}
for _ in range(ROUNDS):
    # Interleaved, so that both see the same state of a shared host.
    for name, run in pipelines.items():
        run()
        results[name].append(timeit.timeit(run, number=N) / N)
print(f"{event_type}, {len(body)} bytes, Python {sys.version.split()[0]}, median of {ROUNDS} rounds of {N}:")
base = statistics.median(results["json.loads + jsonschema"])
for name, times in results.items():
    m = statistics.median(times)
    print(f"  {name:30} {m * 1e6:8.2f} µs/event ({m / base:.2f}x)")
