"""The mail gateway: a milter for Postfix and Sendmail, and `scan-mail` for other MTAs.

Both rebuild a message, scan it (body and every attachment, recursively) through the same engine
as `scan`, decide by policy (decide.py) and write an audit line (audit.py); neither ever lets
unscanned mail through.
"""
