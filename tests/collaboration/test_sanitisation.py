"""Hostile Markdown never becomes script: property-based with hypothesis."""

from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from core.markup import markdown_to_html

PAYLOADS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[clic](javascript:alert(1))",
    "<a href=\"javascript:alert(1)\">x</a>", "<svg onload=alert(1)>", "<iframe src=//evil>", "<b onmouseover=x()>b</b>",
    "[x](JaVaScRiPt:alert(1))", "<a href='&#106;avascript:alert(1)'>x</a>", "<style>*{}</style>", "<<script>script>",
    "<div style=\"background:url(javascript:x)\">", "![x](javascript:alert(1))", "<form action=x><input></form>",
    "<object data=x>", "<math><mi xlink:href=\"javascript:x\">", "<a href=\" javascript:alert(1)\">x</a>",
]

hostile = st.lists(st.one_of(st.sampled_from(PAYLOADS), st.text(max_size=40)), min_size=1, max_size=8).map("\n".join)

FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "style", "form", "input", "img"}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")


def url_scheme(value):
    # Browsers ignore whitespace and control characters inside a scheme.
    return "".join(ch for ch in value if ch.isprintable() and not ch.isspace()).lower()


@settings(max_examples=300, deadline=None)
@given(hostile)
def test_no_script_no_event_handler_no_javascript_link(text):
    """Parsed as a browser would: no dangerous element, no event handler, no script URL. Hostile text
    may remain visible as escaped text, which is harmless."""
    for tag in BeautifulSoup(markdown_to_html(text), "html.parser").find_all(True):
        assert tag.name not in FORBIDDEN_TAGS
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on")
            if name.lower() in ("href", "src", "action", "data", "xlink:href", "formaction"):
                assert not url_scheme(value).startswith(DANGEROUS_SCHEMES)


def test_ordinary_markdown_survives():
    html = markdown_to_html("**grassetto** e [un link](https://example.com)\n\n- uno\n- due")
    assert "<strong>grassetto</strong>" in html
    assert '<a href="https://example.com" rel="noopener noreferrer">un link</a>' in html
    assert "<li>uno</li>" in html
