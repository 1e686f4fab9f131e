"""Procedure code systems: their names, HL7 OIDs and code formats."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class CodeSystem:
    name: str
    oid: str
    pattern: re.Pattern
    example: str


SYSTEMS = (
    CodeSystem("CPT", "2.16.840.1.113883.6.12", re.compile(r"^\d{4}[0-9FTU]$"), "63185"),
    CodeSystem("HCPCS", "2.16.840.1.113883.6.285", re.compile(r"^[A-Z]\d{4}$"), "J1040"),
    CodeSystem(
        "ICD-10-PCS", "2.16.840.1.113883.6.4", re.compile(r"^[0-9A-HJ-NP-Z]{7}$"), "00800ZZ"
    ),
    CodeSystem("SNOMED CT", "2.16.840.1.113883.6.96", re.compile(r"^[1-9]\d{5,17}$"), "1234567"),
)
_BY_KEY = {
    key: system
    for system in SYSTEMS
    for key in (system.name.casefold(), system.oid, system.name.casefold().replace(" ", "-"))
}


def system_for(value: str) -> CodeSystem | None:
    """The code system named by ``value``: a name in any case (``snomed-ct`` too) or an OID."""
    return _BY_KEY.get(" ".join(value.split()).casefold())


def normalise_system(value: str) -> str | None:
    system = system_for(value)
    return system.name if system else None


def valid_code(system: str, code: str) -> bool:
    found = system_for(system)
    return bool(found and found.pattern.match(code))
