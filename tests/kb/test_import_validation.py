"""`import_kb` checks every line against its declared schema: wrong types, impossible dates, NUL and
lone surrogates, non-finite or oversized amounts and oversized lines are reported as
`line N: field: reason`, never as a traceback, and the lines after them still import. Fuzzed with
hypothesis."""

import io
import json
import re
import tracemalloc

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from kb.import_schema import MAX_BODY_CHARACTERS, MAX_LINE_BYTES, SCHEMAS
from kb.importing import OversizedLine, import_articles, read_lines
from kb.models import AnswerPage, ArticlePage, OfferPage
from tests.kb.test_import import ANSWER, CRISIS, DEFECT, OFFER

pytestmark = pytest.mark.django_db

GOOD = {**ANSWER, "external_id": "ANS-GOOD"}
FIELD_PROBLEM = re.compile(r"^[a-z_]+(\[\d+\])?(\.[a-z_]+)?: \S")
KNOWN_FIELDS = sorted({name for schema in SCHEMAS.values() for name in schema().fields})


def import_with_good_line_after(bad):
    report = import_articles([bad if isinstance(bad, (str, bytes)) else json.dumps(bad), json.dumps(GOOD)])
    assert AnswerPage.objects.filter(external_id="ANS-GOOD").exists(), report.errors
    return report


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({**ANSWER, "type": ["answer"]}, "type"),
        ({**ANSWER, "type": {"answer": 1}}, "type"),
        ({**ANSWER, "review_by": "2026-02-30"}, "review_by"),
        ({**ANSWER, "review_by": "2026-13-01"}, "review_by"),
        ({**ANSWER, "review_by": 20260101}, "review_by"),
        ({**OFFER, "go_live_at": "2026-13-01T10:00:00"}, "go_live_at"),
        ({**OFFER, "expire_at": "9999-12-31T23:59:59-12:00"}, "expire_at"),
        ({**ANSWER, "title": "Disdetta\u0000linea"}, "title"),
        ({**ANSWER, "tags": ["ok", "nul\u0000"]}, "tags[1]"),
        ({**ANSWER, "owner": "\ud800"}, "owner"),
        ({**ANSWER, "title": 42}, "title"),
        ({**ANSWER, "steps": [["nested"]]}, "steps[0]"),
        ({**OFFER, "prices": [{"label": "Canone", "amount": "NaN"}]}, "prices[0].amount"),
        ({**OFFER, "prices": [{"label": "Canone", "amount": float("nan")}]}, "prices[0].amount"),
        ({**OFFER, "prices": [{"label": "Canone", "amount": float("inf")}]}, "prices[0].amount"),
        ({**OFFER, "prices": [{"label": "Canone", "amount": 1e30}]}, "prices[0].amount"),
        ({**OFFER, "prices": [{"label": "Canone", "amount": "-1"}]}, "prices[0].amount"),
        ({**OFFER, "prices": "24.90"}, "prices"),
        ({**CRISIS, "updates": [{"at": "ieri", "text": "Aggiornamento"}]}, "updates[0].at"),
        ({**CRISIS, "faq": [{"question": "Quando?"}]}, "faq[0].answer"),
        ({**DEFECT, "expected_fix_date": "2026-04-31"}, "expected_fix_date"),
        ({**ANSWER, "body": "x" * (MAX_BODY_CHARACTERS + 1)}, "body"),
        ({**ANSWER, "tags": ["t"] * 51}, "tags"),
    ],
)
def test_a_wrong_field_is_reported_by_name_and_the_next_line_imports(home, bad, field):
    report = import_with_good_line_after(bad)
    [(number, message)] = report.errors
    assert number == 1 and message.startswith(f"{field}: "), message
    assert not ArticlePage.objects.filter(external_id=bad["external_id"]).exists()


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("1" * 5000, "not valid JSON"),  # past Python's 4,300-digit limit for int()
        ("[" * 100_000 + "]" * 100_000, "not valid JSON"),
        ('{"external_id": "X", "type": "answer", "title": "\\udc00', "not valid JSON"),
        (b"\xff\xfe{}", "not UTF-8 text"),
        ("[1, 2]", "each line must be a JSON object"),
    ],
)
def test_a_line_that_is_no_record_is_reported_and_the_next_line_imports(home, line, reason):
    report = import_with_good_line_after(line)
    assert report.errors[0][0] == 1 and reason in report.errors[0][1]


def test_a_line_over_the_limit_is_skipped_without_being_held_in_memory(home, tmp_path, capsys):
    huge = json.dumps({**ANSWER, "external_id": "ANS-HUGE", "body": "fibra " * 5_000_000})  # 30 MB
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join([json.dumps(OFFER), huge, json.dumps(GOOD)]) + "\n", encoding="utf-8")
    tracemalloc.start()
    with pytest.raises(CommandError):
        call_command("import_kb", str(path))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert f"line 2: line is {len(huge) + 1:,} bytes long; at most {MAX_LINE_BYTES:,} are read" in capsys.readouterr().err
    assert peak < 10_000_000 < len(huge)  # the 30 MB line was never held whole
    assert set(ArticlePage.objects.values_list("external_id", flat=True)) == {"OFF-1", "ANS-GOOD"}


def test_reading_lines_keeps_at_most_the_limit_of_each():
    lines = list(read_lines(io.BytesIO(b"short\n" + b"x" * 50 + b"\nlast"), limit=10))
    assert lines[0] == b"short\n" and isinstance(lines[1], OversizedLine) and lines[1].size == 51
    assert lines[2] == b"last"


def test_a_body_at_the_limit_imports(home):
    report = import_articles([json.dumps({**ANSWER, "body": "fibra " * (MAX_BODY_CHARACTERS // 6)})])
    assert report.created == 1


def test_naive_date_times_are_italian_time(home):
    import_articles([json.dumps({**OFFER, "go_live_at": "2026-01-01T09:00:00", "expire_at": "2099-01-01"})])
    offer = OfferPage.objects.get(external_id="OFF-1")
    assert offer.go_live_at.isoformat() == "2026-01-01T08:00:00+00:00"


# Fuzzing: any JSON value in any field of otherwise good records.
leaves = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(alphabet=st.characters(blacklist_categories=()), max_size=12)
    | st.from_regex(r"-?\d{1,5}-\d{1,2}-\d{1,2}(T\d{1,2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2})?)?", fullmatch=True)
    | st.sampled_from(["answer", "offer", "crisis", "defect", "markdown", "html", "it", "phone", "month", "NaN", "1e30"])
)
json_values = st.recursive(
    leaves, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["label", "amount", "period", "question", "answer", "at", "text"]), inner, max_size=3),
    max_leaves=6,
)
records = st.builds(
    lambda base, changes: {**base, **changes, "external_id": "FUZZ"} if "external_id" not in changes else {**base, **changes},
    st.sampled_from([ANSWER, OFFER, DEFECT, CRISIS]),
    st.dictionaries(st.sampled_from(KNOWN_FIELDS), json_values, max_size=4),
)


@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(record=records)
def test_fuzzed_lines_are_imported_or_reported_by_field_never_a_crash(home, record):
    report = import_articles([json.dumps(record), json.dumps(GOOD)])
    assert report.created + report.updated + report.unchanged + report.failed == 2
    assert all(number == 1 for number, _ in report.errors)
    for _, message in report.errors:
        assert all(FIELD_PROBLEM.match(problem) for problem in message.split("; ")), message
    assert AnswerPage.objects.filter(external_id="ANS-GOOD", live=True).exists()
