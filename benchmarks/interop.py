"""Time `kg export` (every format) and `kg validate` on built folders and print a table.

    .venv/bin/python benchmarks/interop.py build /tmp/corpus-build

Each folder must hold a graph.trig written by `kg build`. Exports go to a temporary
folder; each step is run three times and the median is shown, next to the triple count,
so the figures of docs/interoperability.md can be checked on another machine.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from kg.export import FORMATS, export_graph
from kg.validate import validate_build

RUNS = 3


def _median_seconds(step) -> tuple[float, object]:
    times, result = [], None
    for _ in range(RUNS):
        started = time.perf_counter()
        result = step()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main(folders: list[str]) -> int:
    if not folders:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    print(f"{'folder':<28} {'step':<20} {'median s':>9}  result")
    for folder in folders:
        with tempfile.TemporaryDirectory() as tmp:
            for fmt in FORMATS:
                secs, res = _median_seconds(lambda: export_graph(folder, fmt, Path(tmp) / fmt))
                print(f"{folder:<28} {'export ' + fmt:<20} {secs:>9.2f}  {res.describe()}")
        secs, report = _median_seconds(lambda: validate_build(folder))
        print(f"{folder:<28} {'validate':<20} {secs:>9.2f}  {report.triples} triples, "
              f"{len(report.violations)} violations, {len(report.warnings)} warnings")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
