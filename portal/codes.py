"""Procedure code systems: their names, HL7 OIDs and code formats.

Health records name a code system by its HL7 OID (CPT is ``2.16.840.1.113883.6.12``); people and
content files name it in words ("CPT", "SNOMED CT", "snomed-ct"). Both lead to the one canonical
name stored in ``ProcedureCode.system``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class CodeSystem:
    name: str  # canonical, as stored
    oid: str
    pattern: re.Pattern[str]
    shape: str  # the pattern in words, for error messages
    example: str
    aliases: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        """The name in ``/code/<system>/<code>/``: lower case, hyphens for spaces."""
        return self.name.lower().replace(" ", "-")


# The canonical name, the HL7 OID and the other names people and files use.
_NAMES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("CPT", "2.16.840.1.113883.6.12", ("CPT-4", "CPT4")),
    ("HCPCS", "2.16.840.1.113883.6.285", ("HCPCS Level II",)),
    ("ICD-10-PCS", "2.16.840.1.113883.6.4", ()),
    ("SNOMED CT", "2.16.840.1.113883.6.96", ("SNOMED", "SCT")),
)

# How each system's codes are written: the pattern, the same in words, an example.
# Patterns are ASCII only: \d would also take Arabic or Devanagari digits.
# CPT Category I is five digits; Category II, III and lab codes are four digits and F, T or U.
# ICD-10-PCS never uses the letters I and O, so they cannot be mistaken for 1 and 0.
_FORMATS: dict[str, tuple[str, str, str]] = {
    "CPT": (r"\d{4}[0-9FTU]", "five digits, or four digits and F, T or U", "63185"),
    "HCPCS": (r"[A-Z]\d{4}", "a letter and four digits", "J1040"),
    "ICD-10-PCS": (r"[0-9A-HJ-NP-Z]{7}", "seven letters and digits, never I or O", "00800ZZ"),
    "SNOMED CT": (r"[1-9]\d{5,17}", "6 to 18 digits, not starting with 0", "1234567"),
}

SYSTEMS: tuple[CodeSystem, ...] = tuple(
    CodeSystem(name, oid, re.compile(pattern, re.ASCII), shape, example, aliases)
    for name, oid, aliases in _NAMES
    for pattern, shape, example in [_FORMATS[name]]
)


def _key(value: str) -> str:
    # "SNOMED CT", "snomed-ct", "SNOMED_CT" and "snomedct" are the same system.
    return re.sub(r"[\s_-]+", "", value).casefold()


_BY_KEY: dict[str, CodeSystem] = {
    _key(key): system
    for system in SYSTEMS
    for key in (system.name, system.slug, system.oid, *system.aliases)
}


def system_for(value: str) -> CodeSystem | None:
    """The code system named by ``value``: a name in any case (``snomed-ct`` too), its URL slug
    or its OID (``urn:oid:`` prefix allowed)."""
    value = value.strip()
    if value.casefold().startswith("urn:oid:"):
        value = value[len("urn:oid:") :]
    return _BY_KEY.get(_key(value))


def normalise_system(value: str) -> str | None:
    """The canonical name of the code system ``value`` names, or None if it names none we know."""
    system = system_for(value)
    return system.name if system else None


def valid_code(system: str, code: str) -> bool:
    """Whether ``code`` is written exactly as a code of ``system`` is (capital letters, no
    spaces); ``system`` as ``normalise_system`` accepts it."""
    found = system_for(system)
    return found is not None and found.pattern.fullmatch(code) is not None


def normalise_code(system: CodeSystem, code: str) -> str | None:
    """``code`` as stored (surrounding spaces dropped, letters in capitals), or None if it cannot
    be a code of ``system``. For codes typed or sent by other systems."""
    code = code.strip().upper()
    return code if system.pattern.fullmatch(code) else None
