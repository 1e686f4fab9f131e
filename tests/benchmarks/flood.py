"""``make bench``, log-in flood: the article's throughput alone and while wrong passwords pour in.

gunicorn (2 sync workers, the shipped configuration, production settings, SQLite) serves the real
content. A first flood runs until the log-in limit holds for both kinds of flooder: one account
from ever-changing addresses (held by the per-account limit) and ever-changing accounts from one
address (held by the per-address limit); its few hashed attempts recur once per cool-off. Then, in
each round, wrk loads the article page alone and during floods at the rate the attack run used and
unpaced. Rounds alternate so that a busy neighbour on the machine weighs on every figure. Each
flood is bounded in time (it stops with wrk) and in count (``FLOOD_MAX_ATTEMPTS``). Target: 50 % or
more of the article's throughput remains. Throughput on a shared machine is noisy, so the workers'
CPU time per request (article, checked wrong password, refused wrong password) is measured too.

Writes ``bench-results/flood.md``. ``BENCH_QUICK=1`` for shorter runs.
"""

from __future__ import annotations

import datetime
import http.client
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
# bench's synthetic content imports the portal's models, which need Django set up.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
django.setup()

import bench  # noqa: E402

ROUNDS = 2
FLOODERS = 4  # concurrent connections posting wrong passwords
# Attempts per second: the rate the attack run reported (9.5/s), then as fast as 4 connections go.
FLOOD_RATES: tuple[float | None, ...] = (10.0, None)
FLOOD_MAX_ATTEMPTS = 20_000  # per flood
WARM_UP_SECONDS = 120
TARGET_SHARE = 0.5
STAFF = "staff"
RESULTS = bench.ROOT / "bench-results" / "flood.md"
CONFIG = "portal/gunicorn_conf.py"


@dataclass
class Flood:
    port: int
    rate: float | None
    stop: threading.Event = field(default_factory=threading.Event)
    statuses: Counter = field(default_factory=Counter)
    # Whether each kind of flooder (one account / one address) has been refused before hashing.
    refused: set[bool] = field(default_factory=set)
    attempts: int = 0
    seconds: float = 0.0
    next_slot: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_attempt(self) -> int | None:
        """The next attempt's number once its time slot has come; None when the flood is over."""
        with self.lock:
            if self.stop.is_set() or self.attempts >= FLOOD_MAX_ATTEMPTS:
                return None
            self.attempts += 1
            number = self.attempts
            slot = max(time.monotonic(), self.next_slot)
            if self.rate:
                self.next_slot = slot + 1 / self.rate
        time.sleep(max(0.0, slot - time.monotonic()))
        return number

    def record(self, one_account: bool, status: str) -> None:
        with self.lock:
            self.statuses[status] += 1
            if status == "429":
                self.refused.add(one_account)


def csrf(port: int) -> tuple[str, str]:
    """A CSRF cookie and form token from the log-in page, reused by every attempt."""
    response = bench.get(port, "/admin/login/")
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', response.body)  # type: ignore[attr-defined]
    if response.status != 200 or not cookie or not token:
        raise SystemExit(f"/admin/login/ gave no CSRF token (status {response.status})")
    return cookie.group(1), token.group(1).decode()


def attempt(port: int, username: str, address: str, csrf_pair: tuple[str, str]) -> str:
    """One wrong password for ``username``, as if from ``address``; the answer's status."""
    cookie, token = csrf_pair
    body = urlencode({"username": username, "password": "wrong", "csrfmiddlewaretoken": token})
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(
            "POST",
            "/admin/login/",
            body=body,
            headers={
                "Host": "127.0.0.1",
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={cookie}",
                "X-Forwarded-For": address,
            },
        )
        response = connection.getresponse()
        response.read()
        return str(response.status)
    except OSError as error:
        return type(error).__name__
    finally:
        connection.close()


def flooder(flood: Flood, one_account: bool, csrf_pair: tuple[str, str]) -> None:
    while (n := flood.next_attempt()) is not None:
        if one_account:
            # One account, a new address each time (as the proxy would report them).
            username, address = STAFF, f"198.51.{n // 250 % 250}.{n % 250 + 1}"
        else:
            # A new account each time, from one address.
            username, address = f"guess{n}", "203.0.113.7"
        flood.record(one_account, attempt(flood.port, username, address, csrf_pair))


@contextmanager
def flooding(port: int, rate: float | None) -> Iterator[Flood]:
    """Wrong passwords from FLOODERS connections until the block ends."""
    flood = Flood(port, rate)
    csrf_pair = csrf(port)
    threads = [
        threading.Thread(target=flooder, args=(flood, n % 2 == 0, csrf_pair), daemon=True)
        for n in range(FLOODERS)
    ]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    try:
        yield flood
    finally:
        flood.stop.set()
        for thread in threads:
            thread.join(timeout=60)
        flood.seconds = time.monotonic() - began


def warm_up(port: int) -> Flood:
    """Flood until both kinds of flooder are refused: the few hashed attempts before each lock-out
    happen once per cool-off, so they are counted here rather than in the measured rounds."""
    with flooding(port, None) as flood:
        deadline = time.monotonic() + WARM_UP_SECONDS
        while flood.refused != {True, False} and time.monotonic() < deadline:
            time.sleep(0.1)
    if flood.refused != {True, False}:
        raise SystemExit(f"no lock-out after {flood.attempts} wrong passwords: {flood.statuses}")
    return flood


def worker_cpu_seconds(master: int) -> float:
    """CPU time used so far by gunicorn's workers: the children of ``master``."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # After "pid (name)": state, ppid, ..., utime and stime are the 12th and 13th fields.
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def cpu_ms(master: int, request: Callable[[int], str], count: int, expected: str) -> float:
    """Workers' CPU milliseconds per request, for ``count`` requests made one after another, each
    of which must answer ``expected``."""
    before = worker_cpu_seconds(master)
    answers = Counter(request(n) for n in range(count))
    used = worker_cpu_seconds(master) - before
    if set(answers) != {expected}:
        raise SystemExit(f"expected only {expected} answers, got {dict(answers)}")
    return used * 1000 / count


def cpu_costs(port: int, master: int, path: str) -> dict[str, float]:
    """What one request costs the server: an article, a checked wrong password, a refused one.
    Run after the warm-up, so STAFF and 203.0.113.7 are locked while fresh ones are not."""
    csrf_pair = csrf(port)
    return {
        "article": cpu_ms(master, lambda n: str(bench.get(port, path).status), 200, "200"),
        "checked": cpu_ms(
            master, lambda n: attempt(port, f"probe{n}", f"192.0.2.{n + 1}", csrf_pair), 4, "200"
        ),
        "refused": cpu_ms(
            master, lambda n: attempt(port, STAFF, "203.0.113.7", csrf_pair), 200, "429"
        ),
    }


def prepare(tmp: Path, port: int) -> dict[str, str]:
    env = bench.production_env(tmp, tmp, bench.ROOT / "content", port)
    env["DJANGO_SUPERUSER_PASSWORD"] = "a long staff passphrase for the flood"
    bench.collectstatic(tmp)
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["load_content"],
        ["createsuperuser", "--noinput", "--username", STAFF, "--email", "staff@example.org"],
    ):
        subprocess.run(
            [bench.PYTHON, "manage.py", *command],
            env=env,
            cwd=bench.ROOT,
            check=True,
            timeout=300,
            stdout=subprocess.DEVNULL,
        )
    return env


def article_path(port: int) -> str:
    home = bench.get(port, "/")
    match = re.search(rb'href="(/procedures/[^"/]+/)"', home.body)  # type: ignore[attr-defined]
    if home.status != 200 or not match:
        raise SystemExit("the home page links no article")
    return match.group(1).decode()


def rate_name(rate: float | None) -> str:
    return f"{rate:g}/s" if rate else "unpaced"


def statuses(flood: Flood) -> str:
    return ", ".join(f"{code}: {count}" for code, count in sorted(flood.statuses.items()))


def report(warm: Flood, costs: dict[str, float], rounds: list[dict], path: str) -> str:
    alone = statistics.median(r["alone"]["rps"] for r in rounds)
    header = ["Round", "Alone req/s (p50 ms)"]
    for rate in FLOOD_RATES:
        header += [f"Flood {rate_name(rate)}: req/s (p50 ms)", "Wrong passwords sent: answers"]
    rows = []
    for index, r in enumerate(rounds):
        row = [str(index + 1), f"{r['alone']['rps']:.0f} ({r['alone'].get('p50', 0):.0f})"]
        for rate in FLOOD_RATES:
            figures, flood = r[rate]
            row += [
                f"{figures['rps']:.0f} ({figures.get('p50', 0):.0f})",
                f"{flood.attempts} ({flood.attempts / flood.seconds:.0f}/s): {statuses(flood)}",
            ]
        rows.append(row)
    lines = [
        "## Log-in flood",
        "",
        f"Article {path} through gunicorn (2 sync workers, {CONFIG}, production settings), "
        f"wrk {' '.join(bench.WRK_ARGS)}. During a flood {FLOODERS} connections post wrong "
        "passwords to /admin/login/: half for one account from changing addresses, half for "
        "changing accounts from one address. An answer 200 is a wrong password that was "
        "checked (hashed); 429 is a refusal by the log-in limit, made before any hashing except "
        "for the attempt that reaches the limit.",
        "",
        f"Before the rounds, {warm.attempts} wrong passwords in {warm.seconds:.1f} s locked both "
        f"the account and the address ({statuses(warm)}).",
        "",
        f"Server CPU per request (gunicorn's workers, from /proc, requests one at a time): "
        f"article page {costs['article']:.1f} ms; wrong password checked (hashed) "
        f"{costs['checked']:.0f} ms; wrong password refused by the limit "
        f"{costs['refused']:.1f} ms. Without the limit, 10 wrong passwords a second would take "
        f"{10 * costs['checked'] / 1000:.1f} CPU-seconds every second; refused, they take "
        f"{10 * costs['refused'] / 1000:.2f}.",
        "",
        bench.table(header, rows),
        "",
    ]
    for rate in FLOOD_RATES:
        during = statistics.median(r[rate][0]["rps"] for r in rounds)
        share = during / alone if alone else 0.0
        verdict = bench.status(share >= TARGET_SHARE, f"below {TARGET_SHARE:.0%}")
        lines.append(
            f"- Flood {rate_name(rate)}: the article keeps **{share:.0%}** of its {alone:.0f} "
            f"req/s (medians of {ROUNDS} rounds); target {TARGET_SHARE:.0%} or more: {verdict}."
        )
    lines += [
        "",
        f"Load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M UTC}.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    bench.require_tools()
    with tempfile.TemporaryDirectory(prefix="portal-flood-") as folder:
        tmp = Path(folder)
        port = bench.free_port()
        print(f"Log-in flood: preparing in {tmp}", flush=True)
        env = prepare(tmp, port)
        command = [str(bench.GUNICORN), "portal.wsgi", "-c", CONFIG]
        command += ["--workers", "2", "--bind", f"127.0.0.1:{port}", "--pid", str(tmp / "pid")]
        with bench.running(command, env, port, tmp / "gunicorn.log"):
            path = article_path(port)
            url = f"http://127.0.0.1:{port}{path}"
            print("  flooding until the log-in limit holds", flush=True)
            warm = warm_up(port)
            print("  server CPU per request", flush=True)
            costs = cpu_costs(port, int((tmp / "pid").read_text()), path)
            rounds = []
            for number in range(1, ROUNDS + 1):
                print(f"  round {number}: wrk alone", flush=True)
                result: dict = {"alone": bench.wrk(url)}
                for rate in FLOOD_RATES:
                    print(f"  round {number}: wrk during a flood, {rate_name(rate)}", flush=True)
                    with flooding(port, rate) as flood:
                        result[rate] = (bench.wrk(url), flood)
                rounds.append(result)
    text = report(warm, costs, rounds, path)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    print(f"\n{text}\nWritten to {RESULTS.relative_to(bench.ROOT)}")


if __name__ == "__main__":
    main()
