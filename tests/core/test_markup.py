"""Plain text from Markdown or HTML, for snippets, summaries and copied answers."""

import pytest

from core.markup import plain_text


@pytest.mark.parametrize("text, expected", [
    ("<img src=x onerror=alert(1)>**Sulla** tessera", "Sulla tessera"),
    ("a <script>alert(1)</script> b", "a b"),
    ("&lt;b&gt; [il link](https://example.com) _bene_", "<b> il link bene"),
    ("## Titolo\n> citazione", "Titolo citazione"),
])
def test_tags_and_markdown_marks_are_removed(text, expected):
    assert plain_text(text) == expected


@pytest.mark.parametrize("text", ["Componi *123# per il credito", "digita *100*1# e invia", "codice_cliente_12"])
def test_codes_of_the_trade_are_kept_as_written(text):
    assert plain_text(text) == text


def test_lines_and_step_numbers_are_kept_when_asked():
    assert plain_text("1. Verifica\n2.  Apri la   pratica", keep_lines=True) == "1. Verifica\n2. Apri la pratica"


def test_a_long_text_is_cut_at_a_word():
    assert plain_text("parola " * 100, limit=30) == "parola parola parola parola…"
