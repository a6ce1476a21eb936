"""Moderation: the work behind the staff area's review queue, reports and account actions.

    review.py    decisions on a posting (approve, reject, request changes, keep, take down,
                 bulk approve), what an edit changed since approval, trusted publishing,
                 and company profile changes (approve, reject) -- the one path for each
    signals.py   scam and quality signals for the queue: each says why it fired
    reports.py   reports from anyone, hiding a posting after several reporters, the queue
    accounts.py  suspend, reinstate, verify employers, grant and revoke moderator rights
    audit.py     the append-only log every one of those actions writes to

The views are in careercenter/admin (staff) and careercenter/postings (the public report
form). Each service changes state, records it in the audit log and commits; mail goes
after the commit.
"""
