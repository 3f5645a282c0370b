"""An HTTPS client for `make deploy-check`: a browser-like session bound to one loopback source
address (nginx sees 127.0.0.N as the client), and a parser for the forms it fills in."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter


class SourceAddressAdapter(HTTPAdapter):
    """Connections leave from `address`: every 127.0.0.0/8 address is local on Linux."""

    def __init__(self, address: str, **kwargs) -> None:
        self.address = address
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        return super().init_poolmanager(*args, **kwargs)


class Browser:
    """A requests.Session from one client address, trusting the check's certificate, sending
    the Referer a browser sends (Flask-WTF checks it over HTTPS)."""

    def __init__(self, address: str, cert: str) -> None:
        self.address = address
        self.cert = cert  # per request: REQUESTS_CA_BUNDLE would override a session's verify
        self.session = requests.Session()
        adapter = SourceAddressAdapter(address)
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)
        self.last_url = ""

    def get(self, url: str, **kwargs) -> requests.Response:
        kwargs.setdefault("verify", self.cert)
        kwargs.setdefault("timeout", 60)
        kwargs.setdefault("allow_redirects", False)
        answer = self.session.get(url, **kwargs)
        self.last_url = url
        return answer

    def post(self, url: str, data, **kwargs) -> requests.Response:
        kwargs.setdefault("verify", self.cert)
        kwargs.setdefault("timeout", 60)
        kwargs.setdefault("allow_redirects", False)
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
        headers = {"Referer": self.last_url or url, "Origin": origin,
                   **kwargs.pop("headers", {})}
        return self.session.post(url, data=data, headers=headers, **kwargs)

    def form(self, url: str, has: str) -> Form:
        """GET a page and return its first POST form that has a field named `has`."""
        page = self.get(url)
        if page.status_code != 200:
            raise CheckError(f"GET {urlsplit(url).path}: {page.status_code}")
        for found in parse_forms(page.text):
            if found.method == "post" and has in found.names():
                found.action = urljoin(url, found.action or url)
                return found
        raise CheckError(f"GET {urlsplit(url).path}: no form with a field '{has}'")

    def close(self) -> None:
        self.session.close()


class CheckError(Exception):
    """A check's expectation was not met; the message says what was seen."""


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)

    def names(self) -> set[str]:
        return {name for name, _value in self.fields}

    def set(self, name: str, value: str) -> None:
        self.fields = [(n, v) for n, v in self.fields if n != name] + [(name, value)]

    def value(self, name: str) -> str:
        return next((v for n, v in self.fields if n == name), "")


class _FormParser(HTMLParser):
    """What a browser would submit: inputs with their values (checked boxes and radios only),
    selected options (the first one of a single select when none is), textarea contents."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.current: Form | None = None
        self.select: tuple[str, bool] | None = None  # (name, multiple)
        self.options: list[tuple[str, bool]] = []
        self.option_text: list[str] | None = None
        self.textarea: str | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self.current = Form(a.get("action", ""), a.get("method", "get").lower())
            self.forms.append(self.current)
        elif self.current is None:
            return
        elif tag == "input":
            self._input(a)
        elif tag == "select" and a.get("name"):
            self.select, self.options = (a["name"], "multiple" in a), []
        elif tag == "option" and self.select:
            self.options.append((a.get("value", ""), "selected" in a))
            if "value" not in a:
                self.option_text = []
        elif tag == "textarea" and a.get("name"):
            self.textarea, self.text = a["name"], []

    def _input(self, a: dict) -> None:
        name, kind = a.get("name"), a.get("type", "text").lower()
        if not name or kind in ("submit", "button", "image", "file", "reset"):
            return
        if kind in ("checkbox", "radio") and "checked" not in a:
            return
        self.current.fields.append((name, a.get("value", "on" if kind == "checkbox" else "")))

    def handle_data(self, data):
        if self.textarea is not None:
            self.text.append(data)
        elif self.option_text is not None:
            self.option_text.append(data)

    def handle_endtag(self, tag):
        if tag == "option" and self.option_text is not None and self.options:
            value, selected = self.options[-1]
            self.options[-1] = (value or "".join(self.option_text).strip(), selected)
            self.option_text = None
        elif tag == "select" and self.select and self.current is not None:
            self._end_select()
        elif tag == "textarea" and self.textarea and self.current is not None:
            self.current.fields.append((self.textarea, "".join(self.text).removeprefix("\n")))
            self.textarea = None
        elif tag == "form":
            self.current = None

    def _end_select(self) -> None:
        name, multiple = self.select
        chosen = [value for value, selected in self.options if selected]
        if not chosen and not multiple and self.options:
            chosen = [self.options[0][0]]
        self.current.fields.extend((name, value) for value in chosen)
        self.select = None


def parse_forms(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms
