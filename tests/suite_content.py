"""The suite's own content (tests/fixtures/content): where it is, and the articles it holds, for
tests that choose pages by address at collection time, where fixtures cannot reach."""

from pathlib import Path

FIXTURE_CONTENT = Path(__file__).parent / "fixtures" / "content"

SURGERY = "surgical-rhizotomy"
INJECTION = "rhizotomy-injection"
BACK_PAIN = "dorsal-rhizotomy-back-pain"
ALL = [SURGERY, INJECTION, BACK_PAIN]
