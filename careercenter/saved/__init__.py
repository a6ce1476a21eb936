"""A coder's saved jobs and job alerts (saved /jobs searches mailed daily or weekly).

The views are with the pages they belong to: the Save button in postings/saved_views.py,
the coder's lists and the unsubscribe link in applicants/saved_views.py."""
