"""Instrument versions made without code: draft, preview, publish; never changed
once published or used; translations and level names."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from risk import versions
from risk.models import InstrumentItem, RiskInstrument
from tests.risk.factories import RiskAssessmentFactory, shipped_instrument


@pytest.fixture
def draft(manager):
    return versions.start_new_version(instrument=shipped_instrument(), actor=manager)


def item_rows(instrument):
    return [
        {field: getattr(item, field) for field in versions.ITEM_FIELDS}
        for item in instrument.items.all()
    ]


def test_a_draft_copies_the_current_version(draft, manager):
    shipped = shipped_instrument()
    assert draft.is_draft and not draft.is_active
    assert draft.version == shipped.version + 1
    assert draft.organisation == manager.organisation
    assert draft.items.count() == shipped.items.count()
    # One draft at a time.
    again = versions.start_new_version(instrument=shipped, actor=manager)
    assert again == draft


def test_a_published_version_never_changes(draft):
    shipped = shipped_instrument()
    shipped.high_from = 20
    with pytest.raises(ValidationError):
        shipped.save()
    item = shipped.items.first()
    item.text = "Changed"
    with pytest.raises(ValidationError):
        item.save()
    with pytest.raises(ValidationError):
        item.delete()
    shipped.refresh_from_db()
    assert shipped.high_from == 14


def test_a_used_version_keeps_its_items_after_a_new_one_is_published(draft, manager):
    used = RiskAssessmentFactory(
        participant__organisation=manager.organisation
    ).instrument
    before = list(used.items.values_list("text", "weight"))
    rows = item_rows(draft)[:5]
    rows[0]["text"] = "A new first question (fictional wording)"
    versions.save_draft(
        draft=draft,
        fields={"medium_from": 2, "high_from": 4},
        levels=[],
        items=rows,
        actor=manager,
    )
    versions.publish_version(draft=draft, actor=manager)
    assert list(used.items.values_list("text", "weight")) == before
    offered = RiskInstrument.objects.offered_to(manager.organisation_id).get()
    assert offered == draft
    assert offered.items.count() == 5


def test_another_organisation_keeps_the_shipped_version(draft, manager, other_org):
    versions.publish_version(draft=draft, actor=manager)
    theirs = RiskInstrument.objects.offered_to(other_org.pk).get()
    assert theirs == shipped_instrument()


@pytest.mark.parametrize(
    ("fields", "items", "message"),
    [
        ({}, [], "at least one item"),
        ({"medium_from": 10, "high_from": 10}, None, "above medium"),
        ({"medium_from": 10, "high_from": 90}, None, "highest possible score"),
    ],
)
def test_impossible_versions_are_refused(draft, manager, fields, items, message):
    rows = item_rows(draft) if items is None else items
    with pytest.raises(ValidationError) as refused:
        versions.save_draft(
            draft=draft, fields=fields, levels=[], items=rows, actor=manager
        )
    assert message in " ".join(refused.value.messages)
    draft.refresh_from_db()
    assert draft.items.count() == shipped_instrument().items.count()


def test_levels_must_climb():
    with pytest.raises(ValidationError):
        versions.parse_levels("0 | standard | Bajo\n5 | extreme | Extremo", "es")
    with pytest.raises(ValidationError):
        versions.parse_levels("bajo", "es")


def test_spains_five_levels_name_an_assessment(draft, manager):
    text = (
        "0 | standard | No apreciado\n1 | standard | Bajo\n10 | medium | Medio\n"
        "14 | high | Alto\n18 | high | Extremo"
    )
    levels = versions.parse_levels(text, "es")
    versions.save_draft(
        draft=draft,
        fields={"language": "es"},
        levels=levels,
        items=item_rows(draft),
        actor=manager,
    )
    draft.refresh_from_db()
    assert draft.level_name(0, "standard") == "No apreciado"
    assert draft.level_name(19, "high") == "Extremo"
    assert draft.level_name(15, "high") == "Alto"


def test_item_texts_follow_the_reader_with_the_original_as_fallback(draft, manager):
    rows = item_rows(draft)
    rows[0]["translations"] = {"de": {"text": "Eine Frage (fiktiv)"}}
    versions.save_draft(draft=draft, fields={}, levels=[], items=rows, actor=manager)
    first = InstrumentItem.objects.filter(instrument=draft).order_by("order").first()
    assert first.text_in("de") == "Eine Frage (fiktiv)"
    assert first.text_in("it") == first.text
    with translation.override("de"):
        assert first.text_in() == "Eine Frage (fiktiv)"


def test_a_draft_cannot_be_used_for_an_assessment(draft, manager):
    from risk.services import assess_participant
    from tests.participants.factories import ParticipantFactory

    with pytest.raises(ValidationError):
        assess_participant(
            participant=ParticipantFactory(organisation=manager.organisation),
            instrument=draft,
            assessed_by=manager,
            assessed_on=draft.created_at.date(),
            answers={},
            sources=[],
        )


# Pages ----------------------------------------------------------------------


def test_a_manager_starts_edits_previews_and_publishes_a_version(login, manager):
    client = login(manager)
    shipped = shipped_instrument()
    assert client.get("/risk/instruments/").status_code == 200
    started = client.post(f"/risk/instruments/{shipped.pk}/new-version/")
    draft = RiskInstrument.objects.get(organisation=manager.organisation)
    assert started.url == f"/risk/instruments/{draft.pk}/edit/"
    assert client.get(started.url).status_code == 200
    preview = client.get(f"/risk/instruments/{draft.pk}/")
    assert "Publish this version" in preview.content.decode()
    published = client.post(f"/risk/instruments/{draft.pk}/publish/")
    assert published.status_code == 302
    draft.refresh_from_db()
    assert draft.is_active and not draft.is_draft
    # Published: no longer editable.
    assert client.get(f"/risk/instruments/{draft.pk}/edit/").status_code == 404


def test_an_edit_with_impossible_bands_is_refused_with_a_message(login, manager, draft):
    client = login(manager)
    form = client.get(f"/risk/instruments/{draft.pk}/edit/").context
    data = {
        "name": draft.name,
        "description": "",
        "language": "en",
        "medium_from": 10,
        "high_from": 500,
        "levels_text": "",
        "form-TOTAL_FORMS": 0,
        "form-INITIAL_FORMS": 0,
    }
    assert form is not None
    response = client.post(f"/risk/instruments/{draft.pk}/edit/", data)
    assert response.status_code == 400
    assert "at least one item" in response.content.decode()


def test_another_organisations_draft_is_not_found(login, outsider, draft):
    client = login(outsider)
    assert client.get(f"/risk/instruments/{draft.pk}/").status_code == 404
    assert client.get(f"/risk/instruments/{draft.pk}/edit/").status_code == 404
    assert client.post(f"/risk/instruments/{draft.pk}/publish/").status_code == 404


def test_an_assessment_records_its_language_and_reads_in_the_readers(login, manager):
    """Done in German; a reader in English sees the items in English, a reader in
    German sees the German text the version carries."""
    from risk.services import assess_participant
    from tests.participants.factories import ParticipantFactory

    draft = versions.start_new_version(instrument=shipped_instrument(), actor=manager)
    rows = item_rows(draft)
    rows[0]["translations"] = {"de": {"text": "Erste Frage (fiktiv)"}}
    versions.save_draft(draft=draft, fields={}, levels=[], items=rows, actor=manager)
    instrument = versions.publish_version(draft=draft, actor=manager)
    man = ParticipantFactory(organisation=manager.organisation)
    answers = {item.pk: ("no", "") for item in instrument.items.all()}
    with translation.override("de"):
        assessment = assess_participant(
            participant=man,
            instrument=instrument,
            assessed_by=manager,
            assessed_on=instrument.created_at.date(),
            answers=answers,
            sources=["interview"],
        )
    assert assessment.language == "de"
    client = login(manager)
    english = client.get(f"/risk/assessments/{assessment.uuid}/").content.decode()
    assert "Erste Frage (fiktiv)" not in english
    assert "Deutsch" in english
    german = client.get(
        f"/risk/assessments/{assessment.uuid}/?language=de"
    ).content.decode()
    assert "Erste Frage (fiktiv)" in german
