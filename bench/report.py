"""`python -m bench.report`: bench/results.json as the Markdown table of the README."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bench.run import TARGETS, fmt

RESULTS = Path(__file__).resolve().parent / "results.json"


def markdown(results: dict) -> str:
    runs = results["runs"] + results.get("scale", {}).get("runs", [])
    names = [f"{r['db']} ×{r['workers']}" for r in runs]
    lines = [f"| figure | target | {' | '.join(names)} |",
             f"|---|---|{'|'.join('---' for _ in runs)}|"]
    for figure, (target, test) in TARGETS.items():
        cells = []
        for run in runs:
            if figure not in run["figures"]:
                cells.append("")
                continue
            value = run["figures"][figure]
            cells.append("n/a" if value is None else
                         f"{fmt(value)} {'✓' if test(value) else '✗'}")
        if any(cells):
            lines.append(f"| `{figure}` | {target} | {' | '.join(cells)} |")
    return "\n".join(lines)


def main() -> int:
    results = json.loads(RESULTS.read_text())
    print(f"{results['mode']} run, {results['events']} events, "
          f"{results['duration_s']:.0f} s, on {results['machine']}\n")
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
