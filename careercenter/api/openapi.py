"""The OpenAPI 3.1 description of the API, built from the same vocabularies and bounds the
code uses, so that the two cannot drift apart. Tests validate the document itself and
check every response the tests see against its schemas."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from careercenter import vocabulary
from careercenter.api.params import (
    CODE_LIMIT_DEFAULT,
    CODE_LIMIT_MAX,
    DEFAULT_PER_PAGE,
    MAX_CODE_QUERY_LENGTH,
    MAX_PER_PAGE,
)
from careercenter.api.services import MAX_ID
from careercenter.models import CodeSystem
from careercenter.models.posting import ApplyMethod
from careercenter.pay import report
from careercenter.search import COUNT_CAP, suggest
from careercenter.search.limits import (
    DEFAULT_RADIUS,
    MAX_LOCATION_LENGTH,
    MAX_PAGE,
    MAX_PAY,
    MAX_POSTED_WITHIN,
    MAX_QUERY_LENGTH,
    MAX_RADIUS,
    MIN_RADIUS,
    SORTS,
)

STATUSES = ["open", "expired", "filled", "closed"]
ESCAPE = "Employers write it: escape it before putting it in HTML."


def _enum(values, description: str) -> dict[str, Any]:
    return {"type": "string", "enum": list(values), "description": description}


def _vocabulary_list(vocab: dict) -> str:
    return "; ".join(f"`{slug}`: {vocabulary.label(vocab, slug)}" for slug in vocab)


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {**schema, "type": [schema["type"], "null"]}


def _object(properties: dict[str, Any], description: str = "") -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


URI = {"type": "string", "format": "uri"}
DATE_TIME = {"type": "string", "format": "date-time"}
STATE = _enum(vocabulary.US_STATES, "A US state or territory, as its two-letter code.")


def _slug_list(vocab: dict, what: str) -> dict[str, Any]:
    return {
        "type": "array",
        "items": {"type": "string", "enum": list(vocab)},
        "uniqueItems": True,
        "description": f"{what}: {_vocabulary_list(vocab)}.",
    }


def _schemas() -> dict[str, Any]:
    summary = {
        "id": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
        "url": {**URI, "description": "The job's page on CareerCenter."},
        "title": {"type": "string", "description": f"Plain text. {ESCAPE}"},
        "company": {"$ref": "#/components/schemas/Company"},
        "location": {"$ref": "#/components/schemas/Location"},
        "arrangement": _enum(
            vocabulary.ARRANGEMENTS,
            "Where the work is done: " + _vocabulary_list(vocabulary.ARRANGEMENTS) + ".",
        ),
        "remote_states": {
            "type": "array",
            "items": STATE,
            "uniqueItems": True,
            "description": "For a remote job, the states applicants may work from; empty "
            "means anywhere in the US. Always empty for on-site and hybrid jobs.",
        },
        "employment_type": _enum(
            vocabulary.EMPLOYMENT_TYPES,
            _vocabulary_list(vocabulary.EMPLOYMENT_TYPES) + ".",
        ),
        "pay": {"$ref": "#/components/schemas/Pay"},
        "credentials_required": _slug_list(
            vocabulary.CREDENTIALS, "Any one of these credentials is required (none: no credential)"
        ),
        "credentials_preferred": _slug_list(vocabulary.CREDENTIALS, "Credentials preferred"),
        "apprentice_friendly": {
            "type": "boolean",
            "description": "A CPC-A (apprentice) is welcome to apply.",
        },
        "specialties": _slug_list(vocabulary.SPECIALTIES, "Specialties"),
        "settings": _slug_list(vocabulary.SETTINGS, "Settings"),
        "code_sets": _slug_list(vocabulary.CODE_SETS, "Code sets"),
        "years_experience": {
            "type": "integer",
            "minimum": 0,
            "description": "Years of coding experience asked for; 0 when none.",
        },
        "key_codes": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Codes the job works with (CPT, ICD-10-CM, HCPCS...).",
        },
        "apply": {"$ref": "#/components/schemas/Apply"},
        "posted_at": DATE_TIME,
        "expires_at": DATE_TIME,
        "status": _enum(
            STATUSES,
            "`open`: taking applications. `expired`, `filled`, `closed`: no longer accepting "
            "applications.",
        ),
        "summary": {
            "type": "string",
            "description": f"The start of the description as plain text. {ESCAPE}",
        },
    }
    detail = {
        **summary,
        "ended_at": _nullable(
            {**DATE_TIME, "description": "When the job stopped taking applications."}
        ),
        "description_html": {
            "type": "string",
            "description": "The full description as HTML, already sanitised: paragraphs, "
            "lists, headings, emphasis, code, tables and links, with no scripts, styles, "
            "images or event attributes.",
        },
    }
    return {
        "Company": _object(
            {
                "name": {"type": "string", "description": f"Plain text. {ESCAPE}"},
                "slug": {"type": "string"},
                "url": {**URI, "description": "The company's page on CareerCenter."},
                "verified": {
                    "type": "boolean",
                    "description": "CareerCenter has checked that the employer is who it says.",
                },
                "logo_url": _nullable(URI),
            }
        ),
        "Location": _object(
            {
                "city": {"type": "string"},
                "state": STATE,
                "zip": {"type": "string", "pattern": "^[0-9]{5}$"},
                "latitude": {"type": "number", "minimum": -90, "maximum": 90},
                "longitude": {"type": "number", "minimum": -180, "maximum": 180},
            },
            "The office (on-site and hybrid jobs) or the team's base (remote jobs); the "
            "coordinates are those of the ZIP code.",
        ),
        "Pay": _object(
            {
                "min": {"type": "number", "exclusiveMinimum": 0},
                "max": {"type": "number", "exclusiveMinimum": 0},
                "unit": _enum(
                    vocabulary.PAY_UNITS, "Pay per `hour`, per `year` or per `chart` coded."
                ),
                "currency": {"type": "string", "const": "USD"},
            },
            "The pay range, as the employer gave it.",
        ),
        "Apply": _object(
            {
                "method": _enum(
                    [m.value for m in ApplyMethod],
                    "`on-site`: apply on CareerCenter; `external`: on the employer's site.",
                ),
                "url": _nullable(
                    {**URI, "description": "Where to apply; null once the job has ended."}
                ),
            }
        ),
        "JobSummary": _object(summary, "A job in a list."),
        "Job": _object(detail, "One job, with its full description."),
        "JobList": _object(
            {
                "items": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/JobSummary"},
                    "maxItems": MAX_PER_PAGE,
                },
                "total": {"type": "integer", "minimum": 0},
                "total_is_capped": {
                    "type": "boolean",
                    "description": "The search stopped counting: there are at least `total` jobs.",
                },
                "page": {"type": "integer", "minimum": 1},
                "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
                "pages": {"type": "integer", "minimum": 1},
                "links": _object(
                    {
                        "self": URI,
                        "next": _nullable(URI),
                        "prev": _nullable(URI),
                    }
                ),
            },
            "One page of open jobs matching the query.",
        ),
        "Error": {
            "type": "object",
            "properties": {
                "status": {"type": "integer", "minimum": 400, "maximum": 599},
                "message": {"type": "string"},
                "errors": {
                    "type": "object",
                    "additionalProperties": {"type": "string"},
                    "description": "What is wrong with each parameter, by its name.",
                },
            },
            "required": ["status", "message"],
            "additionalProperties": False,
        },
        "SuggestionList": _object(
            {
                "q": {
                    "type": "string",
                    "description": "The text completed, with its spaces tidied.",
                },
                "items": {
                    "type": "array",
                    "maxItems": suggest.MAX_LIMIT,
                    "items": {"$ref": "#/components/schemas/Suggestion"},
                    "description": "The most open jobs first.",
                },
            },
            "Suggestions for the text typed in a search box.",
        ),
        "Suggestion": _object(
            {
                "text": {
                    "type": "string",
                    "description": f"What to put in the search box. Plain text. {ESCAPE}",
                },
                "kind": _enum(
                    suggest.KINDS,
                    "A job title, a specialty, a credential (found by its full name too) "
                    "or a place (a city, or a state).",
                ),
                "jobs": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "Open jobs with this title, specialty or credential, or "
                    "on site in this place.",
                },
                "url": {**URI, "description": "The search on CareerCenter it leads to."},
            }
        ),
        "CodeList": _object(
            {
                "query": {"type": "string", "description": "The text looked up, tidied."},
                "total": {"type": "integer", "minimum": 0, "description": "How many match."},
                "items": {
                    "type": "array",
                    "maxItems": CODE_LIMIT_MAX,
                    "items": {"$ref": "#/components/schemas/Code"},
                    "description": "The exact code first, then by relevance: codes whose "
                    "descriptions hold the words, billable codes before headings.",
                },
                "absent": {
                    "oneOf": [{"$ref": "#/components/schemas/AbsentCode"}, {"type": "null"}],
                    "description": "A whole code typed that we do not hold, else null.",
                },
            },
            "Codes found by code or by words.",
        ),
        "Code": _object(
            {
                "system": _enum([s.value for s in CodeSystem], "The code set."),
                "code": {"type": "string", "description": "The code as coders write it."},
                "description": {
                    "type": "string",
                    "description": f"The official (or, for a sample, our) description. {ESCAPE}",
                },
                "billable": {"type": "boolean", "description": "Valid for billing as it is."},
                "url": {**URI, "description": "The code's page on CareerCenter."},
            }
        ),
        "AbsentCode": _object(
            {
                "system": _enum([s.value for s in CodeSystem], "The code set."),
                "code": {"type": "string"},
                "exists": {
                    "type": ["boolean", "null"],
                    "description": "false where the full code set is loaded (the code does "
                    "not exist); null where we hold only a sample and cannot tell.",
                },
                "message": {"type": "string", "description": "What to tell a person."},
            }
        ),
        "Index": _object({"jobs": URI, "suggest": URI, "codes": URI, "pay": URI, "openapi": URI}),
        **_pay_schemas(),
    }


# -- pay statistics (careercenter.pay) ----------------------------------------------------------


def _pay_schemas() -> dict[str, Any]:
    number = {"type": "number", "minimum": 0}
    quantiles = _object(
        {name: number for name in ("p10", "p25", "p50", "p75", "p90")},
        "The 10th, 25th, 50th (median), 75th and 90th percentiles of the middle of each "
        "job's range.",
    )
    common = {
        "count": {"type": "integer", "minimum": 1, "description": "Jobs counted."},
        "first_published": DATE_TIME,
        "last_published": DATE_TIME,
    }
    yearly = {
        **common,
        "hourly_count": {"type": "integer", "minimum": 0, "description": "Of them, paid hourly."},
        "per_year": {**quantiles, "description": "Dollars a year (hourly pay x 2,080)."},
        "per_hour": {**quantiles, "description": "The same figures per hour (/ 2,080)."},
    }
    group = _object(
        {"value": {"type": "string"}, "label": {"type": "string"}, **yearly},
        "A group of yearly and hourly jobs (a credential, specialty, setting, or a state: "
        "`remote` is the remote jobs).",
    )
    groups = {"type": "array", "items": {"$ref": "#/components/schemas/PayGroup"}}
    filters = {"type": ["string", "null"]}
    return {
        "PayYearly": _object(yearly, "Yearly and hourly pay, annualised at 2,080 hours."),
        "PayPerChart": _object({**common, "per_chart": quantiles}, "Pay per chart."),
        "PayGroup": group,
        "PayReport": _object(
            {
                "filters": _object({name: filters for name in report.FILTERS}),
                "min_jobs": {
                    "type": "integer",
                    "description": "No figure comes from fewer jobs than this.",
                },
                "period": _object(
                    {
                        "from": {"type": "string", "format": "date"},
                        "to": {"type": "string", "format": "date"},
                    }
                ),  # fmt: skip
                "hours_per_year": {"type": "integer"},
                "place": _object(
                    {
                        "used": {
                            "type": ["string", "null"],
                            "description": "`state:TX`, `region:south`, or null for the US.",
                        },
                        "label": {"type": "string"},
                        "widened": {"type": "boolean"},
                        "note": {"type": "string", "description": "Why it was widened."},
                    },
                    "The place the figures are for: the state asked for, or its Census "
                    "region or the country when the state has fewer than `min_jobs` jobs.",
                ),
                "matching": {"type": "integer", "minimum": 0},
                "annual": {
                    "oneOf": [{"$ref": "#/components/schemas/PayYearly"}, {"type": "null"}],
                    "description": "Null when fewer than `min_jobs` jobs match.",
                },
                "chart_matching": {"type": "integer", "minimum": 0},
                "per_chart": {
                    "oneOf": [{"$ref": "#/components/schemas/PayPerChart"}, {"type": "null"}],
                    "description": "Per-chart pay, never mixed into the yearly figures.",
                },
                "by_credential": groups,
                "by_specialty": groups,
                "by_setting": groups,
                "by_state": groups,
                "by_month": {
                    "type": "array",
                    "items": _object(
                        {
                            "month": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"},
                            "count": {"type": "integer", "minimum": 0},
                            "median_per_year": {"type": ["number", "null"]},
                        }
                    ),
                },
            },
            "What jobs published in the last 12 months pay, for the filters given. Each "
            "breakdown keeps the other filters and leaves out groups under `min_jobs`.",
        ),
    }


def _pay_parameters() -> list[dict[str, Any]]:
    return [
        {
            "name": name,
            "in": "query",
            "required": False,
            "schema": {"type": "string", "enum": list(vocab)},
            "description": f"Only jobs for this {name}: {_vocabulary_list(vocab)}."
            if name != "state"
            else "Only on-site and hybrid jobs in this state (two-letter code); widened to "
            "its Census region, then the US, when it has too few jobs.",
        }
        for name, vocab in report.FILTERS.items()
    ]


def _query_parameters() -> list[dict[str, Any]]:
    def param(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
        return {
            "name": name,
            "in": "query",
            "required": False,
            "schema": schema,
            "description": description,
        }

    def vocab_param(name: str, vocab: dict, what: str) -> dict[str, Any]:
        return param(
            name,
            {"type": "string", "enum": list(vocab)},
            f"Only jobs for this {what}: {_vocabulary_list(vocab)}.",
        )

    return [
        param(
            "q",
            {"type": "string", "maxLength": MAX_QUERY_LENGTH},
            "Keywords: a title, credential, specialty, place or code (remote CPC, E/M, 99213, "
            "E11.52). All words must match. Control characters are refused.",
        ),
        param(
            "location",
            {"type": "string", "maxLength": MAX_LOCATION_LENGTH},
            'A 5-digit ZIP code or "City, ST" (jobs within `radius` miles), or a state by '
            "code or name (jobs in that state, and remote jobs open to it). Anything else "
            "is a 400.",
        ),
        param(
            "radius",
            {
                "type": "integer",
                "minimum": MIN_RADIUS,
                "maximum": MAX_RADIUS,
                "default": DEFAULT_RADIUS,
            },
            "Miles around a ZIP code or city given as `location`.",
        ),
        vocab_param("arrangement", vocabulary.ARRANGEMENTS, "work arrangement"),
        vocab_param("type", vocabulary.EMPLOYMENT_TYPES, "employment type"),
        vocab_param("credential", vocabulary.CREDENTIALS, "credential"),
        vocab_param("specialty", vocabulary.SPECIALTIES, "specialty"),
        vocab_param("setting", vocabulary.SETTINGS, "setting"),
        param(
            "pay_min",
            {"type": "number", "minimum": 1, "maximum": MAX_PAY},
            "Jobs whose pay can reach this much: dollars a year, or an hourly rate when under "
            "1000 (counted as 2080 hours a year). Jobs paid per chart have no yearly figure "
            "and do not match.",
        ),
        param(
            "posted_within",
            {"type": "integer", "minimum": 1, "maximum": MAX_POSTED_WITHIN},
            "Only jobs published in the last this many days.",
        ),
        param(
            "apprentice",
            {"type": "boolean", "default": False},
            "Only apprentice-friendly jobs (CPC-A welcome).",
        ),
        param(
            "sort",
            {"type": "string", "enum": list(SORTS), "default": "relevance"},
            "Order: " + "; ".join(f"`{k}`: {v}" for k, v in SORTS.items()) + ".",
        ),
        param(
            "page",
            {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
            "The page of results. A page past the last one gives the last page, and the "
            "response's `page` says which page it is. Counting and paging stop after the "
            f"first {COUNT_CAP:,} matches (see `total_is_capped`).",
        ),
        param(
            "per_page",
            {
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_PER_PAGE,
                "default": DEFAULT_PER_PAGE,
            },
            "Jobs per page.",
        ),
    ]


def _json(schema_name: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}
        },
    }


@lru_cache(maxsize=1)
def _document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "CareerCenter jobs API",
            "version": "1.0.0",
            "summary": "Medical-coding jobs on CareerCenter, read-only.",
            "description": "Open job postings for medical coders, with the same filters as "
            "the /jobs search page. Public, read-only and without authentication. Errors "
            "are JSON objects with the HTTP status and a message; a 400 also names each "
            "bad parameter under `errors`.",
        },
        "servers": [{"url": "/api/v1"}],
        "tags": [
            {"name": "jobs", "description": "Job postings"},
            {"name": "codes", "description": "The medical code reference"},
            {"name": "pay", "description": "Pay statistics"},
        ],
        "paths": {
            "/": {
                "get": {
                    "operationId": "getIndex",
                    "summary": "Where the API's resources are",
                    "responses": {"200": _json("Index", "Links to the resources.")},
                }
            },
            "/jobs": {
                "get": {
                    "operationId": "listJobs",
                    "tags": ["jobs"],
                    "summary": "Search open jobs",
                    "description": "Open jobs matching every filter given, a page at a time. "
                    "Jobs that have ended are not listed.",
                    "parameters": _query_parameters(),
                    "responses": {
                        "200": _json("JobList", "A page of matching open jobs."),
                        "400": _json("Error", "A parameter is not valid; see `errors`."),
                    },
                }
            },
            "/suggest": {
                "get": {
                    "operationId": "suggest",
                    "tags": ["jobs"],
                    "summary": "Suggestions for a search box",
                    "description": "Job titles, specialties, credentials and places whose "
                    "text starts with or contains `q` (case and spacing aside), ranked by "
                    "how many open jobs they lead to.",
                    "parameters": [
                        {
                            "name": "q",
                            "in": "query",
                            "required": True,
                            "schema": {"type": "string", "maxLength": suggest.MAX_LENGTH},
                            "description": "The text typed so far (blank: no "
                            "suggestions). Control characters are refused.",
                        },
                        {
                            "name": "limit",
                            "in": "query",
                            "required": False,
                            "schema": {
                                "type": "integer",
                                "minimum": 1,
                                "maximum": suggest.MAX_LIMIT,
                                "default": suggest.DEFAULT_LIMIT,
                            },
                            "description": "How many suggestions at most.",
                        },
                    ],  # fmt: skip
                    "responses": {
                        "200": _json("SuggestionList", "The suggestions, maybe none."),
                        "400": _json("Error", "A parameter is not valid; see `errors`."),
                    },
                }
            },
            "/codes": {
                "get": {
                    "operationId": "searchCodes",
                    "tags": ["codes"],
                    "summary": "Look up medical codes",
                    "description": "ICD-10-CM, CPT, HCPCS Level II and modifier codes by code "
                    "(any shape: `E11.52`, `e1152`, `-25`) or by words (`type 2 diabetes`).",
                    "parameters": [
                        {
                            "name": "q",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "string", "maxLength": MAX_CODE_QUERY_LENGTH},
                            "description": "A code or words (blank: no results). Control "
                            "characters are refused.",
                        },
                        {
                            "name": "system",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "string", "enum": [s.value for s in CodeSystem]},
                            "description": "Only this code set.",
                        },
                        {
                            "name": "limit",
                            "in": "query",
                            "required": False,
                            "schema": {
                                "type": "integer",
                                "minimum": 1,
                                "maximum": CODE_LIMIT_MAX,
                                "default": CODE_LIMIT_DEFAULT,
                            },
                            "description": "How many codes at most.",
                        },
                    ],  # fmt: skip
                    "responses": {
                        "200": _json("CodeList", "The codes found, maybe none."),
                        "400": _json("Error", "A parameter is not valid; see `errors`."),
                    },
                }
            },
            "/jobs/{posting_id}": {
                "get": {
                    "operationId": "getJob",
                    "tags": ["jobs"],
                    "summary": "One job",
                    "description": "A public job: open, or ended (expired, filled or "
                    "closed), which `status` says. Drafts, jobs in review and rejected "
                    "postings are not public and answer 404.",
                    "parameters": [
                        {
                            "name": "posting_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                        }
                    ],
                    "responses": {
                        "200": _json("Job", "The job."),
                        "404": _json("Error", "No public job has this id."),
                    },
                }
            },
            "/pay": {
                "get": {
                    "operationId": "getPay",
                    "tags": ["pay"],
                    "summary": "What coding jobs pay",
                    "description": "Pay statistics of the jobs published in the last 12 "
                    "months, with the /pay page's filters. Precomputed: refreshed when jobs "
                    "change and daily.",
                    "parameters": _pay_parameters(),
                    "responses": {
                        "200": _json("PayReport", "The figures."),
                        "400": _json("Error", "A parameter is not valid; see `errors`."),
                    },
                }
            },
            "/openapi.json": {
                "get": {
                    "operationId": "getOpenApi",
                    "summary": "This description",
                    "responses": {
                        "200": {
                            "description": "The OpenAPI 3.1 document.",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        }
                    },
                }
            },
        },
        "components": {"schemas": _schemas()},
    }


def openapi_document() -> dict[str, Any]:
    return _document()
