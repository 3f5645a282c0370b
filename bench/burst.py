"""The registration burst: many browsers fetch the form and post it with its CSRF token.

Each attempt is one fresh browser: GET `/events/<id>/register`, keep its cookies, fill in the
form as a person would (every field with its default, a name and a unique e-mail address), POST
it with the CSRF token of the page. Threads give the concurrency (the server does the work).
When the event takes classes (`who=group` on the form), every `GROUP_EVERY`th attempt is a
teacher booking a class of 5 to 20 pupils: seats, not rows, are then what must never overbook.
"""

from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie

import requests

MESSAGE_MARKERS = ("role=\"alert\"", "class=\"error", "class=\"problem", "invalid-feedback",
                   "aria-invalid=\"true\"", "class=\"flash", "field-error", "errors")


class FormParser(HTMLParser):
    """The fields of the registration form (the form that posts to the page itself)."""

    def __init__(self) -> None:
        super().__init__()
        self.in_form = False
        self.found = False
        self.fields: list[tuple[str, str]] = []
        self.radios: dict[str, str] = {}
        self.select: str | None = None
        self.select_value: str | None = None
        self.select_chosen = False
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post" and not self.found:
            action = a.get("action", "")
            if not action or "register" in action:
                self.in_form = self.found = True
        if not self.in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "file"):
                return
            if kind == "radio":
                if "checked" in a or name not in self.radios:
                    self.radios[name] = a.get("value", "")
                return
            if kind == "checkbox":
                if "checked" in a or "required" in a:
                    self.fields.append((name, a.get("value") or "y"))
                return
            self.fields.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self.select, self.select_value, self.select_chosen = name, None, False
        elif tag == "option" and self.select:
            value = a.get("value", "")
            if "selected" in a:  # the page's choice; else the first real option
                self.select_value, self.select_chosen = value, True
            elif not self.select_chosen and value and not self.select_value:
                self.select_value = value
        elif tag == "textarea" and name:
            self.fields.append((name, ""))

    def handle_endtag(self, tag):
        if tag == "select" and self.select:
            self.fields.append((self.select, self.select_value or ""))
            self.select = None
        elif tag == "form" and self.in_form:
            self.in_form = False


GROUP_EVERY = 5


def as_group(number: int) -> dict[str, str]:
    """The class a teacher books in attempt `number` (5 to 20 pupils, two adults)."""
    return {"who": "group", "school_name": f"Bench school {number}",
            "class_name": f"Klas {number}", "pupils": str(5 + number % 16), "adults": "2",
            "contact_phone": "0470 12 34 56"}


def form_fields(html: str, number: int) -> list[tuple[str, str]]:
    parser = FormParser()
    parser.feed(html)
    fields = list(parser.fields) + list(parser.radios.items())
    if 'value="group"' in html and number % GROUP_EVERY == 0:
        group = as_group(number)
        fields = [(n, group.pop(n, v)) for n, v in fields] + list(group.items())
        return [(n, f"bench-{number}-{time.time_ns()}@example.org") if n == "contact_email"
                else (n, f"Bench Leerkracht {number}") if n == "contact_name" else (n, v)
                for n, v in fields]
    filled = []
    for name, value in fields:
        low = name.lower()
        if low == "website" or low.startswith("children-"):
            filled.append((name, value))
        elif "email" in low and "parent" not in low:
            filled.append((name, f"bench-{number}-{time.time_ns()}@example.org"))
        elif low.endswith("name") and "parent" not in low and "organisation" not in low:
            filled.append((name, f"Bench Deelnemer {number}"))
        elif low.endswith("organisation") and not value:
            filled.append((name, "Bench vzw"))
        else:
            filled.append((name, value))
    return filled


def _cookie_header(response: requests.Response) -> str:
    """The cookies a browser keeps from the page: taken by hand, because the production
    cookies are `Secure` and Python's cookie jar does not send those over http://127.0.0.1
    (browsers treat loopback as a secure context and do)."""
    jar = SimpleCookie()
    for header in response.raw.headers.getlist("Set-Cookie"):
        jar.load(header)
    return "; ".join(f"{k}={m.value}" for k, m in jar.items())


@dataclass
class Attempt:
    number: int
    email: str = ""
    get_ms: float | None = None
    post_ms: float | None = None
    status: int | None = None
    outcome: str = "lost"  # accepted | refused | 5xx | lost
    detail: str = ""
    done_at: float | None = None  # wall clock (time.time()) when the POST was answered


@dataclass
class BurstResult:
    attempts: list[Attempt] = field(default_factory=list)
    seconds: float = 0.0


def attempt(base: str, event_id: int, number: int,
            browser: requests.Session | None = None) -> Attempt:
    """One registration: a fresh browser (`requests.Session`) unless one is given (the
    sequential latency measurement keeps its connection, as the hello baseline does)."""
    result = Attempt(number)
    url = f"{base}/events/{event_id}/register"
    try:
        with nullcontext(browser) if browser else requests.Session() as browser:
            started = time.perf_counter()
            page = browser.get(url, timeout=30, allow_redirects=False)
            result.get_ms = (time.perf_counter() - started) * 1000
            if page.status_code >= 500:
                result.status, result.outcome = page.status_code, "5xx"
                return result
            fields = form_fields(page.text, number)
            if not any(name == "csrf_token" for name, _v in fields):
                result.status, result.detail = page.status_code, "no form with a CSRF token"
                return result
            result.email = next((v for n, v in fields if "email" in n.lower()
                                 and "parent" not in n.lower()), "")
            browser.cookies.clear()
            started = time.perf_counter()
            answer = browser.post(url, data=fields, timeout=30, allow_redirects=False,
                                  headers={"Cookie": _cookie_header(page), "Referer": url,
                                           "Origin": base})
            result.post_ms = (time.perf_counter() - started) * 1000
            result.done_at = time.time()
    except requests.RequestException as error:
        result.detail = type(error).__name__
        return result
    result.status = answer.status_code
    if answer.status_code >= 500:
        result.outcome = "5xx"
    elif answer.status_code in (301, 302, 303) and "received" in answer.headers.get(
            "Location", ""):
        result.outcome = "accepted"
    elif 200 <= answer.status_code < 500 and any(m in answer.text for m in MESSAGE_MARKERS):
        result.outcome = "refused"
        found = re.search(r'role="alert"[^>]*>\s*([^<]{0,160})', answer.text)
        result.detail = found.group(1).strip() if found else ""
    else:
        result.detail = f"status {answer.status_code} without a message"
    return result


def burst(base: str, event_id: int, attempts: int = 500, clients: int = 50) -> BurstResult:
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        results = list(pool.map(lambda n: attempt(base, event_id, n), range(attempts)))
    return BurstResult(results, time.perf_counter() - started)
