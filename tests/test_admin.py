"""The admin shows loaded content but never changes it: the files in content/ are the source."""

import pytest
from django.contrib import admin
from django.urls import reverse

from portal.models import (
    ComparisonAnswer,
    ComparisonQuestion,
    ContentVersion,
    GlossaryTerm,
    Procedure,
    ProcedureTranslation,
    TermTranslation,
    ValueStatement,
)

MODELS = [
    Procedure,
    GlossaryTerm,
    ComparisonQuestion,
    ComparisonAnswer,
    ContentVersion,
    ValueStatement,
    ProcedureTranslation,
    TermTranslation,
]
IDS = [m._meta.model_name for m in MODELS]


def url(model, view: str, *args) -> str:
    return reverse(f"admin:portal_{model._meta.model_name}_{view}", args=args)


def test_every_registered_portal_model_is_covered():
    registered = {m for m in admin.site._registry if m._meta.app_label == "portal"}

    assert registered == set(MODELS)


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_changelist_and_change_page_can_be_read(admin_client, translated, model):
    row = model.objects.first()

    changelist = admin_client.get(url(model, "changelist"))
    change = admin_client.get(url(model, "change", row.pk))

    assert changelist.status_code == 200
    assert change.status_code == 200
    assert str(row) in change.text
    # View-only: no form controls to save or delete.
    assert 'name="_save"' not in change.text
    assert url(model, "delete", row.pk) not in change.text


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_add_and_delete_are_forbidden(admin_client, translated, model):
    row = model.objects.first()
    count = model.objects.count()

    assert admin_client.get(url(model, "add")).status_code == 403
    assert admin_client.get(url(model, "delete", row.pk)).status_code == 403
    assert admin_client.post(url(model, "delete", row.pk), {"post": "yes"}).status_code == 403
    assert model.objects.count() == count


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_posting_a_change_does_not_change_the_row(admin_client, translated, model):
    row = model.objects.first()
    before = model.objects.filter(pk=row.pk).values().get()
    fields = {f.name: "changed" for f in model._meta.concrete_fields if f.name != "id"}

    response = admin_client.post(url(model, "change", row.pk), {**fields, "_save": "Save"})

    assert response.status_code == 403
    assert model.objects.filter(pk=row.pk).values().get() == before


def test_bulk_delete_action_is_not_offered(admin_client, loaded):
    response = admin_client.get(url(Procedure, "changelist"))

    assert 'value="delete_selected"' not in response.text


def test_procedure_page_shows_its_sections_read_only(admin_client, loaded):
    procedure = Procedure.objects.get(slug="surgical-rhizotomy")

    response = admin_client.get(url(Procedure, "change", procedure.pk))

    for section in procedure.sections.all():
        assert section.anchor in response.text
    assert 'name="sections-0-anchor"' not in response.text


def test_visitors_who_are_not_staff_are_sent_to_log_in(client, loaded):
    response = client.get(url(Procedure, "changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
