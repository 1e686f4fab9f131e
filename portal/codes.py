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
    slug: str  # in /code/<system>/<code>/
    pattern: re.Pattern[str]  # ASCII only: \d would also take Arabic or Devanagari digits
    shape: str  # the pattern in words, for error messages
    example: str
    aliases: tuple[str, ...] = ()


SYSTEMS: tuple[CodeSystem, ...] = (
    CodeSystem(
        name="CPT",
        oid="2.16.840.1.113883.6.12",
        slug="cpt",
        # Category I: five digits. Category II, III and lab codes: four digits and F, T or U.
        pattern=re.compile(r"\d{4}[0-9FTU]", re.ASCII),
        shape="five digits, or four digits and F, T or U",
        example="63185",
        aliases=("CPT-4", "CPT4"),
    ),
    CodeSystem(
        name="HCPCS",
        oid="2.16.840.1.113883.6.285",
        slug="hcpcs",
        pattern=re.compile(r"[A-Z]\d{4}", re.ASCII),
        shape="a letter and four digits",
        example="J1040",
        aliases=("HCPCS Level II",),
    ),
    CodeSystem(
        name="ICD-10-PCS",
        oid="2.16.840.1.113883.6.4",
        slug="icd-10-pcs",
        # Letters I and O are never used, so they cannot be mistaken for 1 and 0.
        pattern=re.compile(r"[0-9A-HJ-NP-Z]{7}", re.ASCII),
        shape="seven letters and digits, never I or O",
        example="00800ZZ",
    ),
    CodeSystem(
        name="SNOMED CT",
        oid="2.16.840.1.113883.6.96",
        slug="snomed-ct",
        pattern=re.compile(r"[1-9]\d{5,17}", re.ASCII),
        shape="6 to 18 digits, not starting with 0",
        example="1234567",
        aliases=("SNOMED", "SCT"),
    ),
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
