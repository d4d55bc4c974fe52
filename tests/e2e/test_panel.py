"""The side panel in an agent desktop: the demo CRM case frames it from an allowed origin, sends the
customer's message by postMessage, and the CSR copies the channel's answer with the placeholders filled,
records it for the contact, reads the crisis banner, works from the keyboard and has the draft checked
against "what not to say" as it is typed; a page of another origin cannot frame it."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD, log_in

pytestmark = pytest.mark.e2e

# In the panel's frame: type `text` into the draft box as one input event, then resolve once the verdict is
# shown with {delay: ms from the key to the check's request, total: ms from the key to the verdict}.
DRAFT_TIMING = """(draft, text) => new Promise((resolve) => {
    const out = document.getElementById("panel-draft-check");
    let started = 0;
    const observer = new MutationObserver(() => {
        if (!out.querySelector("li")) { return; }
        observer.disconnect();
        const request = performance.getEntriesByType("resource")
            .filter((entry) => entry.name.endsWith("/api/v1/check-reply") && entry.startTime >= started).pop();
        resolve({delay: request ? request.startTime - started : -1, total: performance.now() - started});
    });
    observer.observe(out, {childList: true, subtree: true});
    draft.value = text;
    started = performance.now();
    draft.dispatchEvent(new Event("input", {bubbles: true}));
})"""


def test_csr_answers_a_crm_case_from_the_framed_panel_by_mouse_and_keyboard(new_page):
    page = new_page()
    log_in(page, "operatore")
    page.goto("/panel/demo/")
    panel = page.frame_locator("#demo-panel")

    # The panel announced itself, the host sent the case's message, assist found the PUK answer; the host
    # said "social", so the public social reply is shown, with the customer's name and Giulia's signature.
    expect(page.locator("#demo-log")).to_contain_text("sportello:ready")
    hit = panel.locator("#panel-assist-results .panel-hit", has_text="PUK").first
    text = hit.locator(".panel-hit__copy")
    expect(text).to_contain_text("Ciao Maria Bianchi, il PUK è sul supporto plastico", timeout=20000)
    expect(text).to_contain_text("Giulia ^GR")

    hit.get_by_role("button", name="Copia").click()
    expect(hit.locator(".panel-hit__status")).to_have_text("Copiato")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == text.inner_text().strip() and "{cliente}" not in copied and "**" not in copied

    # "Used for this contact": recorded through /api/v1/usage, and the host is told.
    hit.get_by_role("button", name="Usata per questo contatto").click()
    expect(hit.locator(".panel-hit__status")).to_have_text("Registrata per questo contatto")
    article_id = hit.get_attribute("data-article-id")
    expect(page.locator("#demo-log")).to_contain_text(f"sportello:used article={article_id} contact=CASE-00042")

    # The ongoing crisis's banner is in the panel too, and "Ho letto" there takes it away.
    banner = panel.locator("#crisis-banners-slot [data-crisis-id]", has_text="Disservizio fibra FTTH")
    expect(banner).to_be_visible()
    # All of it fits the 410 px column: nothing scrolls sideways.
    assert panel.locator("html").evaluate("root => root.scrollWidth <= root.clientWidth"), "the panel is wider than its frame"
    banner.get_by_role("button", name="Ho letto").click()
    expect(banner).to_have_count(0)

    # The CSR switches to the phone: the same answer is now the phone script (and the choice is remembered).
    panel.locator("#reply-channel").select_option("phone")
    expect(text).to_contain_text("Capisco, Maria Bianchi: la SIM si blocca")

    # Keyboard: / focuses search, arrows move through the hits, c copies, Enter opens the article in a tab.
    panel.locator("h1").click()
    page.keyboard.press("/")
    expect(panel.locator("#panel-q")).to_be_focused()
    page.keyboard.type("PUK SIM")
    page.keyboard.press("Enter")
    hits = panel.locator("#panel-search-results .panel-hit")
    expect(hits.first).to_contain_text("PUK", timeout=20000)
    target = hits.evaluate_all("items => items.map(item => item.dataset.type)").index("answer")
    for _ in range(target + 1):
        page.keyboard.press("ArrowDown")
    answer = hits.nth(target)
    expect(answer).to_be_focused()
    page.keyboard.press("ArrowUp")  # to the hit above, or back to the search box from the first
    page.keyboard.press("ArrowDown")
    expect(answer).to_be_focused()
    page.keyboard.press("c")
    expect(answer.locator(".panel-hit__status")).to_have_text("Copiato")
    assert page.evaluate("navigator.clipboard.readText()") == answer.locator(".panel-hit__copy").inner_text().strip()
    assert page.evaluate("navigator.clipboard.readText()").startswith("Capisco, Maria Bianchi")
    with page.context.expect_page() as opened:
        page.keyboard.press("Enter")
    expect(opened.value).to_have_url(re.compile(re.escape(answer.get_attribute("data-url")) + "$"))
    opened.value.close()

    # The draft is checked as the CSR types: saying what the ongoing fibre crisis forbids is flagged, with
    # the crisis's holding statement to say instead. The panel asks CHECK_DELAY (150 ms) after the last key;
    # the browser times its own part (key to request) and the whole (key to verdict shown): the 300 ms
    # is that delay plus the check itself, whose p95 bench/assist.py measures (65 ms under load).
    timing = panel.locator("#panel-draft").evaluate(DRAFT_TIMING, "Potrebbe essere un attacco informatico o un sabotaggio.")
    outcome = panel.locator("#panel-draft-check")
    expect(outcome.locator("strong")).to_have_text("Potrebbe essere un attacco informatico o un sabotaggio")
    expect(outcome).to_contain_text("Stiamo riscontrando un disservizio sulla rete in fibra")
    print(f"check-reply in the panel: request after {timing['delay']:.0f} ms, verdict after {timing['total']:.0f} ms")
    assert 150 <= timing["delay"] <= 250 and timing["total"] < 1000, timing
    panel.locator("#panel-draft").fill("Le invio le istruzioni per il modem.")
    expect(outcome).to_have_text("Niente da evitare.")


def test_a_page_of_another_origin_cannot_frame_the_panel(browser, server):
    """SPORTELLO_EMBED_ORIGINS names http://127.0.0.1:<port> only: the same demo served as localhost is
    refused by the panel's frame-ancestors (a fresh context outside the journey fixture, whose console
    check would count this expected refusal as a violation)."""
    other_origin = server.replace("127.0.0.1", "localhost")
    context = browser.new_context(base_url=other_origin, locale="it-IT")
    context.set_default_timeout(15000)
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    try:
        page.goto("/accounts/login/")
        page.fill("#id_username", "operatore")
        page.fill("#id_password", DEMO_PASSWORD)
        page.click('form[action="/accounts/login/"] button[type=submit]')
        page.wait_for_url("**/")
        with page.expect_response(re.compile(r"/panel/\?")) as framed:
            page.goto("/panel/demo/")
        assert "frame-ancestors http://127.0.0.1:" in framed.value.headers["content-security-policy"]
        page.wait_for_timeout(1000)
        assert not any(frame.url.startswith(other_origin + "/panel/?") and frame.query_selector("[data-panel]")
                       for frame in page.frames)
        assert any("frame-ancestors" in line and "blocked" in line for line in console), console
    finally:
        context.close()
