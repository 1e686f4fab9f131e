"""Serving figures from one run: the framework's floor, the article through gunicorn, the README's
nginx cache in front of gunicorn, and nginx sending the same page as a file.

The nginx cache is configured from the README's own ``nginx`` block (section "Deploying"), with
only its ports, folders and TLS lines changed, so the figure is for the configuration a clinic
would copy. The four servers are loaded in interleaved rounds, so a noisy neighbour on a shared
machine weighs on all of them alike; each figure is the median round.
"""

from __future__ import annotations

import gzip
import os
import re
import statistics
import subprocess
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
FLOOR_PATH = "/bench/floor/"
ACCEPT = "Accept-Encoding: gzip, deflate, br"

NGINX_MAIN = """\
worker_processes 2;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    keepalive_requests 100000;
    client_body_temp_path {tmp}/nginx-body;
    proxy_temp_path {tmp}/nginx-proxy;
    fastcgi_temp_path {tmp}/nginx-fastcgi;
    uwsgi_temp_path {tmp}/nginx-uwsgi;
    scgi_temp_path {tmp}/nginx-scgi;
    gzip on;
    gzip_comp_level 6;
    gzip_types text/css application/javascript image/svg+xml;

    # The page as a file, sent pre-compressed: the limit of this machine.
    server {{
        listen 127.0.0.1:{static_port};
        root {www};
        index index.html;
        gzip_static on;
        location /static/ {{ alias {static}/; }}
    }}

    # The README's configuration.
{readme}
}}
"""


def readme_nginx(text: str | None = None) -> str:
    """The README's nginx example, as written."""
    text = README.read_text(encoding="utf-8") if text is None else text
    match = re.search(r"^```nginx\n(.*?)^```", text, re.MULTILINE | re.DOTALL)
    if not match:
        raise SystemExit("README.md has no ```nginx block to benchmark")
    return match.group(1)


def _replace(text: str, pattern: str, replacement: str) -> str:
    changed, count = re.subn(pattern, replacement, text, flags=re.MULTILINE)
    if not count:
        raise SystemExit(f"The README's nginx block no longer matches {pattern!r}; update bench")
    return changed


def local_nginx(readme: str, tmp: Path, port: int, upstream: int) -> str:
    """The README's block on plain HTTP at 127.0.0.1:port, proxying to gunicorn on upstream."""
    text = _replace(readme, r"(?s)^server \{\n    listen 80;.*?^\}\n", "")  # the HTTPS redirect
    text = _replace(text, r"^\s*(ssl_certificate\S*|http2) .*\n", "")
    text = _replace(text, r"listen 443 ssl;", f"listen 127.0.0.1:{port};")
    text = _replace(text, r"http://127\.0\.0\.1:8001", f"http://127.0.0.1:{upstream}")
    text = _replace(text, r"proxy_cache_path /\S+", f"proxy_cache_path {tmp}/nginx-cache")
    return "\n".join(f"    {line}" if line else "" for line in text.splitlines())


def wrk_round(wrk: Callable[..., dict], urls: dict[str, str], rounds: int) -> dict[str, dict]:
    """Each URL loaded in turn, ``rounds`` times; the round with the median rate for each."""
    runs: dict[str, list[dict]] = {name: [] for name in urls}
    for _ in range(rounds):
        for name, url in urls.items():
            print(f"  wrk {name} {url}", flush=True)
            runs[name].append(wrk(url, ["-H", ACCEPT]))
    result = {}
    for name, figures in runs.items():
        rates = sorted(f["rps"] for f in figures)
        median = statistics.median_low(rates)
        result[name] = next(f for f in figures if f["rps"] == median) | {"rounds": rates}
    return result


@contextmanager
def servers(running: Callable, tmp: Path, page: Path, body: bytes, ports: dict[str, int]):
    """nginx with the static copy and the README's cache in front of gunicorn."""
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_bytes(body)
    page.with_suffix(".html.gz").write_bytes(gzip.compress(body, 6))
    for folder in [tmp / "www", *(tmp / "www").rglob("*")]:
        if folder.is_dir():
            folder.chmod(0o755)
    conf = tmp / "nginx.conf"
    conf.write_text(
        NGINX_MAIN.format(
            tmp=tmp,
            www=tmp / "www",
            static=tmp / "static",
            static_port=ports["static"],
            readme=local_nginx(readme_nginx(), tmp, ports["proxy"], ports["gunicorn"]),
        )
    )
    command = ["nginx", "-p", str(tmp), "-c", str(conf), "-e", str(tmp / "nginx-error.log")]
    with running(command, dict(os.environ), ports["static"], tmp / "nginx.log"):
        yield


def check_same(get: Callable, ports: dict[str, int], path: str) -> None:
    """Every server answers the page with the same bytes, compressed the same way."""
    headers = {"Accept-Encoding": "gzip"}
    bodies = {}
    for name in ("gunicorn", "proxy", "static"):
        response = get(ports[name], path, headers)
        if response.status != 200:
            raise SystemExit(f"{name} answered {response.status} for {path}")
        body = response.body
        if response.getheader("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        bodies[name] = body
    if len(set(bodies.values())) != 1:
        raise SystemExit(f"The servers do not send the same page for {path}")


def run(tmp: Path, path: str, ports: dict[str, int], *, get, running, wrk, rounds: int) -> dict:
    """Figures for the floor, the article through gunicorn, the README's cache and the file."""
    response = get(ports["gunicorn"], path)
    if response.status != 200:
        raise SystemExit(f"{path} answered {response.status} through gunicorn")
    page = tmp / "www" / path.strip("/") / "index.html"
    with servers(running, tmp, page, response.body, ports):
        check_same(get, ports, path)
        urls = {
            "floor": f"http://127.0.0.1:{ports['gunicorn']}{FLOOR_PATH}",
            "gunicorn": f"http://127.0.0.1:{ports['gunicorn']}{path}",
            "proxy": f"http://127.0.0.1:{ports['proxy']}{path}",
            "static": f"http://127.0.0.1:{ports['static']}{path}",
        }
        figures = wrk_round(wrk, urls, rounds)
        # A cache that answered from its copy is what the figure is about: check it kept one.
        cached = subprocess.run(["find", str(tmp / "nginx-cache"), "-type", "f"], **_quiet())
    return {
        "path": path,
        "html_bytes": len(response.body),
        "gzip_bytes": len(gzip.compress(response.body, 6)),
        "cache_files": len(cached.stdout.split()),
        **figures,
    }


def _quiet() -> dict:
    return {"capture_output": True, "text": True, "check": False}
