"""The repository itself: no leftover merge-conflict markers in what ships (a marker in a
stylesheet made browsers silently skip the rules around it)."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = re.compile(r"^(<{7} |={7}$|>{7} )", re.MULTILINE)


def test_no_merge_conflict_markers_in_tracked_files():
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout.split()
    found = []
    for name in listed:
        path = ROOT / name
        if path.suffix not in {".py", ".html", ".css", ".js", ".md", ".txt", ".po", ".pot",
                               ".toml", ".cfg", ".json", ".lua", ".xml", ".ini"}:
            continue
        if path.is_file() and MARKER.search(path.read_text(encoding="utf-8", errors="ignore")):
            found.append(name)
    assert found == []
