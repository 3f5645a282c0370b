"""Extract the STEM-Agenda 2030 goal tree from the seed text into reference/data/goals.json.

Usage: python scripts/extract_goals.py ../shared/seeds/stem-agenda-2030.txt
The SD/TD titles come from the table of contents, the OD titles from the §6.3 headings, which
are written in capitals in the source; they are put in sentence case with the proper nouns and
abbreviations of the text kept as they are written there.
"""

import json
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "stem_events/reference/data/goals.json"
KEEP = {"stem": "STEM", "vlaamse": "Vlaamse", "vlaanderen": "Vlaanderen", "evc": "EVC"}


def sentence_case(text: str) -> str:
    words = []
    for word in text.lower().split():
        head, sep, tail = word.partition("-")
        head = KEEP.get(head, head)
        if head == "STEM" and sep:  # "STEM-ONDERWIJS" → "STEM-onderwijs"
            word = head + sep + tail
        else:
            word = KEEP.get(word.strip(".,()"), None) and word.replace(
                word.strip(".,()"), KEEP[word.strip(".,()")]
            ) or word
        words.append(word)
    text = re.sub(r"(?<![a-z])stem(?=[-\s]|$)", "STEM", " ".join(words))
    text = text.replace(")STEM", ") STEM")
    return text[0].upper() + text[1:]


def clean(title: str) -> str:
    title = re.sub(r"\.{3,}\s*\d+\s*$", "", title).strip()
    title = title.replace("STEM-ONDERWIJS", "STEM-onderwijs").replace("Het belang", "het belang")
    return re.sub(r"\s+", " ", title).strip(" .")


def main(seed: Path) -> None:
    lines = seed.read_text(encoding="utf-8").splitlines()
    goals: list[dict] = []
    seen: set[str] = set()
    toc = re.compile(r"^(SD|T\.?D\.?)\s*([\d.]+)\s*:\s*(.+)$")
    for line in lines[40:80]:
        m = toc.match(line.strip())
        if not m:
            continue
        level = "SD" if m.group(1) == "SD" else "TD"
        code = level + m.group(2).strip(".")
        if code in seen:
            continue
        seen.add(code)
        parent = None if level == "SD" else "SD" + code[2]
        goals.append({"code": code, "level": level, "parent": parent, "title": clean(m.group(3))})
    od = re.compile(r"^#+\s*OD\s*(\d\.\d\.\d)\s*:?\s*(.+)$")
    for line in lines:
        m = od.match(line.strip())
        if not m or "OD" + m.group(1) in seen:
            continue
        code = "OD" + m.group(1)
        seen.add(code)
        title = sentence_case(clean(m.group(2)))
        goals.append({"code": code, "level": "OD", "parent": "TD" + m.group(1)[:3], "title": title})
    order = {"SD": 0, "TD": 1, "OD": 2}
    goals.sort(key=lambda g: ([int(p) for p in g["code"][2:].split(".")], order[g["level"]]))
    for position, goal in enumerate(goals):
        goal["position"] = position
    OUT.write_text(json.dumps(goals, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(goals)} goals → {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
