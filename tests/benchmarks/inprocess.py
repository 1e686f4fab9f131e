"""Measure one content size inside Django: ``load_content`` time and the pages' response times,
rendered (page cache emptied before each request) and served again from the page cache.

Run by ``bench.py`` in a fresh process per size, with the production settings and a database of
its own in the environment (``DATABASE_URL``, ``CONTENT_DIR``, ``DJANGO_STATIC_ROOT`` holding
collected static files). Writes its figures as JSON to the path given as the only argument.
"""

from __future__ import annotations

import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import django

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
# Only requests are measured: Django's per-request logging would be part of every figure.
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from portal import listing, sync, views  # noqa: E402
from portal.management.commands import load_content  # noqa: E402
from portal.models import Procedure  # noqa: E402

QUICK = os.environ.get("BENCH_QUICK") == "1"
WARMUP = 5
WARMUP_BUDGET = 1.0  # seconds; a page that takes longer is warm after its first request
# Each page is requested this many times, or for this many seconds, whichever ends first.
REQUESTS = 60 if QUICK else 300
TIME_BUDGET = 3.0 if QUICK else 12.0


def timed(phases: dict[str, float], name: str, function: Callable) -> Callable:
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            phases[name] = time.perf_counter() - start

    return wrapper


def load() -> dict:
    """Run the real command on an empty database, timing its three phases on the way."""
    phases: dict[str, float] = {}
    profile = cProfile.Profile() if os.environ.get("BENCH_PROFILE") == "1" else None
    with (
        mock.patch.object(
            load_content, "read_content", timed(phases, "read", load_content.read_content)
        ),
        mock.patch.object(
            load_content, "render_content", timed(phases, "render", load_content.render_content)
        ),
        mock.patch.object(sync, "apply", timed(phases, "write", sync.apply)),
    ):
        start = time.perf_counter()
        if profile:
            profile.enable()
        call_command("load_content", str(settings.CONTENT_DIR), stdout=io.StringIO())
        if profile:
            profile.disable()
        total = time.perf_counter() - start
    result = {"total": total, **phases}
    if profile:
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(25)
        result["profile"] = out.getvalue()
    return result


def pages() -> dict[str, str]:
    procedures = list(Procedure.objects.values_list("slug", "title"))
    middle, title = procedures[len(procedures) // 2]
    chosen = "&".join(f"p={slug}" for slug, _ in procedures[-3:])
    urls = {
        "article": reverse("portal:procedure", args=[middle]),
        "compare": f"{reverse('portal:compare')}?{chosen}",
        "glossary": reverse("portal:glossary"),
        "home": reverse("portal:home"),
        "search": f"{reverse('portal:search')}?q={title.split()[0].lower()}",
    }
    words = listing.words()
    if len(words) > views.GLOSSARY_ONE_PAGE:
        # The letter with the most words: the largest page of a long glossary.
        letter = max(listing.by_letter(words), key=lambda group: len(group.members)).key
        urls["glossary letter"] = reverse("portal:glossary_letter", args=[letter])
    if len(procedures) > views.HOME_CARDS:
        # The condition with the most procedures: the largest page of a long home page.
        group = max(listing.by_condition(listing.procedures()), key=lambda g: len(g.members))
        urls["home condition"] = f"{reverse('portal:home')}?condition={group.key}"
    return urls


# Transaction statements are not reads; only the reads say whether a page's cost grows.
NOT_READS = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE", "SET ")


def once(
    client: Client, url: str, *, fresh: bool, count: bool = False
) -> tuple[float, list[str], bytes]:
    """One request, in ms, and with ``count`` its SQL; ``fresh`` empties the page cache first
    (not timed). Timed requests run without the query log: the debug cursor that keeps it costs
    time production does not spend (on SQLite, another query for each query)."""
    if fresh:
        caches["pages"].clear()
    if not count:
        start = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - start) * 1000
        sql = []
    else:
        # The query log keeps 9,000 entries; once full, a capture would see none.
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - start) * 1000
        sql = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(NOT_READS)]
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}, not 200")
    return elapsed, sql, response.content


def measure(client: Client, url: str, *, fresh: bool) -> dict:
    warm_until = time.perf_counter() + WARMUP_BUDGET
    for _ in range(WARMUP):
        once(client, url, fresh=fresh)
        if time.perf_counter() > warm_until:
            break
    _, sql, content = once(client, url, fresh=fresh, count=True)
    times = []
    deadline = time.perf_counter() + TIME_BUDGET
    for _ in range(REQUESTS):
        times.append(once(client, url, fresh=fresh)[0])
        if time.perf_counter() > deadline:
            break
    times.sort()
    return {
        "url": url,
        "queries": len(sql),
        "sql": sql,
        "bytes": len(content),
        "requests": len(times),
        "median_ms": statistics.median(times),
        "p95_ms": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
    }


def main(out: Path) -> None:
    call_command("migrate", verbosity=0, interactive=False)
    result = {"load": load()}
    # The same files again: nothing changed, so nothing is rendered or written.
    start = time.perf_counter()
    call_command("load_content", str(settings.CONTENT_DIR), stdout=io.StringIO())
    result["reload"] = time.perf_counter() - start
    client = Client()
    urls = pages()
    # Rendered: the page cache emptied before each request; served: the same page again.
    result["pages"] = {name: measure(client, url, fresh=True) for name, url in urls.items()}
    result["cached"] = {name: measure(client, url, fresh=False) for name, url in urls.items()}
    out.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
