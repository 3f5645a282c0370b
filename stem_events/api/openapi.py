"""The OpenAPI 3.1 document of `/api/v1`; tests check that responses match it."""

from __future__ import annotations

from functools import cache

from flask import request

from stem_events.events.filters import FILTERS, Filter
from stem_events.events.presentation import EDUCATION_LEVELS
from stem_events.reference.models import EventKind, HelixPillar

NULLABLE_INT = {"type": ["integer", "null"]}
NULLABLE_STR = {"type": ["string", "null"]}


def _param(name: str, schema: dict, description: str, explode: bool = False) -> dict:
    parameter = {"name": name, "in": "query", "required": False, "schema": schema,
                 "description": description}
    if explode:
        parameter.update(style="form", explode=True)
    return parameter


def _filter_param(entry: Filter) -> dict:
    """The OpenAPI parameter of an agenda filter; a repeatable one is an exploded array."""
    if entry.repeatable:
        return _param(entry.name, {"type": "array", "items": entry.api_schema},
                      entry.api_description, explode=True)
    return _param(entry.name, entry.api_schema, entry.api_description)


FILTER_PARAMETERS = [_filter_param(entry) for entry in FILTERS]

ORGANISATION_REF = {
    "type": "object",
    "required": ["id", "name", "helix"],
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "helix": {"type": "string", "enum": [p.value for p in HelixPillar]},
    },
}

AUDIENCES = {"type": "array", "items": {"type": "string"},
             "description": "Doelgroepen (slugs), bv. meisjes, kansarmoede, leerkrachten."}

EVENT = {
    "type": "object",
    "required": ["id", "title", "kind", "status", "start", "end", "timezone", "url", "ics_url",
                 "municipality", "organisation", "themes", "goals", "age_min", "age_max",
                 "capacity", "seats_left", "registration_open", "sessions", "audiences"],
    "properties": {
        "id": {"type": "integer"},
        "title": {"type": "string"},
        "summary": {"type": "string"},
        "kind": {"type": "string", "enum": [k.value for k in EventKind]},
        "status": {"type": "string", "enum": ["published", "postponed", "cancelled"]},
        "start": {"type": ["string", "null"], "format": "date-time"},
        "end": {"type": ["string", "null"], "format": "date-time"},
        "timezone": {"type": "string", "const": "Europe/Brussels"},
        "url": {"type": "string", "format": "uri"},
        "ics_url": {"type": "string", "format": "uri"},
        "municipality": {"oneOf": [
            {"type": "null"},
            {"type": "object", "required": ["nis", "name"],
             "properties": {"nis": {"type": "string"}, "name": {"type": "string"}}},
        ]},
        "venue": NULLABLE_STR,
        "online": {"type": "boolean"},
        "organisation": {"$ref": "#/components/schemas/OrganisationRef"},
        "organisations": {"type": "array",
                          "items": {"$ref": "#/components/schemas/OrganisationRef"}},
        "themes": {"type": "array", "items": {"type": "string"}},
        "goals": {"type": "array", "items": {"type": "string"}},
        "audiences": AUDIENCES,
        "age_min": NULLABLE_INT,
        "age_max": NULLABLE_INT,
        "price": {"type": "object", "required": ["kind", "amount", "currency"], "properties": {
            "kind": {"type": "string", "enum": ["free", "amount", "on_site"]},
            "amount": {"type": ["number", "null"]},
            "currency": {"type": "string"},
            "reduced": {"type": "boolean",
                        "description": "Kansentarief of UiTPAS-korting aangeboden."},
        }},
        "capacity": NULLABLE_INT,
        "seats_left": NULLABLE_INT,
        "registration_open": {"type": "boolean"},
        "sessions": {"type": "integer", "minimum": 1},
        "role_models": {"type": "array", "description": "Rolmodellen die deelnemen.",
                        "items": {"type": "object", "required": ["id", "name", "url"],
                                  "properties": {"id": {"type": "integer"},
                                                 "name": {"type": "string"},
                                                 "url": {"type": "string", "format": "uri"}}}},
        "groups": {"oneOf": [
            {"type": "null"},
            {"type": "object", "required": ["min", "max"],
             "properties": {"min": {"type": "integer", "minimum": 1},
                            "max": {"type": "integer", "minimum": 1}}},
        ]},
    },
}

SESSION = {
    "type": "object",
    "required": ["uid", "start", "end", "all_day", "status"],
    "properties": {
        "uid": {"type": "string"},
        "start": {"type": "string", "format": "date-time"},
        "end": {"type": "string", "format": "date-time"},
        "all_day": {"type": "boolean"},
        "status": {"type": "string", "enum": ["scheduled", "cancelled"]},
        "capacity": NULLABLE_INT,
    },
}

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {
        "code": {"type": "string"}, "message": {"type": "string"}}}},
}


def _list_of(schema: dict) -> dict:
    return {"type": "object", "required": ["items"],
            "properties": {"items": {"type": "array", "items": schema}}}


def _ok(schema: dict, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERRORS = {
    "400": _ok({"$ref": "#/components/schemas/Error"}, "Ongeldige parameter"),
}


INITIATIVE_FILTERS = ("province", "municipality", "theme", "goal", "age", "q", "organisation",
                      "audience")

INITIATIVE = {
    "type": "object",
    "required": ["id", "name", "url", "organisations", "age_min", "age_max", "themes", "goals",
                 "municipalities", "labels", "audiences"],
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "summary": {"type": "string"},
        "url": {"type": "string", "format": "uri"},
        "organisations": {"type": "array",
                          "items": {"$ref": "#/components/schemas/OrganisationRef"}},
        "audience": {"type": "string"},
        "age_min": NULLABLE_INT,
        "age_max": NULLABLE_INT,
        "themes": {"type": "array", "items": {"type": "string"}},
        "goals": {"type": "array", "items": {"type": "string"}},
        "audiences": AUDIENCES,
        "municipalities": {"type": "array", "items": {
            "type": "object", "required": ["nis", "name"],
            "properties": {"nis": {"type": "string"}, "name": {"type": "string"}}}},
        "website": NULLABLE_STR,
        "contact_email": NULLABLE_STR,
        "contact_phone": NULLABLE_STR,
        "labels": {"type": "array", "description": "Geldige STEM-labels.", "items": {
            "type": "object", "required": ["year", "category", "valid_until"],
            "properties": {"year": {"type": "integer"}, "category": {"type": "string"},
                           "valid_until": {"type": "string", "format": "date"}}}},
    },
}

INITIATIVE_SCHEMAS = {
    "Initiative": INITIATIVE,
    "InitiativeDetail": {"allOf": [{"$ref": "#/components/schemas/Initiative"}, {
        "type": "object", "required": ["description", "events"],
        "properties": {
            "description": {"type": "string"},
            "events": {"type": "array", "items": {
                "type": "object", "required": ["id", "title", "kind", "start", "url"],
                "properties": {"id": {"type": "integer"}, "title": {"type": "string"},
                               "kind": {"type": "string"},
                               "start": {"type": "string", "format": "date-time"},
                               "url": {"type": "string", "format": "uri"}}}},
        }}]},
}

INITIATIVE_SCHEMAS["NetworkMoment"] = {
    "type": "object",
    "required": ["event_id", "title", "url", "region", "province", "hosts", "invited_pillars",
                 "programme", "presented_initiatives", "report"],
    "properties": {
        "event_id": {"type": "integer"},
        "title": {"type": "string"},
        "url": {"type": "string", "format": "uri"},
        "region": {"type": "string"},
        "province": NULLABLE_STR,
        "hosts": {"type": "array", "items": {"$ref": "#/components/schemas/OrganisationRef"}},
        "invited_pillars": {"type": "array", "items": {
            "type": "string", "enum": [p.value for p in HelixPillar]}},
        "programme": {"type": "array", "items": {
            "type": "object", "required": ["position", "title", "speaker", "organisation",
                                           "initiative_id"],
            "properties": {
                "position": {"type": "integer"},
                "title": {"type": "string"},
                "speaker": NULLABLE_STR,
                "organisation": {"oneOf": [{"type": "null"},
                                           {"$ref": "#/components/schemas/OrganisationRef"}]},
                "initiative_id": NULLABLE_INT}}},
        "presented_initiatives": {"type": "array", "items": {
            "type": "object", "required": ["id", "name"],
            "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}}},
        "report": {"type": "string"},
    },
}

INITIATIVE_PATHS = {
    "/initiatives": {"get": {
        "summary": "Gepubliceerde STEM-initiatieven (filters zoals /initiatives)",
        "operationId": "listInitiatives",
        "parameters": [p for p in FILTER_PARAMETERS if p["name"] in INITIATIVE_FILTERS] + [
            _param("label", {"type": "string", "enum": ["1"]},
                   "1: alleen initiatieven met een geldig STEM-label."),
            _param("page", {"type": "integer", "minimum": 1, "maximum": 10000}, "Paginanummer."),
            _param("per_page", {"type": "integer", "minimum": 1, "maximum": 100},
                   "Aantal per pagina (max. 100)."),
        ],
        "responses": {"200": _ok({
            "type": "object", "required": ["items", "page", "per_page", "total"],
            "properties": {
                "items": {"type": "array", "items": {"$ref": "#/components/schemas/Initiative"}},
                "page": {"type": "integer"},
                "per_page": {"type": "integer"},
                "total": {"type": "integer"},
            }}), **ERRORS},
    }},
    "/initiatives/{id}": {"get": {
        "summary": "Eén initiatief met de activiteiten waar het voorgesteld wordt",
        "operationId": "getInitiative",
        "parameters": [{"name": "id", "in": "path", "required": True,
                        "schema": {"type": "integer", "minimum": 1}}],
        "responses": {
            "200": _ok({"$ref": "#/components/schemas/InitiativeDetail"}),
            "404": _ok({"$ref": "#/components/schemas/Error"}, "Niet gevonden"),
        },
    }},
    "/network-moments/{id}": {"get": {
        "summary": "Een netwerkmoment: regio, gastorganisaties, programma, verslag",
        "operationId": "getNetworkMoment",
        "parameters": [{"name": "id", "in": "path", "required": True,
                        "description": "Id van de activiteit (soort network_moment).",
                        "schema": {"type": "integer", "minimum": 1}}],
        "responses": {
            "200": _ok({"$ref": "#/components/schemas/NetworkMoment"}),
            "404": _ok({"$ref": "#/components/schemas/Error"}, "Niet gevonden"),
        },
    }},
}


@cache
def _document(server: str) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "STEM-agenda Vlaanderen API",
            "version": "1.0.0",
            "description": "Publieke, alleen-lezen gegevens van de STEM-agenda: activiteiten, "
                           "organisaties en referentiegegevens. Tijden in ISO 8601 met de "
                           "offset van Europe/Brussels.",
            "license": {"name": "CC BY 4.0", "identifier": "CC-BY-4.0"},
        },
        "servers": [{"url": server}],
        "paths": {
            "/events": {"get": {
                "summary": "Komende activiteiten (zelfde filters als /agenda)",
                "operationId": "listEvents",
                "parameters": FILTER_PARAMETERS + [
                    _param("page", {"type": "integer", "minimum": 1, "maximum": 10000},
                           "Paginanummer."),
                    _param("per_page", {"type": "integer", "minimum": 1, "maximum": 100},
                           "Aantal per pagina (max. 100)."),
                ],
                "responses": {"200": _ok({
                    "type": "object", "required": ["items", "page", "per_page", "total"],
                    "properties": {
                        "items": {"type": "array",
                                  "items": {"$ref": "#/components/schemas/Event"}},
                        "page": {"type": "integer"},
                        "per_page": {"type": "integer"},
                        "total": {"type": "integer"},
                    }}), **ERRORS},
            }},
            "/events/{id}": {"get": {
                "summary": "Eén activiteit met al haar sessies",
                "operationId": "getEvent",
                "parameters": [{"name": "id", "in": "path", "required": True,
                                "schema": {"type": "integer", "minimum": 1}}],
                "responses": {
                    "200": _ok({"$ref": "#/components/schemas/EventDetail"}),
                    "404": _ok({"$ref": "#/components/schemas/Error"}, "Niet gevonden"),
                },
            }},
            "/organisations": {"get": {
                "summary": "Goedgekeurde organisaties", "operationId": "listOrganisations",
                "responses": {"200": _ok(_list_of({"allOf": [
                    {"$ref": "#/components/schemas/OrganisationRef"},
                    {"type": "object", "properties": {"municipality": NULLABLE_STR,
                                                      "website": NULLABLE_STR}},
                ]}))},
            }},
            "/municipalities": {"get": {
                "summary": "Gemeenten van Vlaanderen en Brussel",
                "operationId": "listMunicipalities",
                "responses": {"200": _ok(_list_of({"type": "object", "required": ["nis", "name"],
                                                   "properties": {
                                                       "nis": {"type": "string"},
                                                       "name": {"type": "string"},
                                                       "province": {"type": "string"}}}))},
            }},
            "/themes": {"get": {
                "summary": "Thema's", "operationId": "listThemes",
                "responses": {"200": _ok(_list_of({"type": "object", "required": ["slug", "name"],
                                                   "properties": {
                                                       "slug": {"type": "string"},
                                                       "name": {"type": "string"}}}))},
            }},
            "/goals": {"get": {
                "summary": "Doelen van de STEM-Agenda 2030", "operationId": "listGoals",
                "responses": {"200": _ok(_list_of({"type": "object",
                                                   "required": ["code", "label", "level", "title"],
                                                   "properties": {
                                                       "code": {"type": "string"},
                                                       "label": {"type": "string"},
                                                       "level": {"type": "string",
                                                                 "enum": ["SD", "TD", "OD"]},
                                                       "parent": NULLABLE_STR,
                                                       "title": {"type": "string"}}}))},
            }},
            **INITIATIVE_PATHS,
        },
        "components": {"schemas": {
            "OrganisationRef": ORGANISATION_REF,
            "Event": EVENT,
            "EventDetail": {"allOf": [{"$ref": "#/components/schemas/Event"}, {
                "type": "object",
                "required": ["description", "session_list", "professional_development",
                             "education_levels"],
                "properties": {
                    "description": {"type": "string"},
                    "professional_development": {
                        "type": "boolean",
                        "description": "Telt als nascholing (professionalisering) voor "
                                       "leerkrachten."},
                    "education_levels": {
                        "type": "array", "description": "Voor leerkrachten uit deze "
                        "onderwijsniveaus (bij een nascholing).",
                        "items": {"type": "string", "enum": list(EDUCATION_LEVELS)}},
                    "status_reason": NULLABLE_STR,
                    "session_list": {"type": "array",
                                     "items": {"$ref": "#/components/schemas/Session"}},
                }}]},
            "Session": SESSION,
            "Error": ERROR,
            **INITIATIVE_SCHEMAS,
        }},
    }


def openapi_document() -> dict:
    return _document(request.host_url.rstrip("/") + "/api/v1")
