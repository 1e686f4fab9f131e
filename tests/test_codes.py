"""The code-system table: names and HL7 OIDs lead to one canonical name; codes have a shape."""

from __future__ import annotations

import pytest

from portal.codes import SYSTEMS, normalise_code, normalise_system, system_for, valid_code


@pytest.mark.parametrize(
    ("value", "name"),
    [
        # HL7 OIDs, as health records send them.
        ("2.16.840.1.113883.6.12", "CPT"),
        ("2.16.840.1.113883.6.285", "HCPCS"),
        ("2.16.840.1.113883.6.4", "ICD-10-PCS"),
        ("2.16.840.1.113883.6.96", "SNOMED CT"),
        ("urn:oid:2.16.840.1.113883.6.96", "SNOMED CT"),
        (" URN:OID:2.16.840.1.113883.6.12 ", "CPT"),
        # Names, as people write them.
        ("CPT", "CPT"),
        ("cpt", "CPT"),
        ("CPT-4", "CPT"),
        ("HCPCS", "HCPCS"),
        ("ICD-10-PCS", "ICD-10-PCS"),
        ("icd10pcs", "ICD-10-PCS"),
        ("ICD 10 PCS", "ICD-10-PCS"),
        ("SNOMED CT", "SNOMED CT"),
        ("snomed-ct", "SNOMED CT"),
        ("SNOMED_CT", "SNOMED CT"),
        ("SNOMEDCT", "SNOMED CT"),
    ],
)
def test_a_system_is_known_by_name_or_oid(value, name):
    assert normalise_system(value) == name


@pytest.mark.parametrize(
    "value",
    [
        "",
        " ",
        "2.16.840.1.113883.6.90",  # ICD-10-CM: diagnoses, not procedures
        "2.16.840.1.113883.6.1",  # LOINC
        "2.16.840.1.113883.6.121",  # a longer OID that starts like CPT's
        "2.16.840.1.113883.6",
        "LOINC",
        "ICD-10",
        "CPT\x00",
        "urn:oid:",
    ],
)
def test_other_systems_are_not_known(value):
    assert normalise_system(value) is None


@pytest.mark.parametrize(
    ("system", "code"),
    [
        ("CPT", "63185"),
        ("CPT", "64633"),
        ("CPT", "0001F"),  # Category II
        ("CPT", "0275T"),  # Category III
        ("CPT", "0001U"),  # laboratory analyses
        ("2.16.840.1.113883.6.12", "63190"),
        ("HCPCS", "G0260"),
        ("ICD-10-PCS", "01580ZZ"),
        ("ICD-10-PCS", "0SG00ZZ"),
        ("SNOMED CT", "387713003"),
        ("SNOMED CT", "123456"),
        ("SNOMED CT", "1" * 18),
    ],
)
def test_codes_in_their_system_shape_are_valid(system, code):
    assert valid_code(system, code)


@pytest.mark.parametrize(
    ("system", "code"),
    [
        ("CPT", "6318"),
        ("CPT", "631850"),
        ("CPT", "0001A"),
        ("CPT", "0001f"),  # stored in capitals
        ("CPT", " 63185"),
        ("CPT", "63185\n"),
        ("CPT", "\u0666\u0663\u0661\u0668\u0665"),  # Arabic-Indic digits
        ("CPT", "\uff16\uff13\uff11\uff18\uff15"),  # full-width digits
        ("HCPCS", "G026"),
        ("HCPCS", "GG260"),
        ("HCPCS", "63185"),
        ("ICD-10-PCS", "01580Z"),
        ("ICD-10-PCS", "01580ZI"),  # never I
        ("ICD-10-PCS", "O1580ZZ"),  # never O
        ("SNOMED CT", "12345"),
        ("SNOMED CT", "0123456"),  # never a leading zero
        ("SNOMED CT", "1" * 19),
        ("SNOMED CT", "38771300A"),
        ("LOINC", "63185"),
        ("", "63185"),
    ],
)
def test_codes_out_of_shape_are_not(system, code):
    assert not valid_code(system, code)


@pytest.mark.parametrize(
    ("system", "typed", "stored"),
    [
        ("CPT", " 63185 ", "63185"),
        ("CPT", "0275t", "0275T"),
        ("ICD-10-PCS", "01580zz", "01580ZZ"),
        ("HCPCS", "g0260", "G0260"),
        ("CPT", "6318", None),
        ("ICD-10-PCS", "01580zi", None),
    ],
)
def test_a_typed_code_is_read_as_stored(system, typed, stored):
    assert normalise_code(system_for(system), typed) == stored


def test_names_slugs_and_oids_name_one_system_each():
    keys = [k for s in SYSTEMS for k in (s.name, s.slug, s.oid, *s.aliases)]
    assert len({normalise_system(k) for k in keys}) == len(SYSTEMS)
    for system in SYSTEMS:
        for key in (system.name, system.slug, system.oid, *system.aliases):
            assert system_for(key) is system, key
