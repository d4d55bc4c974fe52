"""`import_kb`: JSON-lines import, idempotent by external_id, bad lines reported by number."""

import json

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import PageLogEntry

from kb.importing import IMPORT_LOG_ACTION, import_articles
from kb.models import AnswerPage, ArticlePage, CrisisPage, KnownDefectPage, OfferPage

pytestmark = pytest.mark.django_db

ANSWER = {
    "external_id": "ANS-1",
    "type": "answer",
    "title": "Come disdire la linea fissa",
    "summary": "Procedura di recesso dal contratto.",
    "body": "## Dettagli\n\nIl cliente può **recedere** in ogni momento.",
    "tags": ["disdetta", "recesso"],
    "product": "Fibra Casa",
    "topics": ["Disdetta e recesso"],
    "language": "it",
    "review_by": "2027-03-31",
    "customer_question": "Voglio disdire la linea",
    "variants": ["cessare la linea", "come faccio il recesso"],
    "approved_answer": "Può recedere in ogni momento senza penali.",
    "steps": ["Verifica l'identità", "Apri la pratica di cessazione"],
}
OFFER = {
    "external_id": "OFF-1",
    "type": "offer",
    "title": "Fibra Inverno",
    "body": "Offerta per l'inverno.",
    "offer_code": "FIBRA-W26",
    "eligibility": "Nuovi clienti",
    "prices": [{"label": "Canone", "amount": "24.90", "period": "month"}],
    "channels": ["phone", "chat"],
    "upsell_script": "Le propongo la fibra.",
    "go_live_at": "2026-01-01T00:00:00+01:00",
    "expire_at": "2099-01-31T23:59:00+01:00",
}
DEFECT = {
    "external_id": "DEF-1",
    "type": "defect",
    "title": "Modem si riavvia",
    "body": "Dettagli",
    "symptoms": "Il modem si riavvia",
    "workaround": "1. Spegnere il modem\n2. Attendere 30 secondi",
    "status": "workaround",
}
CRISIS = {
    "external_id": "CRI-1",
    "type": "crisis",
    "title": "Disservizio fibra Milano",
    "body": "Dettagli",
    "severity": "critical",
    "status": "active",
    "what_to_say": "Siamo a conoscenza del problema.",
    "what_not_to_say": "Non dare tempi.",
    "faq": [{"question": "Quando?", "answer": "Presto."}],
}


def lines(*records):
    return [json.dumps(record) if isinstance(record, dict) else record for record in records]


def test_good_file_creates_published_articles_of_each_type(home):
    report = import_articles(lines(ANSWER, OFFER, DEFECT, CRISIS))
    assert (report.created, report.failed) == (4, 0)
    answer = AnswerPage.objects.get(external_id="ANS-1")
    assert answer.live
    assert answer.variants == ["cessare la linea", "come faccio il recesso"]
    assert [step.value for step in answer.steps] == ["Verifica l'identità", "Apri la pratica di cessazione"]
    assert sorted(tag.name for tag in answer.tags.all()) == ["disdetta", "recesso"]
    assert [p.name for p in answer.products.all()] == ["Fibra Casa"]
    assert "<b>recedere</b>" in str(answer.body[0].value) or "<strong>recedere</strong>" in str(answer.body[0].value)
    offer = OfferPage.objects.get(external_id="OFF-1")
    assert offer.live and offer.channels == ["phone", "chat"]
    assert str(offer.prices[0].value["amount"]) == "24.90"
    defect = KnownDefectPage.objects.get(external_id="DEF-1")
    assert [step.value for step in defect.workaround] == ["Spegnere il modem", "Attendere 30 secondi"]
    assert CrisisPage.objects.get(external_id="CRI-1").faq[0].value["question"] == "Quando?"


def test_import_is_recorded_in_the_page_history(home):
    import_articles(lines(ANSWER))
    page = AnswerPage.objects.get(external_id="ANS-1")
    entry = PageLogEntry.objects.get(page=page, action=IMPORT_LOG_ACTION)
    assert entry.revision_id == page.live_revision_id


def test_reimporting_the_same_file_changes_nothing(home):
    import_articles(lines(ANSWER, OFFER))
    report = import_articles(lines(ANSWER, OFFER))
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert AnswerPage.objects.get(external_id="ANS-1").revisions.count() == 1
    assert ArticlePage.objects.count() == 2


def test_changed_line_updates_the_article_with_a_new_revision(home):
    import_articles(lines(ANSWER))
    report = import_articles(lines({**ANSWER, "approved_answer": "Risposta aggiornata."}))
    assert report.updated == 1
    page = AnswerPage.objects.get(external_id="ANS-1")
    assert page.approved_answer == "Risposta aggiornata."
    assert page.revisions.count() == 2
    assert PageLogEntry.objects.filter(page=page, action=IMPORT_LOG_ACTION).count() == 2


def test_bad_lines_are_reported_with_their_number_and_the_rest_imports(home):
    report = import_articles(
        lines(
            ANSWER,
            "{not json",
            {**OFFER, "channels": ["fax"]},
            {**DEFECT, "status": "broken"},
            {"type": "answer", "title": "no id"},
            {**CRISIS, "external_id": "CRI-1", "type": "crisis"},
            {**ANSWER, "external_id": "CRI-1"},
        )
    )
    assert report.created == 2
    errors = dict(report.errors)
    assert set(errors) == {2, 3, 4, 5, 7}
    assert "not valid JSON" in errors[2]
    assert "fax" in errors[3]
    assert "status" in errors[4]
    assert errors[5].startswith("external_id: This field is required")
    assert "already a crisis" in errors[7]
    assert ArticlePage.objects.filter(external_id__in=["ANS-1", "CRI-1"]).count() == 2


def test_hostile_html_is_sanitised(home):
    import_articles(
        lines({**ANSWER, "body": '<p onclick="x()">Ciao</p><script>alert(1)</script><a href="javascript:alert(1)">x</a>', "body_format": "html"})
    )
    body = str(AnswerPage.objects.get(external_id="ANS-1").body[0].value.source)
    assert "<script" not in body and "onclick" not in body and "javascript:" not in body
    assert "Ciao" in body


def test_expired_offer_is_imported_but_not_live(home):
    import_articles(lines({**OFFER, "expire_at": "2020-01-31T23:59:00+01:00", "go_live_at": "2020-01-01T00:00:00+01:00"}))
    offer = OfferPage.objects.get(external_id="OFF-1")
    assert not offer.live and offer.expired


def test_unknown_owner_is_a_warning_not_an_error(home):
    report = import_articles(lines({**ANSWER, "owner": "nessuno"}))
    assert report.created == 1
    assert "nessuno" in report.warnings[0][1]


def test_command_prints_errors_and_summary_and_fails_on_bad_lines(home, tmp_path, capsys):
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(lines(ANSWER, "[1, 2]")) + "\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_kb", str(path))
    captured = capsys.readouterr()
    assert "line 2: each line must be a JSON object" in captured.err
    assert "1 created, 0 updated, 0 unchanged, 1 failed" in captured.out


def test_command_reports_a_missing_file(home):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_kb", "/nonexistent/file.jsonl")
