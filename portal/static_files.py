"""WhiteNoise, serving everything ``collectstatic`` writes except the manifest.

``staticfiles.json`` maps every static file's name to its hashed name: the server needs it to write
links, a visitor does not, and a list of every file would help anyone probing the site.
"""

from __future__ import annotations

from django.contrib.staticfiles.storage import staticfiles_storage
from whitenoise.middleware import WhiteNoiseMiddleware


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    def is_manifest(self, url: str) -> bool:
        # The plain StaticFilesStorage of development has no manifest.
        name = getattr(staticfiles_storage, "manifest_name", "staticfiles.json")
        manifest = self.static_prefix + name
        # Its compressed copies too (staticfiles.json.gz), should a storage write them.
        return url == manifest or url.startswith(manifest + ".")

    # Called for every collected file at start, before anything is served.
    def add_file_to_dictionary(self, url, path, stat_cache=None):
        if not self.is_manifest(url):
            super().add_file_to_dictionary(url, path, stat_cache=stat_cache)

    # Called per request instead when WHITENOISE_AUTOREFRESH is on.
    def find_file(self, url):
        return None if self.is_manifest(url) else super().find_file(url)
