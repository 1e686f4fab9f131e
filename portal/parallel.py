"""Render a large load's articles on every core of the machine.

Each article renders on its own, in CPU work alone, so a load of many shares them among forked
worker processes. The workers inherit the renderer (its compiled glossary pattern, the active
language) and the articles, and never touch the database. Each writes what it rendered to a file
of its own: on a busy machine, sending megabytes back through a pipe would keep a worker waiting
for the parent to be scheduled at every pipe-full.
"""

from __future__ import annotations

import itertools
import multiprocessing as mp
import os
import pickle
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .content import Article
    from .rendering import RenderedArticle, Renderer

# From this many articles, a load renders on several cores; fewer render sooner than worker
# processes start.
PARALLEL_FROM = 64

_work: tuple[Renderer, list[tuple[Article, str]]] | None = None


def render(renderer: Renderer, todo: list[tuple[Article, str]]) -> tuple[RenderedArticle, ...]:
    """Each (article, digest) of ``todo`` rendered by ``renderer``, in order."""
    workers = min(cores(), len(todo))
    if len(todo) < PARALLEL_FROM or workers < 2 or "fork" not in mp.get_all_start_methods():
        return tuple(renderer.article(*item) for item in todo)
    global _work
    _work = (renderer, todo)
    # One contiguous share per worker: articles cost about the same to render.
    bounds = [len(todo) * n // workers for n in range(workers + 1)]
    try:
        with (
            tempfile.TemporaryDirectory(prefix="portal-render-") as folder,
            ProcessPoolExecutor(workers, mp_context=mp.get_context("fork")) as pool,
        ):
            shares = [(start, stop, folder) for start, stop in itertools.pairwise(bounds)]
            rendered = []
            for path in pool.map(_render_share, shares):
                # Written by our own worker, in a folder only this user may open.
                rendered.extend(pickle.loads(Path(path).read_bytes()))  # noqa: S301
    finally:
        _work = None
    # The parent's own article objects, not copies of them.
    return tuple(replace(r, source=a) for r, (a, _) in zip(rendered, todo, strict=True))


def _render_share(share: tuple[int, int, str]) -> str:
    start, stop, folder = share
    assert _work is not None, "only in a worker forked by render()"
    renderer, todo = _work
    rendered = [renderer.article(*item) for item in todo[start:stop]]
    path = Path(folder) / f"{start}.pickle"
    path.write_bytes(pickle.dumps(rendered, pickle.HIGHEST_PROTOCOL))
    return str(path)


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
