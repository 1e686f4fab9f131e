"""gunicorn's settings for the portal: ``gunicorn portal.wsgi -c portal/gunicorn_conf.py``.

Options given on the command line (``--bind``, ``--workers``) take precedence over these.
"""

# Only the reverse proxy on this machine reaches gunicorn (see the README, "Reverse proxy").
bind = "127.0.0.1:8001"
# Sync workers: each serves one request at a time, which is why the proxy must buffer slow clients.
workers = 3
timeout = 30

# gunicorn lets a peer in forwarded_allow_ips (127.0.0.1, where the proxy connects from) set
# SCRIPT_NAME and PATH_INFO with request headers. Through the proxy that peer is every visitor, so a
# "SCRIPT_NAME: /evil" header would move the page's links and canonical address under /evil/. The
# portal is always served at the root of its host: no header may change that.
forwarder_headers = ""
# A header with an underscore would reach Django under the same name as its hyphenated twin
# (X_Forwarded_Proto and X-Forwarded-Proto both become HTTP_X_FORWARDED_PROTO): drop it.
header_map = "drop"

# No access log: a list of which address read which page is health information.
accesslog = None
