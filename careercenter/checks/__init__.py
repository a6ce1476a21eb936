"""Coding skill checks: employers build them, postings ask for them, applicants take them
(issue 17). Scoring is the pure function in scoring.py; services.py does the work. The
views are with the pages they belong to: employers/check_views.py (/employer/checks) and
applicants/check_views.py (/me/applications/<id>/check)."""
