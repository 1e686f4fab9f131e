"""``make bench``: how fast the portal serves, how heavy its pages are, and how both grow.

For the real content and three synthetic sizes (3 articles / 30 terms, 100 / 300, 1,000 / 1,000)
it measures ``load_content`` and the pages in process (Django test client, production settings,
SQLite file per size). Then it serves the largest size with gunicorn (2 workers) and the same
article HTML as a static file with nginx, loads both in turn with wrk, and weighs every page with
its static files as the production stack sends them. The glossary marker is timed on its own
against growing term counts and growing text. Everything is printed as one Markdown report and
written to ``bench-results/latest.md``.

Environment: ``BENCH_QUICK=1`` for a short run while developing (smaller sizes, shorter loads);
``BENCH_KEEP=1`` keeps the temporary folder; ``BENCH_PROFILE=1`` prints a cProfile of the largest
``load_content``.
"""

from __future__ import annotations

import datetime
import gzip
import http.client
import itertools
import json
import os
import platform
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

# synth.py builds content with the portal's own types, which need Django's settings.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
import django  # noqa: E402

django.setup()

import serving  # noqa: E402
import synth  # noqa: E402

QUICK = os.environ.get("BENCH_QUICK") == "1"
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
RESULTS = ROOT / "bench-results" / "latest.md"

# (label, articles, terms); None is the real content/ folder.
SIZES: list[tuple[str, int | None, int | None]] = [
    ("content/ (real)", None, None),
    ("3 / 30", 3, 30),
    ("30 / 90", 30, 90) if QUICK else ("100 / 300", 100, 300),
    ("100 / 300", 100, 300) if QUICK else ("1,000 / 1,000", 1000, 1000),
]
WRK_SECONDS = 3 if QUICK else 10
WRK_ARGS = ["-t2", "-c16", f"-d{WRK_SECONDS}s", "--latency"]
MARK_TERMS = (10, 100, 1000, 10000)
MARK_LENGTHS = (1, 2, 4, 8, 16)
MARK_FIXED_TERMS = 1000
WORKER_TIMEOUT = 300  # seconds for one size's in-process measurements
START_TIMEOUT = 30  # seconds for a server to answer
BENCH_SECRET = secrets.token_urlsafe(64)
PROFILE_OUTPUT = "profile"  # key of inprocess.py's cProfile text (BENCH_PROFILE=1)

# Targets from the issue; the report names the gap where one is missed.
TARGET_ARTICLE_QUERIES = 5
TARGET_ARTICLE_MEDIAN_MS = 5.0
TARGET_LOAD_SECONDS = 20.0
TARGET_RELOAD_SECONDS = 3.0
TARGET_ARTICLE_KB = 60.0
TARGET_CACHED_QUERIES = 1
TARGET_LISTING_KB = 100.0
TARGET_LISTING_MS = 20.0
LISTING_PAGES = ("home", "home condition", "glossary", "glossary letter", "compare")
TARGET_FLOOR_RATIO = 0.7
TARGET_PROXY_RATIO = 0.85
# Marking 1,000 times more terms may cost a little (a deeper trie) but must not scale with them.
TARGET_MARK_TERM_RATIO = 3.0


# --- machine -----------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        ram = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    django_version = subprocess.run(
        [PYTHON, "-c", "import django; print(django.get_version())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return {
        "CPU": cpu,
        "Cores": str(os.cpu_count()),
        "RAM": ram,
        "Python": platform.python_version(),
        "Django": django_version,
        "SQLite": __import__("sqlite3").sqlite_version,
        "Load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "Date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "Mode": "quick (BENCH_QUICK=1)" if QUICK else "full",
    }


def require_tools() -> None:
    missing = [name for name in ("nginx", "wrk") if shutil.which(name) is None]
    if not GUNICORN.exists():
        missing.append(f"gunicorn in {GUNICORN} (run `make install`)")
    if missing:
        raise SystemExit(
            "make bench needs: "
            + ", ".join(missing)
            + ".\nInstall them with: sudo apt-get install nginx wrk"
        )


# --- processes ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(tmp: Path, size_dir: Path, content: Path, port: int) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "CONTENT_DIR", "SITE_URL"))
    }
    env.update(
        PYTHONPATH=str(ROOT),
        DJANGO_SETTINGS_MODULE="portal.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=BENCH_SECRET,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SITE_URL=f"http://127.0.0.1:{port}",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_STATIC_ROOT=str(tmp / "static"),
        DATABASE_URL=f"sqlite:///{size_dir / 'bench.sqlite3'}",
        CONTENT_DIR=str(content),
        LOG_LEVEL="WARNING",
    )
    return env


def get(port: int, path: str, headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
    response = conn.getresponse()
    response.body = response.read()  # type: ignore[attr-defined]
    conn.close()
    return response


@contextmanager
def running(command: list[str], env: dict[str, str], port: int, log: Path) -> Iterator[None]:
    """Start a server, wait until it answers on ``port``, and always stop it afterwards."""
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=out)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                raise SystemExit(f"{command[0]} exited at start:\n{log.read_text()[-2000:]}")
            try:
                get(port, "/")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit(f"{command[0]} did not answer on port {port}") from None
                time.sleep(0.2)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def gunicorn(env: dict[str, str], port: int, log: Path):
    # The portal's settings plus the trivial floor view (bench_site.py).
    env = {
        **env,
        "DJANGO_SETTINGS_MODULE": "bench_site",
        "PYTHONPATH": f"{ROOT}{os.pathsep}{Path(__file__).resolve().parent}",
    }
    command = [str(GUNICORN), "portal.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}"]
    return running(command, env, port, log)


# --- wrk ---------------------------------------------------------------------------------------


def wrk(url: str, extra: list[str] | None = None) -> dict:
    result = subprocess.run(
        ["wrk", *WRK_ARGS, *(extra or []), url],
        capture_output=True,
        text=True,
        timeout=WRK_SECONDS + 60,
        check=True,
    )
    out = result.stdout
    figures: dict = {"raw": out}
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    figures["rps"] = float(match.group(1)) if match else 0.0
    for pct in ("50", "75", "90", "99"):
        match = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\b", out, re.MULTILINE)
        if match:
            scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[match.group(2)]
            figures[f"p{pct}"] = float(match.group(1)) * scale
    match = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    figures["non_2xx"] = int(match.group(1)) if match else 0
    match = re.search(r"Socket errors:(.*)", out)
    errors = re.findall(r"(\w+) (\d+)", match.group(1)) if match else []
    figures["errors"] = {k: int(v) for k, v in errors if int(v)}
    return figures


# --- page weight -------------------------------------------------------------------------------


class _Resources(HTMLParser):
    """Every sub-resource the browser would fetch for a page, and whether it blocks rendering."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, bool]] = []  # (url, kind, render-blocking)
        self.in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "head":
            self.in_head = True
        elif tag == "body":
            self.in_head = False
        rel = set(a.get("rel", "").lower().split())
        if tag == "link" and "stylesheet" in rel and a.get("href"):
            media = a.get("media", "all").strip().lower()
            self.found.append((a["href"], "stylesheet", media in {"", "all", "screen"}))
        elif tag == "link" and rel & {"icon", "apple-touch-icon"} and a.get("href"):
            self.found.append((a["href"], "icon", False))
        elif tag == "link" and rel & {"preload", "modulepreload"} and a.get("href"):
            self.found.append((a["href"], "preload", False))
        elif tag == "script" and a.get("src"):
            deferred = "defer" in a or "async" in a or a.get("type") == "module"
            self.found.append((a["src"], "script", self.in_head and not deferred))
        elif tag == "img" and a.get("src"):
            self.found.append((a["src"], "image", False))

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False


def wire_size(response: http.client.HTTPResponse) -> int:
    status = f"HTTP/1.1 {response.status} {response.reason}\r\n"
    headers = "".join(f"{k}: {v}\r\n" for k, v in response.getheaders())
    return len(status) + len(headers) + 2 + len(response.body)  # type: ignore[attr-defined]


def decoded(response: http.client.HTTPResponse) -> bytes | None:
    body = response.body  # type: ignore[attr-defined]
    encoding = response.getheader("Content-Encoding", "")
    if encoding == "gzip":
        return gzip.decompress(body)
    if encoding == "":
        return body
    return None  # br: the standard library cannot read it; its url()s are not followed


@dataclass
class Weight:
    page: str
    html_bytes: int = 0
    html_wire: int = 0
    html_gzip_wire: int = 0
    html_encoding: str = ""
    resources: list[dict] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return 1 + len(self.resources)

    @property
    def static_wire(self) -> int:
        return sum(r["wire"] for r in self.resources)

    @property
    def total_wire(self) -> int:
        return self.html_wire + self.static_wire

    @property
    def total_gzip_html(self) -> int:
        return min(self.html_wire, self.html_gzip_wire) + self.static_wire

    @property
    def blocking(self) -> list[str]:
        return [f"{r['kind']} {r['path']}" for r in self.resources if r["blocking"]]


ACCEPT = {"Accept-Encoding": "br, gzip"}


def weigh(port: int, name: str, path: str) -> Weight:
    response = get(port, path, ACCEPT)
    if response.status != 200:
        raise SystemExit(f"{path} answered {response.status} through gunicorn")
    html = decoded(response) or b""
    weight = Weight(
        page=name,
        html_bytes=len(html),
        html_wire=wire_size(response),
        html_encoding=response.getheader("Content-Encoding", "none"),
    )
    # What a compressing proxy in front would send: the same headers, the body gzipped.
    weight.html_gzip_wire = (
        weight.html_wire - len(response.body) + len(gzip.compress(html, compresslevel=6))  # type: ignore[attr-defined]
    )
    parser = _Resources()
    parser.feed(html.decode("utf-8"))
    queue = list(parser.found)
    seen: set[str] = set()
    base = f"http://127.0.0.1:{port}{path}"
    while queue:
        href, kind, blocking = queue.pop(0)
        url = urljoin(base, href)
        parts = urlsplit(url)
        if url in seen:
            continue
        seen.add(url)
        if parts.netloc != f"127.0.0.1:{port}":
            weight.resources.append(
                {"path": url, "kind": kind, "blocking": blocking, "wire": 0, "other_origin": True}
            )
            continue
        sub = get(port, parts.path + (f"?{parts.query}" if parts.query else ""), ACCEPT)
        weight.resources.append(
            {
                "path": parts.path,
                "kind": kind,
                "blocking": blocking,
                "status": sub.status,
                "encoding": sub.getheader("Content-Encoding", "none"),
                "wire": wire_size(sub),
            }
        )
        if kind == "stylesheet" and sub.status == 200:
            css = (decoded(sub) or b"").decode("utf-8", "replace")
            for imported in re.findall(r"@import\s+(?:url\()?['\"]?([^'\")\s;]+)", css):
                queue.append((urljoin(url, imported), "stylesheet", blocking))
            for ref in re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", css):
                if not ref.startswith("data:"):
                    queue.append((urljoin(url, ref), "css url()", False))
    return weight


# --- glossary marking --------------------------------------------------------------------------


def median_time(function: Callable[[], object], budget: float = 0.5, limit: int = 50) -> float:
    """Median milliseconds of ``function`` over up to ``limit`` runs or ``budget`` seconds."""
    times = []
    deadline = time.perf_counter() + budget
    for _ in range(limit):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
        if time.perf_counter() > deadline and len(times) >= 3:
            break
    return statistics.median(times)


def marking() -> dict:
    """Mark one article's HTML with 10 to 10,000 terms; then longer text with fixed terms."""
    import markdown

    from portal import sanitise
    from portal.content import Term
    from portal.glossary import GlossaryMarker

    all_terms = synth.make_terms(max(MARK_TERMS))
    as_terms = [
        Term(slug=f"t{i}", term=t.term, definition=t.definition, other_forms=t.other_forms)
        for i, t in enumerate(all_terms)
    ]
    # The text uses only the first ten terms, so every marker finds the same matches and the
    # figures differ only by how many terms it knows.
    source = synth.article_text(1, all_terms[:10], synth.real_questions())
    body = source.split("+++\n", 2)[2]
    converter = markdown.Markdown(extensions=["sane_lists", "smarty", "tables"])
    html = sanitise.clean(converter.convert(body))
    by_terms = []
    for count in MARK_TERMS:
        start = time.perf_counter()
        marker = GlossaryMarker(as_terms[:count], glossary_url="/glossary/")
        build_ms = (time.perf_counter() - start) * 1000
        mark_ms = median_time(lambda m=marker: m.mark(html, id_prefix="def"))
        by_terms.append({"terms": count, "build_ms": build_ms, "mark_ms": mark_ms})
    marker = GlossaryMarker(as_terms[:MARK_FIXED_TERMS], glossary_url="/glossary/")
    by_length = []
    for factor in MARK_LENGTHS:
        text = html * factor
        mark_ms = median_time(lambda t=text: marker.mark(t, id_prefix="def"))
        by_length.append({"factor": factor, "kb": len(text) / 1024, "mark_ms": mark_ms})
    return {"html_kb": len(html) / 1024, "by_terms": by_terms, "by_length": by_length}


# --- in-process --------------------------------------------------------------------------------


def in_process(tmp: Path, size_dir: Path, content: Path) -> dict:
    out = size_dir / "inprocess.json"
    env = production_env(tmp, size_dir, content, port=8000)
    subprocess.run(
        [PYTHON, str(Path(__file__).with_name("inprocess.py")), str(out)],
        env=env,
        cwd=ROOT,
        check=True,
        timeout=WORKER_TIMEOUT,
    )
    return json.loads(out.read_text())


def collectstatic(tmp: Path) -> None:
    env = production_env(tmp, tmp, ROOT / "content", port=8000)
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
        env=env,
        cwd=ROOT,
        check=True,
        timeout=120,
    )


# --- report ------------------------------------------------------------------------------------


def kb(n: float) -> str:
    return f"{n / 1024:.1f}"


def ms(n: float) -> str:
    return f"{n:.1f}" if n >= 10 else f"{n:.2f}"


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def status(met: bool, gap: str) -> str:
    return "met" if met else f"**missed**: {gap}"


def _never_grows(counts: list[int]) -> bool:
    # A page may need fewer reads at a larger size (a long glossary's index reads less than the
    # whole glossary on one page), never more.
    return all(later <= earlier for earlier, later in itertools.pairwise(counts))


def report(info: dict, sizes: list[dict], serving: dict, marks: dict) -> str:
    largest = sizes[-1]
    out = ["# Portal benchmarks", ""]
    out.append(table(["Machine", ""], [[k, v] for k, v in info.items()]))

    # Targets.
    article_queries = [s["pages"]["article"]["queries"] for s in sizes]
    article_median = largest["pages"]["article"]["median_ms"]
    load_total = largest["load"]["total"]
    terms_ratio = marks["by_terms"][-1]["mark_ms"] / marks["by_terms"][0]["mark_ms"]
    length_ratio = marks["by_length"][-1]["mark_ms"] / marks["by_length"][0]["mark_ms"]
    length_factor = MARK_LENGTHS[-1] / MARK_LENGTHS[0]
    term_factor = MARK_TERMS[-1] // MARK_TERMS[0]
    article_weight = largest["weights"]["article"]
    blocking = article_weight.blocking
    extra_blocking = [b for b in blocking if not b.startswith("stylesheet")]
    blocking_ok = len(blocking) <= 1 and not extra_blocking
    weight_ok = article_weight.total_wire <= TARGET_ARTICLE_KB * 1024
    weight_gap = f"{kb(article_weight.total_wire - TARGET_ARTICLE_KB * 1024)} KB over" + (
        f"; with the HTML gzipped by a proxy it would be {kb(article_weight.total_gzip_html)} KB"
        if article_weight.html_encoding == "none"
        else ""
    )
    cached_queries = [s["cached"]["article"]["queries"] for s in sizes]
    listing = {page: largest["pages"][page] for page in LISTING_PAGES if page in largest["pages"]}
    listing_ok = all(
        p["bytes"] <= TARGET_LISTING_KB * 1024 and p["median_ms"] <= TARGET_LISTING_MS
        for p in listing.values()
    )
    floor_ratio = serving["gunicorn"]["rps"] / serving["floor"]["rps"]
    proxy_ratio = serving["proxy"]["rps"] / serving["static"]["rps"]
    rows = [
        [
            f"Article page: at most {TARGET_ARTICLE_QUERIES} SQL reads rendered and "
            f"{TARGET_CACHED_QUERIES} served from the page cache, at every size",
            " / ".join(str(q) for q in article_queries)
            + "; cached "
            + " / ".join(str(q) for q in cached_queries),
            status(
                max(article_queries) <= TARGET_ARTICLE_QUERIES
                and max(cached_queries) <= TARGET_CACHED_QUERIES,
                "too many reads",
            ),
        ],
        [
            "No page's query count grows with the number of articles (rendered)",
            ", ".join(
                f"{page} {'/'.join(str(s['pages'][page]['queries']) for s in sizes if page in s['pages'])}"
                for page in largest["pages"]
            ),
            status(
                all(
                    _never_grows([s["pages"][page]["queries"] for s in sizes if page in s["pages"]])
                    for page in largest["pages"]
                ),
                "a page's count grows with size",
            ),
        ],
        [
            f"Listing pages at {largest['label']}: each at most {TARGET_LISTING_KB:g} KB of HTML "
            f"and {TARGET_LISTING_MS:g} ms median, rendered",
            "; ".join(
                f"{page} {kb(p['bytes'])} KB {ms(p['median_ms'])} ms" for page, p in listing.items()
            ),
            status(listing_ok, "a listing page is over"),
        ],
        [
            f"Article through gunicorn at least {TARGET_FLOOR_RATIO:g} x the trivial-response floor",
            f"{floor_ratio:.2f} x ({serving['gunicorn']['rps']:,.0f} / "
            f"{serving['floor']['rps']:,.0f} req/s)",
            status(
                floor_ratio >= TARGET_FLOOR_RATIO, f"{TARGET_FLOOR_RATIO - floor_ratio:.2f} short"
            ),
        ],
        [
            f"Behind the README's nginx cache at least {TARGET_PROXY_RATIO:g} x nginx sending "
            "the page as a file",
            f"{proxy_ratio:.2f} x ({serving['proxy']['rps']:,.0f} / "
            f"{serving['static']['rps']:,.0f} req/s)",
            status(
                proxy_ratio >= TARGET_PROXY_RATIO, f"{TARGET_PROXY_RATIO - proxy_ratio:.2f} short"
            ),
        ],
        [
            f"Article page in-process median under {TARGET_ARTICLE_MEDIAN_MS:g} ms at "
            f"{largest['label']}",
            f"{ms(article_median)} ms",
            status(
                article_median < TARGET_ARTICLE_MEDIAN_MS,
                f"{ms(article_median - TARGET_ARTICLE_MEDIAN_MS)} ms over",
            ),
        ],
        [
            f"`load_content` of {largest['label']} in under {TARGET_LOAD_SECONDS:g} s",
            f"{load_total:.1f} s",
            status(
                load_total < TARGET_LOAD_SECONDS,
                f"{load_total - TARGET_LOAD_SECONDS:.1f} s over; slowest phase: "
                + max(("read", "render", "write"), key=lambda p: largest["load"][p]),
            ),
        ],
        [
            f"`load_content` again with nothing changed, {largest['label']}, under "
            f"{TARGET_RELOAD_SECONDS:g} s",
            f"{largest['reload']:.2f} s",
            status(
                largest["reload"] < TARGET_RELOAD_SECONDS,
                f"{largest['reload'] - TARGET_RELOAD_SECONDS:.1f} s over",
            ),
        ],
        [
            f"Glossary marking grows with text, not terms x text (x{term_factor} terms; "
            f"x{length_factor:g} text)",
            f"x{terms_ratio:.2f} time for x{term_factor} terms; "
            f"x{length_ratio:.1f} time for x{length_factor:g} text",
            status(
                terms_ratio <= TARGET_MARK_TERM_RATIO and length_ratio <= 2 * length_factor,
                "marking time grows with the number of terms"
                if terms_ratio > TARGET_MARK_TERM_RATIO
                else "marking time grows faster than the text",
            ),
        ],
        [
            f"Article page weight under {TARGET_ARTICLE_KB:g} KB compressed, all requests",
            f"{kb(article_weight.total_wire)} KB in {article_weight.requests} requests",
            status(weight_ok, weight_gap),
        ],
        [
            "No render-blocking request besides one stylesheet",
            ", ".join(blocking) or "none",
            status(blocking_ok, "also blocking: " + ", ".join(extra_blocking or blocking[1:])),
        ],
    ]
    out += ["", "## Targets", "", table(["Target", "Figure", "Status"], rows)]

    # load_content.
    rows = [
        [
            s["label"],
            str(s["articles"]),
            str(s["terms"]),
            f"{s['load']['total']:.2f}",
            f"{s['load']['read']:.2f}",
            f"{s['load']['render']:.2f}",
            f"{s['load']['write']:.2f}",
        ]
        for s in sizes
    ]
    out += [
        "",
        "## `load_content` into an empty database (seconds)",
        "",
        table(["Content", "Articles", "Terms", "Total", "Read", "Render", "Write"], rows),
    ]

    # In-process pages.
    rows = []
    for s in sizes:
        for page, p in s["pages"].items():
            c = s["cached"][page]
            rows.append(
                [
                    s["label"],
                    page,
                    str(p["queries"]),
                    ms(p["median_ms"]),
                    ms(p["p95_ms"]),
                    str(c["queries"]),
                    ms(c["median_ms"]),
                    ms(c["p95_ms"]),
                    kb(p["bytes"]),
                ]
            )
    out += [
        "",
        "## Pages in process (Django test client, warm, production settings)",
        "",
        "Rendered: the page cache emptied before each request. Cached: the same request again.",
        "",
        table(
            [
                "Content",
                "Page",
                "SQL rendered",
                "Median ms",
                "p95 ms",
                "SQL cached",
                "Median ms cached",
                "p95 ms cached",
                "HTML KB",
            ],
            rows,
        ),
    ]

    # Serving.
    rows = []
    for name, key in (
        ("Trivial Django response (gunicorn, 2 sync workers, same middleware): the floor", "floor"),
        ("Article page (gunicorn, 2 sync workers)", "gunicorn"),
        ("Article page behind the README's nginx cache", "proxy"),
        ("Article page as a pre-compressed file (nginx, 2 workers)", "static"),
    ):
        figures = serving[key]
        errors = ", ".join(f"{k} {v}" for k, v in figures["errors"].items()) or "none"
        rows.append(
            [
                name,
                f"{figures['rps']:,.0f}",
                " / ".join(f"{r:,.0f}" for r in figures["rounds"]),
                *(ms(figures.get(f"p{p}", 0.0)) for p in ("50", "90", "99")),
                str(figures["non_2xx"]),
                errors,
            ]
        )
    out += [
        "",
        f"## Serving the article page at {largest['label']} "
        f"(wrk {' '.join(WRK_ARGS)}, {serving_accept()}, 127.0.0.1)",
        "",
        table(
            [
                "Server",
                "Req/s (median round)",
                "Rounds",
                "p50 ms",
                "p90 ms",
                "p99 ms",
                "Non-2xx",
                "Socket errors",
            ],
            rows,
        ),
        "",
        f"Article / floor: **{floor_ratio:.2f}**. README cache / file: **{proxy_ratio:.2f}**. "
        f"URL {serving['path']}: {kb(serving['html_bytes'])} KB of HTML, "
        f"{kb(serving['gzip_bytes'])} KB compressed; the nginx cache held "
        f"{serving['cache_files']} file(s) afterwards. Servers were loaded in turn, round by "
        "round; wrk, gunicorn and nginx share the same cores.",
    ]

    # Weight.
    rows = []
    for s in sizes:
        for page, w in s["weights"].items():
            rows.append(
                [
                    s["label"],
                    page,
                    str(w.requests),
                    kb(w.html_bytes),
                    f"{kb(w.html_wire)} ({w.html_encoding})",
                    kb(w.static_wire),
                    f"**{kb(w.total_wire)}**",
                    kb(w.total_gzip_html),
                    ", ".join(w.blocking) or "none",
                ]
            )
    out += [
        "",
        "## Page weight over the wire (gunicorn + WhiteNoise, Accept-Encoding: br, gzip; KB)",
        "",
        table(
            [
                "Content",
                "Page",
                "Requests",
                "HTML",
                "HTML sent",
                "Static sent",
                "Total sent",
                "Total, HTML gzipped by a proxy",
                "Render-blocking",
            ],
            rows,
        ),
        "",
        "Sizes include response headers. Static files: "
        + "; ".join(
            f"{r['path']} {kb(r['wire'])} KB ({r['encoding']}, {r['kind']}"
            + (", render-blocking" if r["blocking"] else "")
            + ")"
            for r in {
                r["path"]: r for w in largest["weights"].values() for r in w.resources
            }.values()
        )
        + ".",
    ]
    other = sorted(
        {
            r["path"]
            for s in sizes
            for w in s["weights"].values()
            for r in w.resources
            if r.get("other_origin")
        }
    )
    if other:
        out.append(f"**Requests to another origin:** {', '.join(other)}.")

    # Marking.
    rows = [[f"{m['terms']:,}", ms(m["build_ms"]), ms(m["mark_ms"])] for m in marks["by_terms"]]
    out += [
        "",
        f"## Glossary marking: one article's HTML ({marks['html_kb']:.1f} KB), growing glossary",
        "",
        table(["Terms", "Build marker ms (once per load)", "Mark ms"], rows),
        "",
        f"### Growing text, {MARK_FIXED_TERMS:,} terms",
        "",
        table(
            ["Text", "KB", "Mark ms"],
            [[f"x{m['factor']}", f"{m['kb']:.0f}", ms(m["mark_ms"])] for m in marks["by_length"]],
        ),
    ]
    return "\n".join(out) + "\n"


# --- main --------------------------------------------------------------------------------------


def main() -> None:
    require_tools()
    began = time.monotonic()
    info = machine()
    tmp = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    # nginx's workers run as an unprivileged user and must read the pages and static files.
    tmp.chmod(0o755)
    try:
        print(f"Working in {tmp}", flush=True)
        collectstatic(tmp)
        sizes = []
        for label, articles, terms in SIZES:
            size_dir = tmp / f"size-{len(sizes)}"
            size_dir.mkdir()
            if articles is None:
                content = ROOT / "content"
            else:
                content = synth.write_content(size_dir / "content", articles, terms)
            print(f"[{time.monotonic() - began:5.0f}s] {label}: load_content and pages", flush=True)
            result = in_process(tmp, size_dir, content)
            result.update(
                label=label,
                articles=articles or len(list((content / "procedures").glob("*.md"))),
                terms=terms or (content / "glossary.toml").read_text().count("[[term]]"),
                size_dir=size_dir,
                content=content,
            )
            sizes.append(result)

        print(f"[{time.monotonic() - began:5.0f}s] page weight and serving", flush=True)
        serving: dict = {}
        for index, size in enumerate(sizes):
            port = free_port()
            env = production_env(tmp, size["size_dir"], size["content"], port)
            with gunicorn(env, port, tmp / f"gunicorn-{index}.log"):
                size["weights"] = {
                    page: weigh(port, page, figures["url"])
                    for page, figures in size["pages"].items()
                }
                if size is sizes[-1]:
                    serving = serve(tmp, port, size)
        if PROFILE_OUTPUT in sizes[-1]["load"]:
            print(sizes[-1]["load"][PROFILE_OUTPUT])

        print(f"[{time.monotonic() - began:5.0f}s] glossary marking", flush=True)
        marks = marking()

        text = report(info, sizes, serving, marks)
        text += f"\nThe whole run took {time.monotonic() - began:.0f} s.\n"
        RESULTS.parent.mkdir(exist_ok=True)
        RESULTS.write_text(text, encoding="utf-8")
        print()
        print(text)
        print(f"Written to {RESULTS.relative_to(ROOT)}")
    finally:
        if os.environ.get("BENCH_KEEP") == "1":
            print(f"Kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def serving_accept() -> str:
    return serving.ACCEPT


def serve(tmp: Path, portal_port: int, size: dict) -> dict:
    ports = {"gunicorn": portal_port, "proxy": free_port(), "static": free_port()}
    return serving.run(
        tmp,
        size["pages"]["article"]["url"],
        ports,
        get=get,
        running=running,
        wrk=wrk,
        rounds=1 if QUICK else 3,
    )


if __name__ == "__main__":
    main()
