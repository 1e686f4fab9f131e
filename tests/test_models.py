"""portal.models: the addresses rows link to."""

from django.urls import reverse

from portal.models import GlossaryTerm, Procedure, Section


def test_procedure_url(loaded):
    procedure = Procedure.objects.get(slug="surgical-rhizotomy")

    assert procedure.get_absolute_url() == "/procedures/surgical-rhizotomy/"
    assert procedure.get_absolute_url() == reverse("portal:procedure", args=[procedure.slug])


def test_section_url_is_the_procedure_with_its_stable_anchor(loaded):
    section = Section.objects.get(procedure__slug="rhizotomy-injection", anchor="risks")

    assert section.get_absolute_url() == "/procedures/rhizotomy-injection/#risks"


def test_glossary_term_url_points_into_the_glossary(loaded):
    term = GlossaryTerm.objects.get(slug="nerve-root")

    assert term.get_absolute_url() == f"{reverse('portal:glossary')}#nerve-root"
    assert term.get_absolute_url() == "/glossary/#nerve-root"


def test_every_procedure_and_term_url_answers(client, loaded):
    urls = [p.get_absolute_url() for p in loaded] + [
        t.get_absolute_url().partition("#")[0] for t in GlossaryTerm.objects.all()[:1]
    ]

    for url in urls:
        assert client.get(url).status_code == 200, url
