"""The portal's production settings with one more URL: a trivial view, the framework's floor.

gunicorn runs with this as its settings module, so the floor goes through exactly the portal's
middleware and the article is served by the same processes.
"""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
