"""End-to-end journeys a person makes in a real browser, each asserting what that person sees."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in, serious_accessibility_violations

pytestmark = pytest.mark.e2e


def section_in_explorer(page, title):
    """Walk the admin's page explorer to a section, as an editor would; return the section's id."""
    page.goto("/admin/pages/")
    for _level in range(3):
        links = page.evaluate(
            "() => [...document.querySelectorAll('a')].map(a => [a.textContent.trim(), a.getAttribute('href')])"
        )
        page_link = re.compile(r"/admin/pages/(\d+)/(?:edit/)?")
        pages = {text: match for text, href in links if text and (match := page_link.fullmatch(href or ""))}
        if pages.get(title):
            return pages[title].group(1)
        if not pages.get("Sportello"):
            break
        page.goto(f"/admin/pages/{pages['Sportello'].group(1)}/")
    raise AssertionError(f"section {title!r} not found in the page explorer")


def fill_new_page(page, model, section_id, fields, slug, select=None):
    """Open the admin's editor for a new `model` page in a section and fill it, as an editor would."""
    page.goto(f"/admin/pages/add/kb/{model}/{section_id}/")
    for selector, value in fields.items():
        page.fill(selector, value)
    for selector, value in (select or {}).items():
        page.select_option(selector, value)
    page.locator('a[role="tab"]').nth(1).click()  # the Promote tab, where the slug is
    page.fill("#id_slug", slug)


def save_menu(page, action):
    """Press a button of the editor's save menu (e.g. action-submit, action-publish)."""
    page.evaluate(f"document.querySelector('button[name={action}]').click()")


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


def test_csr_gets_completions_a_spelling_hint_and_the_answer_for_a_customers_message(new_page):
    page = new_page()
    log_in(page, "operatore")
    search = page.locator("#search-q")
    # Words of a title in another order, the last one cut short.
    search.press_sequentially("fissa disde", delay=60)
    suggestions = page.locator("#search-suggestions li")
    expect(suggestions.first).to_be_visible()
    assert any("Disdetta della linea fissa" in text for text in suggestions.all_inner_texts())
    search.fill("rimborso bolleta")
    search.press("Enter")
    hint = page.locator(".did-you-mean a")
    expect(hint).to_have_text("rimborso bolletta")
    hint.click()
    expect(page.locator(".search-result__title").first).to_be_visible()
    page.get_by_text("Incolla il messaggio del cliente").click()
    page.fill("#search-message", "buongiorno, ho sbagliato il pin tre volte e adesso il telefono mi chiede un codice "
                                 "che non ho, come faccio a sbloccarlo?")
    page.get_by_role("button", name="Trova la risposta").click()
    first = page.locator(".search-result").first
    expect(first.locator(".search-result__title")).to_contain_text("PUK")
    answer = first.locator(".copyable__text")
    expect(answer).to_be_visible()
    with page.expect_response(re.compile(r"/search/copied/")) as copied_call:
        first.locator("[data-copy-target]").click()
    assert copied_call.value.status == 204
    assert page.evaluate("navigator.clipboard.readText()").strip() == answer.inner_text().strip()


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


@pytest.mark.parametrize("path", ["/", "/search/?q=fattura", "/procedure/", "/collaboration/questions/1/", "/collaboration/ask/"])
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


def test_content_owner_submits_a_defect_and_the_csr_finds_it_once_approved(new_page):
    title = "Modem Aurora Hub spento dopo il temporale"
    owner = new_page()
    log_in(owner, "redazione.tecnica")
    section_id = section_in_explorer(owner, "Guasti noti")
    fill_new_page(owner, "knowndefectpage", section_id, {
        "#id_title": title,
        "#id_summary": "Dopo un temporale il modem resta spento: alimentatore da sostituire.",
        "#id_symptoms": "Nessuna luce accesa sul modem dopo un temporale.",
        "#id_review_by": "30/06/2027",
    }, slug="modem-spento-dopo-temporale")
    save_menu(owner, "action-submit")  # "Submit to Approvazione KB"
    owner.wait_for_url(re.compile(r"/admin/pages/\d+/"))
    page_id = re.search(r"/admin/pages/(\d+)/", owner.url).group(1) if "/edit/" in owner.url else None

    csr = new_page()
    log_in(csr, "operatore")
    csr.goto("/search/?q=modem+temporale")
    expect(csr.locator(".search-results")).not_to_contain_text(title)

    approver = new_page()
    log_in(approver, "approvatore")
    if page_id is None:
        approver.goto(f"/admin/pages/{section_id}/")
        page_id = re.search(r"/admin/pages/(\d+)/edit/", approver.locator("a", has_text=title).first.get_attribute("href")).group(1)
    approver.goto(f"/admin/pages/{page_id}/edit/")
    save_menu(approver, "action-publish")
    # Publishing cancels the running workflow, so Wagtail asks for confirmation.
    approver.get_by_role("dialog").get_by_role("button", name="Pubblica").click()
    approver.wait_for_url(re.compile(r"/admin/pages/\d+/$"))

    # Indexing happens after the commit, through the outbox and the worker: give it a few seconds.
    for _attempt in range(20):
        csr.goto("/search/?q=modem+temporale")
        if title in csr.locator(".search-results").inner_text():
            break
        csr.wait_for_timeout(500)
    expect(csr.locator(".search-results")).to_contain_text(title)
    csr.locator(".search-result__title", has_text=title).click()
    expect(csr.locator("h1")).to_have_text(title)


def republish_crisis(approver, crisis_id, kind, note, statement):
    """Change a published crisis in the admin: the form asks what changed and whether operators must read again."""
    approver.goto(f"/admin/pages/{crisis_id}/edit/")
    approver.fill("#id_holding_statement", statement)
    approver.select_option("#id_change_kind", kind)
    approver.fill("#id_change_note", note)
    save_menu(approver, "action-publish")
    approver.wait_for_url(re.compile(r"/admin/pages/\d+/$"))


def test_crisis_banner_appears_on_an_open_page_within_two_seconds_and_is_acknowledged(new_page):
    """A crisis reaches an open page live as one compact line that expands; "Ho letto" in the banner also
    updates the crisis page's own button; a minor correction asks nobody again, new information brings the
    banner back saying what changed and when; receipts count the current version."""
    title = "Blackout fibra in Toscana"
    csr = new_page()
    log_in(csr, "operatore")
    csr.wait_for_timeout(500)  # the page's live connection is open
    expect(csr.locator("#crisis-banners-slot")).not_to_contain_text(title)

    approver = new_page()
    log_in(approver, "approvatore")
    section_id = section_in_explorer(approver, "Crisi")
    fill_new_page(approver, "crisispage", section_id, {
        "#id_title": title,
        "#id_summary": "Linee fibra ferme in Toscana dalle 9:00.",
        "#id_holding_statement": "Siamo a conoscenza del disservizio; aggiornamento alle ore 11:00.",
        "#id_do_not_say": "- Non promettere indennizzi.\n- Non indicare orari di ripristino.",
        "#id_review_by": "30/06/2027",
    }, slug="blackout-fibra-toscana", select={"#id_severity": "critical"})
    save_menu(approver, "action-publish")
    approver.wait_for_url(re.compile(r"/admin/pages/\d+/$"))

    expect(csr.locator("#crisis-banners-slot")).to_contain_text(title, timeout=2000)

    # One compact line per crisis (the demo's two ongoing crises are there too); the details open on demand.
    banner = csr.locator("[data-crisis-id]", has_text=title)
    for line in csr.locator("#crisis-banners-slot [data-crisis-id]").all():
        assert line.bounding_box()["height"] < 60
    more = banner.locator(".crisis-banner__more")
    expect(more).to_be_hidden()
    banner.locator("summary").click()
    expect(more).to_be_visible()
    expect(more).to_contain_text("Iniziata alle")
    crisis_url = more.get_by_role("link", name="Apri la scheda").get_attribute("href")

    # "Ho letto": the banner goes away, and the read-receipt view counts the acknowledgement.
    crisis_id = banner.get_attribute("data-crisis-id")
    banner.get_by_role("button", name="Ho letto").click()
    expect(csr.locator("#crisis-banners-slot")).not_to_contain_text(title)
    csr.reload()
    expect(csr.locator("#crisis-banners-slot")).not_to_contain_text(title)
    approver.goto(f"/kb/crises/{crisis_id}/receipts/")
    expect(approver.locator("[data-receipt-summary]")).to_contain_text("1 operatore su 2 ha letto la versione attuale")
    expect(approver.locator("[data-missing]")).to_contain_text("Marco Bianchi")

    # A minor correction: nobody is asked to read it again.
    republish_crisis(approver, crisis_id, "minor", "Refuso corretto", "Siamo a conoscenza del disservizio in Toscana.")
    csr.wait_for_timeout(2000)
    expect(csr.locator("#crisis-banners-slot")).not_to_contain_text(title)
    csr.goto(crisis_url)
    expect(csr.locator("[data-crisis-acknowledgement]")).to_contain_text("Hai letto questo briefing")
    expect(csr.locator(".do-not-say li")).to_have_text(["Non promettere indennizzi.", "Non indicare orari di ripristino."])

    # New information: the banner comes back on the open page, saying what changed and when.
    republish_crisis(approver, crisis_id, "new_information", "Guasto esteso a Pisa", "Il disservizio riguarda anche Pisa.")
    banner = csr.locator("[data-crisis-id]", has_text=title)
    expect(banner.locator(".crisis-banner__change")).to_have_text(re.compile(r"^Aggiornata alle \d\d:\d\d: Guasto esteso a Pisa$"), timeout=2000)
    csr.reload()
    own_button = csr.locator("[data-crisis-acknowledgement]").get_by_role("button", name="Ho letto")
    expect(own_button).to_be_visible()
    expect(csr.locator("[data-crisis-change]")).to_contain_text("Guasto esteso a Pisa")
    # "Ho letto" in the banner: the page's own button follows without a reload.
    csr.locator("[data-crisis-id]", has_text=title).get_by_role("button", name="Ho letto").click()
    expect(csr.locator("#crisis-banners-slot")).not_to_contain_text(title)
    expect(csr.locator("[data-crisis-acknowledgement]")).to_contain_text("Hai letto questo briefing")
    expect(own_button).to_have_count(0)
    approver.goto(f"/kb/crises/{crisis_id}/receipts/")
    expect(approver.locator("[data-receipt-summary]")).to_contain_text("1 operatore su 2 ha letto la versione attuale")


def unread_badge(page):
    return int(page.locator("[data-unread-count] [data-count-value]").text_content())


def test_operator_asks_a_new_question_and_sees_the_answer_arrive_live(new_page):
    """The answer arrives live as one toast on each of the asker's open pages: on the question (where the
    page merges the answer and the asker is also notified of it) and in another tab."""
    asker = new_page()
    log_in(asker, "operatore")
    asker.goto("/collaboration/ask/")
    # Typing a question that already exists shows it before a duplicate is asked.
    asker.fill("#id_title", "doppio addebito SEPA reclamo")
    expect(asker.locator(".similar")).to_contain_text("Cliente con doppio addebito SEPA", timeout=5000)
    title = "Cliente chiede la fattura elettronica per la linea fissa privata"
    asker.fill("#id_title", title)
    asker.fill("#id_body", "Un privato vuole la fattura elettronica via SDI: si può attivare dal CRM?")
    asker.select_option("#id_space", label="Tutti gli operatori")
    asker.get_by_role("button", name="Pubblica la domanda").click()
    expect(asker.locator("h1")).to_have_text(title)
    question_url = asker.url
    # A locator, not wait_for_function: Playwright polls a string predicate with eval, which the page's
    # Content-Security-Policy (no 'unsafe-eval') refuses whenever the socket is not connected at once.
    asker.locator("html[data-live='connected']").wait_for(state="attached")
    other_tab = asker.context.new_page()
    other_tab.goto("/collaboration/")
    other_tab.locator("html[data-live='connected']").wait_for(state="attached")
    unread_before = unread_badge(other_tab)

    colleague = new_page()
    log_in(colleague, "operatore2")
    colleague.goto(question_url)
    # The answer names the asker, who follows the question: answered and mentioned, told once.
    answer = "Sì @operatore: dal CRM, scheda Fatturazione, inserisci il codice destinatario a 7 caratteri."
    colleague.fill("#id_body", answer)
    colleague.get_by_role("button", name="Pubblica la risposta").click()
    expect(colleague.locator("#answer-list")).to_contain_text("dal CRM, scheda Fatturazione")

    # Without reloading, the asker sees the answer appear, with one toast on each open page.
    expect(asker.locator("#answer-list")).to_contain_text("dal CRM, scheda Fatturazione", timeout=5000)
    for page in (asker, other_tab):
        expect(page.locator("[data-unread-count] [data-count-value]")).to_have_text(str(unread_before + 1))
        expect(page.locator("#live-toasts .toast", has_text="Marco Bianchi ti ha menzionato")).to_have_count(1)
    asker.wait_for_timeout(1500)  # whatever else this answer would send has arrived by now
    for page in (asker, other_tab):
        expect(page.locator("#live-toasts .toast")).to_have_count(1)
        expect(page.locator("[data-unread-count] [data-count-value]")).to_have_text(str(unread_before + 1))
    other_tab.close()
    answer = "dal CRM, scheda Fatturazione"
    asker.locator("#answer-list li", has_text=answer).get_by_role("button", name="Accetta").click()
    expect(asker.locator("#answer-list li", has_text=answer)).to_contain_text("Accettata")

    expert = new_page()
    log_in(expert, "esperto")
    expert.goto(question_url)
    expert.locator("#answer-list li", has_text=answer).get_by_role("button", name="Certifica").click()
    expect(expert.locator("#answer-list li", has_text=answer)).to_contain_text("Risposta certificata")
    expect(asker.locator("#answer-list li", has_text=answer)).to_contain_text("Risposta certificata", timeout=5000)


@pytest.mark.parametrize("dashboard", ["content-gaps", "questions", "needs"])
def test_team_lead_reads_a_dashboard_with_its_chart_and_table(new_page, dashboard):
    page = new_page()
    log_in(page, "teamleader")
    page.goto("/")
    page.get_by_role("link", name="Cruscotti").click()
    page.get_by_role("link", name={"content-gaps": "Lacune dei contenuti", "questions": "Salute di domande e risposte",
                                   "needs": "Esigenze di mercato"}[dashboard]).click()
    expect(page.locator("h1")).to_contain_text("Analisi")
    expect(page.locator(".data-table").first).to_be_visible()
    assert serious_accessibility_violations(page) == []


def test_approver_edits_dates_in_the_english_admin_and_they_keep_their_day(new_page):
    """Under the admin's Content-Security-Policy (checked for every journey by the new_page fixture), an
    approver in the English admin types an ISO date and a day-first one: the pickers leave them alone and
    both are saved as the same days an Italian admin would get."""
    title = "Router Stella senza Wi-Fi dopo l'aggiornamento"
    approver = new_page(locale="en-US")
    log_in(approver, "approvatore")
    section_id = section_in_explorer(approver, "Guasti noti")
    fill_new_page(approver, "knowndefectpage", section_id, {
        "#id_title": title,
        "#id_summary": "Dopo l'aggiornamento del firmware il Wi-Fi non si accende.",
        "#id_symptoms": "La spia Wi-Fi resta spenta.",
    }, slug="router-stella-senza-wifi")
    approver.locator('a[role="tab"]').first.click()
    for selector, typed in (("#id_review_by", "2027-11-10"), ("#id_expected_fix_date", "10/11/2027")):
        approver.fill(selector, typed)
        approver.locator("#id_title").click()  # leave the field: the picker used to rewrite it on blur
        expect(approver.locator(selector)).to_have_value(typed)
    save_menu(approver, "action-publish")
    approver.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    edit_link = approver.locator("a", has_text=title).first.get_attribute("href")
    approver.goto(re.search(r"/admin/pages/\d+/", edit_link).group(0) + "edit/")
    expect(approver.locator("#id_review_by")).to_have_value("2027-11-10")
    expect(approver.locator("#id_expected_fix_date")).to_have_value("2027-11-10")


def test_integrator_reads_the_api_documentation_served_locally_under_the_policy(new_page, server):
    page = new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    log_in(page, "admin")
    page.goto("/api/v1/docs/")
    expect(page.locator(".opblock").first).to_be_visible()
    expect(page.get_by_text("/api/v1/assist").first).to_be_attached()
    assert [url for url in requested if not url.startswith((server, "data:", "blob:"))] == []  # no CDN


def test_first_day_of_a_csr_and_an_article_approved_then_verified_by_its_owner(new_page):
    """A fresh CSR: empty inbox, a CSR's menu, English section names, no inert buttons without JavaScript.
    An owner submits an answer; the approver finds it in the approvals inbox and approves it with a
    confirmation; the owner verifies it in one click and the CSR sees the verified badge."""
    title = "Cambio intestatario della linea fissa"
    csr = new_page()
    log_in(csr, "operatore2")
    # The demo articles were there before the account: none of them is in its inbox (other journeys' news may be).
    demo_offer = csr.locator("#offers-heading + .article-list a").first.inner_text()
    csr.goto("/notifications/")
    expect(csr.locator("#notification-list")).not_to_contain_text(demo_offer)
    csr.goto("/collaboration/")
    nav = csr.locator(".subnav")
    expect(nav).to_contain_text("Domande")
    expect(nav).not_to_contain_text("La mia coda")
    expect(nav).not_to_contain_text("Segnalazioni sui miei articoli")
    expect(csr.locator(".site-header")).not_to_contain_text("Approvazioni")
    csr.get_by_role("button", name="English").click()
    main_nav = csr.locator(".main-nav")
    expect(main_nav).to_contain_text("Procedures and answers")
    expect(main_nav).not_to_contain_text("Offerte")
    csr.goto("/")
    expect(csr.locator(".search-hero__intro")).to_have_text("The contact center's knowledge, all in one place.")
    csr.get_by_role("button", name="Italiano").click()

    owner = new_page()
    log_in(owner, "redazione.procedure")
    section_id = section_in_explorer(owner, "Procedure e risposte")
    owner.goto(f"/admin/pages/add/kb/answerpage/{section_id}/")
    for selector, value in {
        "#id_title": title,
        "#id_summary": "Come si cambia l'intestatario (voltura) della linea fissa.",
        "#id_customer_question": "Posso intestare la linea a mia moglie?",
        "#id_approved_answer": "Sì: serve il modulo di voltura firmato da entrambi e un documento del nuovo intestatario.",
        "#id_review_by": "30/06/2027",
    }.items():
        owner.fill(selector, value)
    owner.get_by_role("tab", name="Promuovi").click()
    owner.fill("#id_slug", "cambio-intestatario-linea-fissa")
    save_menu(owner, "action-submit")
    owner.wait_for_url(re.compile(r"/admin/pages/\d+/"))

    approver = new_page()
    log_in(approver, "approvatore")
    expect(approver.locator(".approvals-link .inbox-count")).to_have_text(re.compile(r"^\d+"))
    approver.locator(".approvals-link").click()
    approver.get_by_role("link", name=title).click()
    expect(approver.get_by_role("heading", name="Approvare e pubblicare?")).to_be_visible()
    approver.get_by_role("button", name="Sì, approva e pubblica").click()
    expect(approver.locator(".message--success")).to_contain_text(f"“{title}” è approvato e pubblicato.")
    expect(approver.locator(".approval-list")).not_to_contain_text(title)

    owner.goto("/procedure/cambio-intestatario-linea-fissa/")
    owner.get_by_role("button", name="Verifica: ancora corretto").click()
    expect(owner.locator(".message--success")).to_contain_text("è verificato")

    csr.goto("/procedure/cambio-intestatario-linea-fissa/")
    expect(csr.locator(".badge--verified")).to_have_text("Verificato")
    expect(csr.locator(".article-meta")).to_contain_text("da Paolo Gallo il")
    expect(csr.get_by_role("button", name="Verifica: ancora corretto")).to_have_count(0)

    no_script = new_page(javascript=False)
    log_in(no_script, "operatore2")
    no_script.goto("/procedure/cambio-intestatario-linea-fissa/")
    expect(no_script.locator("#approved-answer")).to_be_visible()
    expect(no_script.locator('[data-copy-target="approved-answer"]')).to_be_hidden()
    expect(no_script.locator(".print-button")).to_be_hidden()
def test_need_passes_the_threshold_product_declines_it_and_the_operator_reads_why(new_page):
    operator = new_page()
    log_in(operator, "operatore")
    operator.goto("/collaboration/needs/new/")
    title = "Clienti chiedono la bolletta cartacea in braille"
    operator.fill("#id_title", title)
    operator.fill("#id_customers_ask", "Clienti non vedenti chiedono la bolletta in braille, oggi non prevista.")
    operator.select_option("#id_space", label="Tutti gli operatori")
    operator.select_option("#id_frequency", "weekly")
    operator.select_option("#id_channel", "phone")
    operator.get_by_role("button", name="Segnala").click()
    expect(operator.locator("h1")).to_have_text(title)
    need_url = operator.url
    expect(operator.locator("[data-workflow]")).to_contain_text("Prodotto")

    # Two colleagues heard it too: the +1s pass the row's threshold and the need is routed again.
    for username in ("operatore2", "teamleader"):
        colleague = new_page()
        log_in(colleague, username)
        colleague.goto(need_url)
        colleague.get_by_role("button", name="+1, l'ho sentita anch'io").click()
        expect(colleague.get_by_role("button", name="Ritira il mio +1")).to_be_visible()

    product = new_page()
    log_in(product, "prodotto")
    product.goto("/collaboration/signals/")
    product.get_by_role("link", name=title).click()
    expect(product.locator("[data-steps]")).to_contain_text("Esigenze sentite da molti operatori")
    product.select_option("#id_status", "declined")
    reason = "Non previsto: la bolletta in braille è già disponibile su richiesta al 187, indicalo al cliente."
    product.fill("#id_comment", reason)
    product.get_by_role("button", name="Cambia stato").click()

    operator.goto(need_url)
    expect(operator.locator("ol.timeline", has_text="Respinta")).to_contain_text(reason)
    expect(operator.locator("dl.field-grid").first).to_contain_text("Respinta")

    # The demo's report on a billing article went to Billing by its own row; Legal signs off the reply
    # before the report closes, and the operator who reported it reads the outcome.
    billing = new_page()
    log_in(billing, "esperto")
    billing.goto("/collaboration/signals/")
    billing.locator("[data-business-signals] a").first.click()
    expect(billing.locator("[data-steps]")).to_contain_text("Segnalazioni su articoli di fatturazione")
    signal_url = billing.url
    outcome = "Listino aggiornato: la seconda copia della fattura costa 2 €."
    billing.get_by_role("button", name="Prendi in carico").click()
    billing.fill("#signal-outcome", outcome)
    billing.get_by_role("button", name="Chiudi con questo esito").click()
    expect(billing.locator("[data-signal-state]")).to_have_text("In attesa di revisione")

    legal = new_page()
    log_in(legal, "legale")
    legal.goto("/collaboration/signals/")
    row = legal.locator("tr", has_text=outcome)
    row.get_by_label("Approva").check()
    row.get_by_role("button", name="Registra la decisione").click()

    reporter = new_page()
    log_in(reporter, "operatore2")
    reporter.goto(signal_url)
    expect(reporter.locator("[data-outcome]")).to_have_text(outcome)
def test_operator_asks_with_help_votes_and_takes_back_a_plus_one(new_page):
    page = new_page()
    log_in(page, "operatore")
    page.goto("/collaboration/ask/")
    # The space where the operator usually asks is already chosen.
    expect(page.locator("#id_space option:checked")).to_have_text("Tutti gli operatori")
    # While the title is typed, a known defect comes up right under it.
    title = "Il modem Aurora Hub si riavvia da solo: cosa dico al cliente?"
    page.locator("#id_title").press_sequentially(title[:40], delay=20)
    similar = page.locator("[data-similar]")
    expect(similar).to_contain_text("Modem Aurora Hub si riavvia da solo la sera", timeout=5000)
    expect(similar.locator(".similar__item--defect", has_text="si riavvia da solo la sera")).to_contain_text("Guasto noto")
    page.fill("#id_title", title)
    # @mention autocomplete among the space's readers, then the preview as it will be published.
    body = page.locator("#id_body")
    body.press_sequentially("Lo chiedo anche a @operatore", delay=20)
    page.locator("[data-mention-list] button", has_text="@operatore2").click()
    expect(body).to_have_value("Lo chiedo anche a @operatore2 ")
    body.press_sequentially("che lo ha visto **ieri**.", delay=5)
    page.get_by_role("button", name="Anteprima").click()
    preview = page.locator("[data-preview-output]")
    expect(preview.locator("a")).to_have_attribute("href", "/collaboration/?author=operatore2")
    expect(preview.locator("strong")).to_have_text("ieri")
    page.get_by_role("button", name="Pubblica la domanda").click()
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator(".question .rich-text a")).to_have_text("@operatore2")
    # Editing it has the same preview.
    page.get_by_role("link", name="Modifica", exact=True).first.click()
    page.fill("#id_body", "L'ha visto *stamattina* anche @operatore2")
    page.get_by_role("button", name="Anteprima").click()
    expect(page.locator("[data-preview-output] em")).to_have_text("stamattina")
    page.get_by_role("button", name="Salva").click()
    expect(page.locator(".question .rich-text em")).to_have_text("stamattina")
    # A vote on the question, then taken back.
    page.get_by_role("button", name="Domanda utile").click()
    expect(page.locator("[data-question-score]")).to_have_text("1 voto")
    page.get_by_role("button", name="Ritira il mio voto").click()
    expect(page.locator("[data-question-score]")).to_have_text("0 voti")

    # A need the operator flagged: they see it, take their +1 back and give it again; the list agrees.
    page.goto("/collaboration/needs/new/")
    page.locator("#id_title").press_sequentially("fibra con IP statico per privati", delay=20)
    expect(page.locator("[data-similar]")).to_contain_text("Clienti chiedono la fibra con IP statico", timeout=5000)
    page.goto("/collaboration/needs/")
    page.get_by_role("link", name="Clienti chiedono la fibra con IP statico anche per privati").click()
    expect(page.locator(".need-support")).to_contain_text("L'hai segnalata tu.")
    expect(page.locator("[data-supporters]")).to_have_text("2")
    page.get_by_role("button", name="Ritira il mio +1").click()
    expect(page.locator("[data-supporters]")).to_have_text("1")
    page.get_by_role("button", name="+1, l'ho sentita anch'io").click()
    expect(page.locator("[data-supporters]")).to_have_text("2")
    page.goto("/collaboration/needs/")
    expect(page.locator("tr", has_text="IP statico").locator("td").nth(2)).to_have_text("2")
