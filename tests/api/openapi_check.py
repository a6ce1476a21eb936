"""Check a response against the API's own OpenAPI document: the status must be one the
operation declares, and the body must match that response's schema."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from careercenter.api.openapi import openapi_document

DOCUMENT_URI = "urn:careercenter:openapi"

formats = FormatChecker()


@formats.checks("date-time", raises=ValueError)
def _date_time(value) -> bool:
    # RFC 3339: a full date and time with its offset (jsonschema only checks this format
    # when an optional package is installed; this check needs nothing).
    return not isinstance(value, str) or (
        "T" in value and datetime.fromisoformat(value).tzinfo is not None
    )


@formats.checks("uri", raises=ValueError)
def _uri(value) -> bool:
    return not isinstance(value, str) or value.startswith(("http://", "https://"))


@lru_cache(maxsize=1)
def _registry() -> Registry:
    resource = Resource.from_contents(openapi_document(), default_specification=DRAFT202012)
    return Registry().with_resource(DOCUMENT_URI, resource)


def validator_for(schema_name: str) -> Draft202012Validator:
    return Draft202012Validator(
        {"$ref": f"{DOCUMENT_URI}#/components/schemas/{schema_name}"},
        registry=_registry(),
        format_checker=formats,
    )


def check_response(response, path: str) -> dict:
    """Validate `response` for GET `path` (as written in the document, e.g. /jobs/{posting_id});
    returns the JSON body."""
    operation = openapi_document()["paths"][path]["get"]
    declared = operation["responses"]
    status = str(response.status_code)
    assert status in declared, f"GET {path} answered {status}, not one of {sorted(declared)}"
    media = declared[status]["content"]
    assert response.mimetype in media, response.mimetype
    body = response.get_json()
    schema = media[response.mimetype]["schema"]
    if "$ref" in schema:
        validator_for(schema["$ref"].rsplit("/", 1)[1]).validate(body)
    return body
