"""THE small-cell rule of every published figure about people (DOMAIN.md): a count under 10
shows as "< 10", and so does any share computed from it — on pages and in CSV alike.

Hiding the small cells is not enough when totals are shown: a total minus the other cells
gives the hidden one back. So cells are protected in *groups*: the cells of one linear
relation (parts and their total, e.g. girls + not girls = answered; the provinces and
Flanders; a school year and its quarters). Whenever a group has exactly one hidden cell, its
smallest visible cell is hidden too (secondary suppression), until no group has one. A
group may hold cells that are never shown (the complement "not girls"): hiding them is what
forces the second cell.

Usage: build a `Counts` with every cell (`add`) and every group (`group`), then read
`text(key)` and `share(part, total)`; both say "< 10" for a hidden cell."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

THRESHOLD = 10
HIDDEN = "< 10"


@dataclass
class Counts:
    values: dict[Hashable, int] = field(default_factory=dict)
    groups: list[tuple[Hashable, ...]] = field(default_factory=list)
    _hidden: set | None = None

    def add(self, key: Hashable, count: int) -> None:
        self.values[key] = self.values.get(key, 0) + int(count)
        self._hidden = None

    def group(self, keys: Iterable[Hashable]) -> None:
        """Cells whose relation is known (their sum, or parts and their total)."""
        found = tuple(keys)
        for key in found:
            self.values.setdefault(key, 0)
        self.groups.append(found)
        self._hidden = None

    @property
    def hidden(self) -> set:
        if self._hidden is None:
            self._hidden = protect(self.values, self.groups)
        return self._hidden

    def is_shown(self, key: Hashable) -> bool:
        return key not in self.hidden

    def text(self, key: Hashable) -> str:
        """The published count, or "< 10"."""
        return str(self.values.get(key, 0)) if self.is_shown(key) else HIDDEN

    def share(self, part: Hashable, total: Hashable) -> str:
        """'42 %' when both counts may be shown, else "< 10" (a share would give them back)."""
        if not (self.is_shown(part) and self.is_shown(total)) or not self.values.get(total):
            return HIDDEN
        return f"{round(100 * self.values[part] / self.values[total])} %"


def protect(values: dict[Hashable, int], groups: list[tuple[Hashable, ...]]) -> set:
    """The cells to hide: every one under THRESHOLD, then secondary suppression until no
    group has exactly one hidden cell (each step hides one more cell, so it ends)."""
    hidden = {key for key, count in values.items() if count < THRESHOLD}
    changed = True
    while changed:
        changed = False
        for group in groups:
            if sum(1 for key in group if key in hidden) != 1:
                continue
            visible = sorted((key for key in group if key not in hidden),
                             key=lambda k: (values[k], repr(k)))
            if visible:
                hidden.add(visible[0])
                changed = True
    return hidden


def text(count: int) -> str:
    """One count that stands alone (no total beside it): "< 10" under the threshold."""
    return str(count) if count >= THRESHOLD else HIDDEN
