"""The web page for FOI officers (`foi-guard serve`): drop in a response, see what would leak,
take away a safe copy.

explain.py   plain-English explanations (rules/explanations.yaml) and findings grouped by
             hiding place, with the verdict in words; shared with the HTML report
grid.py      a picture of each affected sheet, built from what the scan read (masked values)
upload.py    reading a multipart upload in memory, within size and count limits
store.py     uploads kept for a short time under unguessable tokens, for the downloads
security.py  CSRF tokens, the shared-password mode, security headers, log formatting
app.py       the Starlette application and `serve`

Only explain.py and templating.py are imported outside the web page (by report/html.py); they
need Jinja2 and PyYAML but not Starlette.
"""
