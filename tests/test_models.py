"""portal.models: the address a row links to lands on the page, and on the part, that shows it."""

from bs4 import BeautifulSoup

from portal.models import GlossaryTerm, Procedure, Section


def landing(client, url: str) -> BeautifulSoup:
    path, _, _ = url.partition("#")
    response = client.get(path)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def test_a_procedure_links_to_its_article(client, loaded):
    for procedure in Procedure.objects.all():
        page = landing(client, procedure.get_absolute_url())
        assert page.h1.get_text(strip=True) == procedure.title


def test_a_section_links_to_its_heading_on_the_article(client, loaded):
    for section in Section.objects.select_related("procedure"):
        url = section.get_absolute_url()
        target = landing(client, url).find(id=url.partition("#")[2])
        assert target is not None, url
        assert section.heading in target.get_text(" ", strip=True)


def test_a_glossary_term_links_to_its_definition(client, loaded):
    page = None
    for term in GlossaryTerm.objects.all():
        url = term.get_absolute_url()
        page = page or landing(client, url)
        target = page.find(id=url.partition("#")[2])
        assert target is not None, url
        assert term.term in target.get_text(" ", strip=True)
