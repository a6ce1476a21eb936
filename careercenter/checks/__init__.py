"""Coding skill checks: employers build them, postings ask for them, applicants take them
(issue 17). Scoring is the pure function in scoring.py; services.py does the work."""

from flask import Blueprint

bp = Blueprint("checks", __name__)

from careercenter.checks import routes  # noqa: E402,F401
