"""A local stand-in for UiTdatabank, written from publiq's public documentation
(cultuurnet/apidocs: authentication/client-access-token, entry-api events/places/organizers,
shared/calendar-info, status, labels, price-info, workflow-status, search-api pagination).

One `http.server` on a loopback port serves three roots:
  /oauth/token           the token server (client_credentials, audience https://api.publiq.be)
  /entry/...             Entry API: POST/PUT/GET/DELETE events, POST/GET places, organizers;
                         POST /images (multipart upload), PUT /events/<id>/images/main,
                         POST and DELETE /events/<id>/images[/<imageId>]
  /search/...            Search API: GET /events/, /places/, /organizers/ (q, start, limit)

Every body is checked against the documented required fields and shapes; a body that breaks
them gets the documented 400 `application/problem+json` with `schemaErrors`, and the test that
caused it fails (`assert_no_rejections`). Faults are injected per request with `fail(...)`.
"""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from datetime import datetime
from email import message_from_bytes
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

CLIENT_ID = "test-client-id"
CLIENT_SECRET = "test-client-secret-DO-NOT-LOG"
AUDIENCE = "https://api.publiq.be"

EVENT_FIELDS = {
    "mainLanguage", "name", "description", "terms", "calendarType", "subEvent", "startDate",
    "endDate", "openingHours", "location", "attendanceMode", "onlineUrl", "status",
    "bookingAvailability", "typicalAgeRange", "priceInfo", "bookingInfo", "contactPoint",
    "organizer", "labels", "hiddenLabels", "workflowStatus", "availableFrom", "mediaObject",
    "audience",
}
CALENDAR_TYPES = {"single", "multiple", "periodic", "permanent"}
STATUS_TYPES = {"Available", "Unavailable", "TemporarilyUnavailable"}
WORKFLOW = {"DRAFT", "READY_FOR_VALIDATION"}
TERM_ID = re.compile(r"^(\d+\.){4}\d+$|^[A-Za-z0-9_-]{22}$")
AGE_RANGE = re.compile(r"^\d*-\d*$")
ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d([+-]\d\d:\d\d|Z)$")
HTML_TAG = re.compile(r"<[a-zA-Z/][^>]*>")
EVENTTYPES = {"0.3.1.0.0", "0.3.1.0.1", "0.3.2.0.0", "0.7.0.0.0", "0.6.0.0.0", "0.12.0.0.0",
              "0.0.0.0.0", "0.57.0.0.0", "0.50.21.0.0", "0.59.0.0.0", "0.50.4.0.0"}
THEMES = {"1.25.0.0.0", "1.21.0.0.0", "1.64.0.0.0", "1.37.0.0.0", "1.41.0.0.0"}
IMAGE_TYPES = {"image/jpeg", "image/png", "image/gif"}
IMAGE_LANGUAGES = {"nl", "fr", "de", "en"}
MAX_IMAGE_BYTES = 21_000_000  # "images up to 21 million bytes"


class Fake:
    def __init__(self) -> None:
        self.events: dict[str, dict] = {}
        self.places: dict[str, dict] = {}
        self.organizers: dict[str, dict] = {}
        self.images: dict[str, dict] = {}  # uploaded mediaObjects, by id
        self.requests: list[tuple[str, str, dict | None]] = []  # (method, path, body)
        self.rejections: list[tuple[str, str, list]] = []
        self.faults: list[dict] = []
        self.tokens: set[str] = set()
        self.tokens_issued = 0
        self.expires_in = 86400
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # --- lifecycle and settings ------------------------------------------------------------

    def start(self) -> Fake:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def settings(self) -> dict:
        return {"UITDATABANK_ENTRY_URL": self.base + "/entry",
                "UITDATABANK_SEARCH_URL": self.base + "/search",
                "UITDATABANK_TOKEN_URL": self.base + "/oauth/token",
                "UITDATABANK_CLIENT_ID": CLIENT_ID, "UITDATABANK_CLIENT_SECRET": CLIENT_SECRET,
                "UITDATABANK_TIMEOUT_SECONDS": 0.5, "UITDATABANK_RETRY_SECONDS": 0.0}

    # --- test controls ---------------------------------------------------------------------

    def fail(self, method: str, path_prefix: str, what, times: int = 1, **extra) -> None:
        """The next `times` requests whose path starts with `path_prefix` get `what`: an HTTP
        status, "timeout" (no answer within the client's timeout), "not-json", or "drop" (the
        request is carried out, then the connection closes without an answer)."""
        self.faults.append({"method": method, "prefix": path_prefix, "what": what,
                            "times": times, **extra})

    def revoke_tokens(self) -> None:
        """Every token handed out so far is now expired (the API answers 401)."""
        self.tokens.clear()

    def calls(self, method: str | None = None, prefix: str = "") -> list:
        return [r for r in self.requests
                if (method is None or r[0] == method) and r[1].startswith(prefix)]

    def add_search_event(self, document: dict) -> dict:
        """An event that others entered in UiTdatabank (for the import)."""
        document.setdefault("@id", f"{self.base}/entry/events/{uuid.uuid4()}")
        document.setdefault("@type", "Event")
        document.setdefault("workflowStatus", "APPROVED")
        self.events[document["@id"].rsplit("/", 1)[1]] = document
        return document

    def assert_no_rejections(self) -> None:
        assert not self.rejections, self.rejections

    # --- the documented behaviour ------------------------------------------------------------

    def take_fault(self, method: str, path: str) -> dict | None:
        with self.lock:
            for fault in self.faults:
                if fault["method"] in (method, "*") and path.startswith(fault["prefix"]):
                    fault["times"] -= 1
                    if fault["times"] <= 0:
                        self.faults.remove(fault)
                    return fault
        return None

    def token(self, body) -> tuple[int, dict]:
        errors = _required(body, ("client_id", "client_secret", "audience", "grant_type"))
        if errors:
            return 400, {"error": "invalid_request", "error_description": "; ".join(errors)}
        if body["grant_type"] != "client_credentials" or body["audience"] != AUDIENCE:
            return 400, {"error": "invalid_request"}
        if (body["client_id"], body["client_secret"]) != (CLIENT_ID, CLIENT_SECRET):
            return 401, {"error": "access_denied"}
        token = uuid.uuid4().hex
        self.tokens.add(token)
        self.tokens_issued += 1
        return 200, {"access_token": token, "expires_in": self.expires_in,
                     "token_type": "Bearer"}

    def entry(self, method: str, parts: list[str], body) -> tuple[int, dict | None]:
        kind = parts[0] if parts else ""
        if parts == ["images"] and method == "POST":
            return self.upload(body)
        if kind == "events" and len(parts) in (3, 4) and parts[2] == "images":
            return self.event_image(method, parts, body)
        store = {"events": self.events, "places": self.places,
                 "organizers": self.organizers}.get(kind)
        if store is None:
            return 404, _problem(404, "Not Found")
        if len(parts) == 1 and method == "POST":
            errors = VALIDATORS[kind](self, body)
            if errors:
                self.rejections.append((method, "/" + "/".join(parts), errors))
                return 400, _invalid(errors)
            new_id = str(uuid.uuid4())
            url = f"{self.base}/entry/{kind}/{new_id}"
            store[new_id] = {**body, "@id": url,
                             "workflowStatus": body.get("workflowStatus", "DRAFT")
                             if kind != "organizers" else "ACTIVE"}
            _derive(store[new_id])
            return 201, {"id": new_id, f"{kind[:-1]}Id": new_id, "url": url,
                         "commandId": str(uuid.uuid4())}
        if len(parts) != 2:
            return 404, _problem(404, "Not Found")
        found = store.get(parts[1])
        if found is None or found.get("workflowStatus") == "DELETED" and method != "GET":
            return 404, _problem(404, "Not Found", f"{kind[:-1]} {parts[1]} not found")
        if method == "GET":
            return 200, found
        if method == "DELETE":
            found["workflowStatus"] = "DELETED"
            return 204, None
        if method == "PUT" and kind == "events":
            errors = VALIDATORS[kind](self, body)
            if errors:
                self.rejections.append((method, "/" + "/".join(parts), errors))
                return 400, _invalid(errors)
            workflow = body.get("workflowStatus", found.get("workflowStatus"))
            store[parts[1]] = {**body, "@id": found["@id"], "workflowStatus": workflow}
            # the main image stays while it is still one of the event's images
            kept = {self.images[i]["contentUrl"] for i in _image_ids(body)
                    if i in self.images}
            if found.get("image") in kept:
                store[parts[1]]["image"] = found["image"]
            _derive(store[parts[1]])
            return 200, {"id": parts[1], "eventId": parts[1], "url": found["@id"]}
        return 405, _problem(405, "Method Not Allowed")

    def upload(self, form) -> tuple[int, dict]:
        """POST /images, multipart/form-data: the binary `file`, `description`,
        `copyrightHolder` and `language`; the answer names the new mediaObject."""
        errors = validate_upload(form)
        if errors:
            self.rejections.append(("POST", "/images", errors))
            return 400, _invalid(errors)
        new_id = str(uuid.uuid4())
        extension = form["file"]["type"].split("/")[1]
        self.images[new_id] = {
            "@id": f"{self.base}/entry/images/{new_id}", "id": new_id,
            "contentUrl": f"{self.base}/media/{new_id}.{extension}",
            "contentType": form["file"]["type"], "size": len(form["file"]["data"]),
            "description": form["description"], "copyrightHolder": form["copyrightHolder"],
            "language": form["language"]}
        return 201, {"id": new_id, "imageId": new_id, "@id": self.images[new_id]["@id"],
                     "commandId": str(uuid.uuid4())}

    def event_image(self, method: str, parts: list[str], body) -> tuple[int, dict | None]:
        """POST /events/<id>/images and PUT /events/<id>/images/main with
        {"mediaObjectId": …}; DELETE /events/<id>/images/<imageId>."""
        found = self.events.get(parts[1])
        if found is None or found.get("workflowStatus") == "DELETED":
            return 404, _problem(404, "Not Found", f"event {parts[1]} not found")
        attached = [m["@id"].rsplit("/", 1)[1] for m in found.get("mediaObject") or []]
        if method == "DELETE" and len(parts) == 4:
            if parts[3] not in attached:
                return 404, _problem(404, "Not Found", f"image {parts[3]} not on this event")
            found["mediaObject"] = [m for m in found["mediaObject"]
                                    if not m["@id"].endswith("/" + parts[3])]
            if found.get("image") == self.images[parts[3]]["contentUrl"]:
                found.pop("image")
            return 204, None
        if method not in ("POST", "PUT") or (method, parts[3:]) not in (
                ("POST", []), ("PUT", ["main"])):
            return 405, _problem(405, "Method Not Allowed")
        errors = _required(body, ("mediaObjectId",))
        image_id = str((body or {}).get("mediaObjectId", "")) if not errors else ""
        if not errors and image_id not in self.images:
            errors = [f"/mediaObjectId: image {image_id} does not exist"]
        if not errors and method == "PUT" and image_id not in attached:
            errors = [f"/mediaObjectId: image {image_id} is not one of the event's images"]
        if errors:
            self.rejections.append((method, "/" + "/".join(parts), errors))
            return 400, _invalid(errors)
        if method == "POST" and image_id not in attached:
            found.setdefault("mediaObject", []).append(_media_object(self.images[image_id]))
        if method == "PUT":
            found["image"] = self.images[image_id]["contentUrl"]
        return 204, None

    def search(self, kind: str, query: dict) -> tuple[int, dict]:
        start = int(query.get("start", ["0"])[0])
        limit = int(query.get("limit", ["30"])[0])
        if not 0 <= start <= 10000:
            return 404, _problem(404, "Not Found",
                                 'The "start" parameter should be between 0 and 10000')
        if not 0 <= limit <= 2000:
            return 404, _problem(404, "Not Found",
                                 'The "limit" parameter should be between 0 and 2000')
        store = {"events": self.events, "places": self.places,
                 "organizers": self.organizers}.get(kind)
        if store is None:
            return 404, _problem(404, "Not Found")
        q = query.get("q", [""])[0]
        matches = [d for d in store.values()
                   if d.get("workflowStatus") not in ("DELETED", "DRAFT", "REJECTED")
                   and _matches(d, q, query)]
        matches.sort(key=lambda d: (d.get("startDate") or "", d["@id"]))
        page = matches[start:start + limit]
        embed = query.get("embed", ["false"])[0] == "true"
        members = page if embed else [{"@id": d["@id"], "@type": kind[:-1].title()}
                                      for d in page]
        return 200, {"@context": "http://www.w3.org/ns/hydra/context.jsonld",
                     "@type": "PagedCollection", "itemsPerPage": limit,
                     "totalItems": len(matches), "member": members}


def _derive(document: dict) -> None:
    """What the API adds to a single/multiple event it stores: top-level start and end."""
    subs = document.get("subEvent") or []
    if subs:
        document["startDate"] = min(s["startDate"] for s in subs)
        document["endDate"] = max(s["endDate"] for s in subs)


# --- validation (the documented required fields and shapes) ----------------------------------

def _image_ids(body) -> list[str]:
    media = body.get("mediaObject") if isinstance(body, dict) else None
    return [str(m.get("@id", "")).rsplit("/", 1)[-1] for m in media or []
            if isinstance(m, dict)]


def _media_object(image: dict) -> dict:
    return {"@id": image["@id"], "@type": "schema:ImageObject", "id": image["id"],
            "contentUrl": image["contentUrl"], "description": image["description"],
            "copyrightHolder": image["copyrightHolder"], "inLanguage": image["language"]}


def _image_rights(description, holder, where: str) -> list[str]:
    errors = []
    if not isinstance(description, str) or not description.strip():
        errors.append(f"{where}description: required, a non-empty text")
    if not isinstance(holder, str) or not 2 <= len(holder.strip()) <= 250:
        errors.append(f"{where}copyrightHolder: required, 2 to 250 characters")
    return errors


def validate_upload(form) -> list[str]:
    if not isinstance(form, dict) or form.get("_multipart") is not True:
        return ["/: the upload is multipart/form-data"]
    errors = [f"/: The required properties ({name}) are missing." for name in
              ("file", "description", "copyrightHolder", "language") if name not in form]
    if errors:
        return errors
    file = form["file"]
    if not isinstance(file, dict):
        return ["/file: binary data of the image, not a URL"]
    if file["type"] not in IMAGE_TYPES:
        errors.append("/file: a JPEG, PNG or GIF image")
    if not file["data"] or len(file["data"]) > MAX_IMAGE_BYTES:
        errors.append("/file: at most 21 million bytes")
    errors += _image_rights(form["description"], form["copyrightHolder"], "/")
    if form["language"] not in IMAGE_LANGUAGES:
        errors.append("/language: nl, fr, de or en")
    return errors


def _media_objects(fake: Fake, value) -> list[str]:
    if not isinstance(value, list):
        return ["/mediaObject: a list of images"]
    errors = []
    for i, item in enumerate(value):
        where = f"/mediaObject/{i}/"
        if not isinstance(item, dict) or not isinstance(item.get("@id"), str):
            errors.append(f"{where}@id: required")
            continue
        if item["@id"].rsplit("/", 1)[-1] not in fake.images:
            errors.append(f"{where}@id: {item['@id']} was never uploaded")
        errors += _image_rights(item.get("description"), item.get("copyrightHolder"), where)
        if item.get("inLanguage", "nl") not in IMAGE_LANGUAGES:
            errors.append(f"{where}inLanguage: nl, fr, de or en")
    return errors

def _required(body, names) -> list[str]:
    if not isinstance(body, dict):
        return ["/: the body must be a JSON object"]
    missing = [n for n in names if n not in body]
    return [f"/: The required properties ({', '.join(missing)}) are missing."] if missing else []


def _translated(value, where: str, plain: bool = True) -> list[str]:
    if not isinstance(value, dict) or not isinstance(value.get("nl"), str) \
            or not value["nl"].strip():
        return [f"{where}: must be an object with a non-empty 'nl' string"]
    if plain and HTML_TAG.search(value["nl"]):
        return [f"{where}/nl: only plain text is allowed"]
    return []


def _moment(value, where: str) -> list[str]:
    if not isinstance(value, str) or not ISO_WITH_OFFSET.match(value):
        return [f"{where}: must be an ISO-8601 datetime with an offset"]
    return []


def _status(value, where: str) -> list[str]:
    if not isinstance(value, dict) or value.get("type") not in STATUS_TYPES:
        return [f"{where}/type: must be one of {sorted(STATUS_TYPES)}"]
    errors = []
    if "reason" in value:
        if value["type"] == "Available":
            errors.append(f"{where}/reason: only with Unavailable or TemporarilyUnavailable")
        errors += _translated(value["reason"], f"{where}/reason")
    return errors


def _reference(fake: Fake, value, store: dict, where: str) -> list[str]:
    if not isinstance(value, dict) or not isinstance(value.get("@id"), str):
        return [f"{where}: must be an object with an '@id'"]
    found = store.get(value["@id"].rstrip("/").rsplit("/", 1)[-1])
    if found is None or found.get("workflowStatus") == "DELETED":
        return [f"{where}/@id: {value['@id']} does not exist"]
    return []


def validate_event(fake: Fake, body) -> list[str]:
    errors = _required(body, ("mainLanguage", "name", "terms", "calendarType"))
    if errors:
        return errors
    errors += [f"/{k}: unknown property" for k in body if k not in EVENT_FIELDS]
    if body["mainLanguage"] != "nl":
        errors.append("/mainLanguage: expected nl")
    errors += _translated(body["name"], "/name")
    if "description" in body:
        errors += _translated(body["description"], "/description")
    terms = body["terms"]
    if not isinstance(terms, list) or not all(isinstance(t, dict) and TERM_ID.match(
            str(t.get("id", ""))) for t in terms):
        errors.append("/terms: a list of objects with a term id")
    else:
        types = [t["id"] for t in terms if t["id"] in EVENTTYPES]
        if len(types) != 1:
            errors.append("/terms: exactly one term of the domain eventtype is required")
        errors += [f"/terms: unknown term {t['id']}" for t in terms
                   if t["id"] not in EVENTTYPES | THEMES]
    if body["calendarType"] not in CALENDAR_TYPES:
        errors.append("/calendarType: unknown calendar type")
    elif body["calendarType"] in ("single", "multiple"):
        subs = body.get("subEvent")
        if not isinstance(subs, list) or not subs:
            errors.append("/subEvent: required for calendarType single or multiple")
        else:
            for i, sub in enumerate(subs):
                errors += _sub_event(sub, f"/subEvent/{i}")
    mode = body.get("attendanceMode", "offline")
    if mode not in ("offline", "online", "mixed"):
        errors.append("/attendanceMode: offline, online or mixed")
    if mode == "online":
        if "location" in body:
            errors.append("/location: an online event is sent without a location")
    elif "location" not in body:
        errors.append("/: The required properties (location) are missing.")
    else:
        errors += _reference(fake, body["location"], fake.places, "/location")
    if "organizer" in body:
        errors += _reference(fake, body["organizer"], fake.organizers, "/organizer")
    if "status" in body:
        errors += _status(body["status"], "/status")
    if "typicalAgeRange" in body and not AGE_RANGE.match(str(body["typicalAgeRange"])):
        errors.append("/typicalAgeRange: must look like '6-12', '18-' or '-'")
    if "priceInfo" in body:
        errors += _price_info(body["priceInfo"])
    if "bookingInfo" in body:
        info = body["bookingInfo"]
        if not isinstance(info, dict) or not str(info.get("url", "")).startswith("http"):
            errors.append("/bookingInfo/url: must be an absolute URL")
        elif "urlLabel" in info:
            errors += _translated(info["urlLabel"], "/bookingInfo/urlLabel")
    if "bookingAvailability" in body and not _availability(body["bookingAvailability"]):
        errors.append("/bookingAvailability/type: Available or Unavailable")
    if "mediaObject" in body:
        errors += _media_objects(fake, body["mediaObject"])
    for name in ("labels", "hiddenLabels"):
        for label in body.get(name, []):
            if not isinstance(label, str) or not 1 < len(label) < 255 or ";" in label:
                errors.append(f"/{name}: a label is 2-254 characters without semicolons")
    if body.get("workflowStatus", "DRAFT") not in WORKFLOW:
        errors.append("/workflowStatus: DRAFT or READY_FOR_VALIDATION")
    return errors


def _sub_event(sub, where: str) -> list[str]:
    if not isinstance(sub, dict):
        return [f"{where}: must be an object"]
    errors = _required(sub, ("startDate", "endDate"))
    if errors:
        return [e.replace("/:", f"{where}:") for e in errors]
    errors += _moment(sub["startDate"], f"{where}/startDate")
    errors += _moment(sub["endDate"], f"{where}/endDate")
    if not errors and datetime.fromisoformat(sub["endDate"]) < datetime.fromisoformat(
            sub["startDate"]):
        errors.append(f"{where}/endDate: must not be before startDate")
    if "status" in sub:
        errors += _status(sub["status"], f"{where}/status")
    if "bookingAvailability" in sub and not _availability(sub["bookingAvailability"]):
        errors.append(f"{where}/bookingAvailability/type: Available or Unavailable")
    return errors


def _availability(value) -> bool:
    return isinstance(value, dict) and value.get("type") in ("Available", "Unavailable")


def _price_info(value) -> list[str]:
    if not isinstance(value, list) or not value:
        return ["/priceInfo: a non-empty list"]
    errors = []
    for i, line in enumerate(value):
        where = f"/priceInfo/{i}"
        if not isinstance(line, dict):
            errors.append(f"{where}: must be an object")
            continue
        errors += [e.replace("/:", f"{where}:") for e in
                   _required(line, ("category", "name", "price", "priceCurrency"))]
        expected = "base" if i == 0 else "tariff"
        if line.get("category") != expected:
            errors.append(f"{where}/category: the first line is 'base', the others 'tariff'")
        if i == 0 and line.get("name") != {"nl": "Basistarief"}:
            errors.append(f"{where}/name: the base price is named 'Basistarief'")
        if not isinstance(line.get("price"), int | float) or line.get("price", 0) < 0:
            errors.append(f"{where}/price: a number, 0.0 when free")
        if line.get("priceCurrency") != "EUR":
            errors.append(f"{where}/priceCurrency: EUR")
    return errors


def validate_place(fake: Fake, body) -> list[str]:
    errors = _required(body, ("mainLanguage", "name", "calendarType", "address", "terms"))
    if errors:
        return errors
    errors += _translated(body["name"], "/name")
    if body["calendarType"] not in ("periodic", "permanent"):
        errors.append("/calendarType: a place is periodic or permanent")
    address = body["address"].get("nl") if isinstance(body["address"], dict) else None
    if not isinstance(address, dict):
        errors.append("/address/nl: required")
    else:
        errors += [e.replace("/:", "/address/nl:") for e in _required(
            address, ("addressCountry", "addressLocality", "postalCode", "streetAddress"))]
        if not re.fullmatch(r"\d{4}", str(address.get("postalCode", ""))):
            errors.append("/address/nl/postalCode: four digits")
    terms = body["terms"]
    if not isinstance(terms, list) or len(terms) != 1 or not TERM_ID.match(
            str(terms[0].get("id", ""))):
        errors.append("/terms: exactly one place type")
    return errors


def validate_organizer(fake: Fake, body) -> list[str]:
    errors = _required(body, ("mainLanguage", "name", "website"))
    if errors:
        return errors
    if not (isinstance(body["name"], str) and body["name"].strip()):
        errors += _translated(body["name"], "/name")
    if not str(body["website"]).startswith(("https://", "http://")):
        errors.append("/website: an absolute URL (the organizer's website, unique)")
    taken = [o for o in fake.organizers.values() if o.get("website") == body["website"]]
    if taken:
        errors.append("/website: an organizer with this website already exists")
    return errors


VALIDATORS = {"events": validate_event, "places": validate_place,
              "organizers": validate_organizer}


# --- search: the few query forms the platform sends ------------------------------------------

CLAUSE = re.compile(r'(NOT\s+)?([\w.\\*]+):("([^"]*)"|\S+)')


def _field_values(document: dict, field: str) -> list[str]:
    field = field.replace("\\", "")
    if field == "labels":
        return [str(x) for x in document.get("labels", []) + document.get("hiddenLabels", [])]
    if field == "terms.id":
        return [t.get("id", "") for t in document.get("terms", [])]
    if field == "name.*":
        name = document.get("name")
        return list(name.values()) if isinstance(name, dict) else [str(name)]
    if field == "address.*.postalCode":
        return [a.get("postalCode", "") for a in (document.get("address") or {}).values()]
    if field == "website":
        return [document.get("website", "")]
    return []


def _matches(document: dict, q: str, query: dict) -> bool:
    for group in filter(None, (g.strip() for g in re.split(r"\bAND\b", q))):
        group = group.strip("() ")
        alternatives = re.split(r"\bOR\b", group)
        hit = False
        for alternative in alternatives:
            match = CLAUSE.search(alternative.strip())
            if match is None:
                continue
            negate, field, _raw, quoted, = match.group(1), match.group(2), match.group(3), \
                match.group(4)
            wanted = quoted if quoted is not None else match.group(3)
            values = _field_values(document, field)
            found = any(v == wanted or (wanted.endswith("*") and v.startswith(wanted[:-1]))
                        for v in values)
            hit = hit or (found != bool(negate))
        if not hit:
            return False
    for label in query.get("labels", []):
        if label.strip('"') not in _field_values(document, "labels"):
            return False
    for name, prop, later in (("dateFrom", "endDate", True), ("dateTo", "startDate", False)):
        if name in query and document.get(prop):
            mine = datetime.fromisoformat(document[prop])
            bound = datetime.fromisoformat(query[name][0])
            if (mine < bound) if later else (mine > bound):
                return False
    if "website" in query and document.get("website") != query["website"][0]:
        return False
    return True


# --- HTTP ------------------------------------------------------------------------------------

def _problem(status: int, title: str, detail: str = "") -> dict:
    body = {"type": "https://api.publiq.be/probs/url/not-found" if status == 404 else
            "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    return body


def _invalid(errors: list[str]) -> dict:
    return {"type": "https://api.publiq.be/probs/body/invalid-data",
            "title": "Invalid body data", "status": 400,
            "schemaErrors": [{"jsonPointer": e.split(":", 1)[0],
                              "error": e.split(":", 1)[1].strip()} for e in errors]}


def _form_data(content_type: str, raw: bytes) -> dict:
    """A multipart/form-data body: text fields as strings, a file as its type and bytes."""
    message = message_from_bytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + raw, policy=HTTP)
    if not message.is_multipart():
        raise ValueError("not multipart")
    form: dict = {"_multipart": True}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        data = part.get_payload(decode=True) or b""
        if part.get_filename() is not None:
            form[name] = {"type": part.get_content_type(), "data": data,
                          "filename": part.get_filename()}
        else:
            form[name] = data.decode()
    return form


def _handler(fake: Fake):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # quiet
            pass

        def do_GET(self):  # noqa: N802
            self._handle("GET")

        def do_POST(self):  # noqa: N802
            self._handle("POST")

        def do_PUT(self):  # noqa: N802
            self._handle("PUT")

        def do_DELETE(self):  # noqa: N802
            self._handle("DELETE")

        def _handle(self, method: str) -> None:
            split = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            content_type = self.headers.get("Content-Type", "")
            try:
                if content_type.startswith("multipart/form-data"):
                    body = _form_data(content_type, raw)
                else:
                    body = json.loads(raw) if raw else None
            except ValueError:
                return self._send(400, _problem(400, "Invalid body syntax"))
            with fake.lock:
                fake.requests.append((method, split.path, body))
            fault = fake.take_fault(method, split.path)
            if fault is not None and fault["what"] == "timeout":
                time.sleep(fault.get("seconds", 0.8))
                self.close_connection = True
                return None
            if fault is not None and fault["what"] == "not-json":
                return self._send(200, None, raw=b"<html>Onderhoud</html>",
                                  content_type="text/html")
            if fault is not None and isinstance(fault["what"], int):
                headers = {"Retry-After": "0"} if fault["what"] == 429 else {}
                return self._send(fault["what"],
                                  fault.get("body") or _problem(fault["what"], "Injected"),
                                  headers=headers)
            status, answer = self._route(method, split.path, parse_qs(split.query), body)
            if fault is not None and fault["what"] == "drop":
                self.close_connection = True
                self.connection.shutdown(2)
                return None
            return self._send(status, answer)

        def _route(self, method, path, query, body):
            if path == "/oauth/token" and method == "POST":
                return fake.token(body)
            if not self._authorised():
                return 401, _problem(401, "Unauthorized")
            parts = [p for p in path.split("/") if p]
            if parts[:1] == ["entry"]:
                return fake.entry(method, parts[1:], body)
            if parts[:1] == ["search"] and method == "GET" and len(parts) == 2:
                return fake.search(parts[1], query)
            return 404, _problem(404, "Not Found")

        def _authorised(self) -> bool:
            header = self.headers.get("Authorization", "")
            return header.startswith("Bearer ") and header[7:] in fake.tokens

        def _send(self, status, answer, raw: bytes | None = None,
                  content_type: str = "application/json", headers: dict | None = None):
            data = raw if raw is not None else (json.dumps(answer).encode()
                                                if answer is not None else b"")
            if status >= 400 and raw is None:
                content_type = "application/problem+json"
            self.send_response(status)
            if data:
                self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            if data:
                self.wfile.write(data)

    return Handler
