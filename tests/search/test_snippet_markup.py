"""The results page prints a snippet's marked words with the `marked` filter: the same HTML as the template
loop it replaced, with every part escaped, so no indexed text can reach the page as markup."""

from django.template import engines

from search.snippets import MARK_END, MARK_START, parts

LOOP = ("{% for text, marked in parts %}{% if marked %}<mark>{{ text }}</mark>{% else %}{{ text }}{% endif %}"
        "{% endfor %}")


def render(source, **context):
    return engines["django"].from_string(source).render(context)


def test_marked_prints_what_the_template_loop_printed():
    fragment = (f"Il cliente scrive {MARK_START}<script>alert('x')</script>{MARK_END} e & \"virgolette\" "
                f"{MARK_START}fibra lenta{MARK_END} dopo le 20 <b>")
    snippet = parts(fragment)

    html = render("{% load search_tags %}{{ parts|marked }}", parts=snippet)

    assert html == render(LOOP, parts=snippet)
    assert "<mark>fibra lenta</mark>" in html and "<script>" not in html and "<b>" not in html


def test_marked_of_nothing_is_empty():
    assert render("{% load search_tags %}{{ parts|marked }}", parts=[]) == ""
