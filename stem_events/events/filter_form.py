"""What the agenda's filter form needs besides the table: the choices of its controls, the
active-filter chips and the ways to widen an empty result."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from flask import current_app, get_template_attribute
from jinja2.filters import do_truncate
from markupsafe import Markup, escape

from stem_events.data_version import data_version
from stem_events.events.filters import FILTERS, AgendaFilter
from stem_events.i18n import current_language, kept_macro

#: How many (language, data version) sets of choices a process keeps.
MEMO_ENTRIES = 4
#: How many rendered controls (`OptionLists.control`) one set of lists keeps (a few kB each).
CONTROL_ENTRIES = 1024
#: The entries of each section of the form (`Control.section`) in their order (ties keep the
#: table's), sorted once instead of on every agenda page.
SECTIONS = {section: tuple(sorted((e for e in FILTERS if e.control.section == section),
                                  key=lambda e: e.control.order))
            for section in dict.fromkeys(e.control.section for e in FILTERS)}


@dataclass(frozen=True)
class Chip:
    label: str
    remove_query: str


def _mark(html: str, chosen: Iterable[str], attribute: str) -> Markup:
    """The pre-rendered list with the chosen values marked (`selected`, `checked`): every
    value occurs once, as ` value="…">`."""
    for value in chosen:
        needle = f' value="{escape(value)}">'
        html = html.replace(needle, f'{needle[:-1]} {attribute}>', 1)
    return Markup(html)  # noqa: S704 (built from escaped parts)


class OptionLists:
    """The long lists of the filter form (themes, kinds, audiences, municipalities, goals) as
    HTML, built once per (language, data version); a request only marks what it chose."""

    def __init__(self, found: dict):
        self.boxes = {name: "".join(
            f'<label class="check"><input type="checkbox" name="{name}" value="{escape(v)}">'
            f" {escape(label)}</label>\n" for v, label in found[name])
            for name in ("kind", "theme", "audience") if name in found}
        self.groups = tuple(
            (p.nis, frozenset(m.value for m in p.municipalities),
             f'<optgroup label="{escape(p.short_name)}" data-province="{escape(p.nis)}">'
             + "".join(f'<option value="{escape(m.value)}">{escape(m.label)}</option>'
                       for m in p.municipalities) + "</optgroup>\n")
            for p in found.get("municipality", ()))
        self.all_groups = Markup("".join(html for _, _, html in self.groups))  # noqa: S704
        self.provinces = frozenset(("", *(nis for nis, _, _ in self.groups)))
        self.controls: dict[tuple, Markup] = {}
        env = current_app.jinja_env
        self.goals = "".join(
            f'<option value="{escape(g.code)}">'
            f"{chr(0x2003) * {'SD': 0, 'TD': 1}.get(g.level, 2)}{escape(g.label)} "
            f"{escape(do_truncate(env, g.title, 60))}</option>" for g in found.get("goal", ()))

    def control(self, macro, entry, choices: dict, args, error) -> Markup:
        """One control of the filter form (`macro`, its widget in macros/filters.html),
        rendered once per state: the values given for its parameter and its error message.
        Kept here, so once per language and data version like these lists; a new selection
        combines controls in states seen before (a province, an age, a kind).

        The municipality control also depends on the chosen province, and with one it carries
        every province's list (~15 kB): it is kept only for a known province (or none) while
        no municipality is chosen, at most a dozen states, not one per municipality."""
        message = str(error.message) if error is not None and error.param == entry.name else None
        key = (entry.name, tuple(args.getlist(entry.name)), message)
        if entry.control.widget == "municipality":
            province = args.get("province") or ""
            if key[1] or province not in self.provinces:
                return macro(entry, choices, args, error)
            key = (*key, province)
        found = self.controls.get(key)
        if found is None:
            found = Markup(macro(entry, choices, args, error))  # noqa: S704 (a macro's output)
            if len(self.controls) >= CONTROL_ENTRIES:
                self.controls.clear()
            self.controls[key] = found
        return found

    def section(self, name: str, widgets: dict, choices: dict, args, error) -> Markup:
        """The controls of one section (`SECTIONS`), each on lines of its own."""
        return Markup("".join(  # noqa: S704 (the controls' Markup)
            f"\n{self.control(widgets[entry.control.widget], entry, choices, args, error)}\n"
            for entry in SECTIONS.get(name, ())))

    def checkboxes(self, name: str, chosen: list[str]) -> Markup:
        return _mark(self.boxes[name], chosen, "checked")

    def goal_options(self, chosen: str) -> Markup:
        return _mark(self.goals, [chosen] if chosen else [], "selected")

    def municipality_groups(self, province: str | None, chosen: str | None) -> Markup:
        """The province's municipalities (every province's when none is chosen, and the
        chosen municipality's own as well)."""
        html = "".join(h for nis, values, h in self.groups
                       if not province or nis == province or chosen in values)
        return _mark(html, [chosen] if chosen else [], "selected")


#: The template of the filter form's controls and frame.
MACROS = "macros/filters.html"
#: The sections of the agenda's form in the order of its slots (`agenda_form` in `MACROS`).
FORM_SECTIONS = ("top", "place", "lists", "options", "hidden")
#: Where a section's controls go in the form's frame: a character no message contains.
SLOT = "\x1e"


def more_open(args, error) -> bool:
    """Whether "Meer filters" opens: a value given, or an error, in one of its controls."""
    return any(
        any(v for v in args.getlist(entry.name)) or (error is not None
                                                      and error.param == entry.name)
        for section in ("lists", "options") for entry in SECTIONS.get(section, ()))


def form(action: str, choices: dict, args, error) -> Markup:
    """The agenda's filter form: its frame (`agenda_form`) rendered once per language, action
    and whether "Meer filters" opens, with each section's controls in its slot (each control
    once per state: `OptionLists.section`). One call from the page instead of an include,
    a loop over the filters and five macros."""
    opened = more_open(args, error)
    frame = kept_macro(MACROS, "agenda_form", (action, opened), action, opened,
                       Markup(SLOT))  # noqa: S704 (a constant)
    widgets = get_template_attribute(MACROS, "widgets")
    lists = choices["rendered"]
    parts = frame.split(SLOT)
    html = [parts[0]]
    for name, after in zip(FORM_SECTIONS, parts[1:], strict=True):
        html += (lists.section(name, widgets, choices, args, error), after)
    return Markup("".join(html))  # noqa: S704 (rendered macros)


_memo: dict[tuple[str, str], dict] = {}
_memo_lock = threading.Lock()


def choices() -> dict:
    """The options of every control that has them, by parameter (`choices.kind`, …), and
    `choices.rendered`, their long lists as HTML: read and rendered once per language and data
    version (database triggers bump it when an audience or anything else changes)."""
    version = data_version()
    key = (current_language(), version.token if version else "")
    found = _memo.get(key) if version else None
    if found is None:
        found = {entry.name: entry.control.choices() for entry in FILTERS
                 if entry.control.choices}
        found["rendered"] = OptionLists(found)
        if version is None:  # no change recorded yet: nothing to key it by
            return found
        with _memo_lock:
            if len(_memo) >= MEMO_ENTRIES:
                _memo.clear()
            _memo[key] = found
    return found


def chips(f: AgendaFilter) -> list[Chip]:
    """One chip per parameter given, linking to the query without it (what
    `f.without(name, value)` gives: every parameter is one value of its own), each parameter
    encoded once."""
    params = f.params()
    encoded = [urlencode([pair]) for pair in params]
    return [Chip(f.label(name, value), "&".join(encoded[:n] + encoded[n + 1:]))
            for n, (name, value) in enumerate(params)]


def widen_links(f: AgendaFilter, suggestions) -> list[tuple[str, str, int]]:
    """(label of the filter to drop, query without it, number of results then); the label
    without the quotes a search carries, as the sentence quotes it."""
    return [(f.label(name, value).strip("‘’"), query, count)
            for name, value, query, count in suggestions]


def did_you_mean(f: AgendaFilter, corrected: str | None) -> tuple[str, str] | None:
    """(the corrected search, the query string with it and the other filters)."""
    if not corrected:
        return None
    params = [(name, corrected if name == "q" else value) for name, value in f.params()]
    return corrected, urlencode(params)
