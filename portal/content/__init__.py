"""Files in ``content/`` -> validated values: reading, checking and positions of every problem.

:func:`read_content` is the entry point; rendering (:mod:`portal.rendering`) and writing
(:mod:`portal.sync`) take what it returns.
"""

from .articles import REQUIRED_SECTIONS
from .folder import read_content
from .types import (
    Article,
    Check,
    Code,
    Content,
    ContentError,
    ContentProblem,
    Question,
    SourceSection,
    Term,
    Value,
)

__all__ = [
    "REQUIRED_SECTIONS",
    "Article",
    "Check",
    "Code",
    "Content",
    "ContentError",
    "ContentProblem",
    "Question",
    "SourceSection",
    "Term",
    "Value",
    "read_content",
]
