"""End-to-end journeys a person makes in a real browser, each asserting what that person sees."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in, serious_accessibility_violations

pytestmark = pytest.mark.e2e


def test_csr_finds_an_answer_despite_a_typo_and_copies_it(new_page):
    page = new_page()
    log_in(page, "operatore")
    search = page.locator("#search-q")
    search.press_sequentially("disdeta", delay=60)
    suggestions = page.locator("#search-suggestions li")
    expect(suggestions.first).to_be_visible()
    assert any("Disdetta" in text for text in suggestions.all_inner_texts())
    search.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=disdeta"))
    results = page.locator(".search-result__title")
    expect(results.first).to_be_visible()
    page.locator(".search-result__title", has_text="Disdetta").first.click()
    page.wait_for_url(re.compile(r"/procedure/"))
    answer = page.locator("#approved-answer")
    expect(answer).to_be_visible()
    page.locator('[data-copy-target="approved-answer"]').click()
    expect(page.locator('[data-copy-target="approved-answer"]')).to_have_text("Copiato")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.strip() == answer.inner_text().strip()
    assert len(copied) > 40


def test_language_switcher_turns_pages_english_and_back(new_page):
    page = new_page()
    log_in(page, "operatore")
    expect(page.locator("html")).to_have_attribute("lang", "it")
    expect(page.get_by_role("heading", name="Offerte in corso")).to_be_visible()
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Current offers")).to_be_visible()
    page.get_by_role("button", name="Italiano").click()
    expect(page.locator("html")).to_have_attribute("lang", "it")
    expect(page.get_by_role("heading", name="Offerte in corso")).to_be_visible()


@pytest.mark.parametrize("path", ["/", "/search/?q=fattura", "/procedure/", "/collaboration/questions/1/"])
def test_csr_pages_have_no_serious_accessibility_violation(new_page, path):
    page = new_page()
    log_in(page, "operatore")
    page.goto(path)
    assert serious_accessibility_violations(page) == []


def test_article_page_has_no_serious_accessibility_violation(new_page):
    page = new_page()
    log_in(page, "operatore")
    page.goto("/procedure/")
    page.locator(".article-list__item a").first.click()
    page.wait_for_url(re.compile(r"/procedure/.+/"))
    assert serious_accessibility_violations(page) == []
