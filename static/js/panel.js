/* The side panel (/panel/): search (on Enter: every search is logged for the dashboards, so half-typed
   words are not sent), assist on the customer's message, one-click copies,
   "used for this contact", the "what not to say" check of the draft, the keyboard, and the postMessage
   contract with the host page (README, "Side panel"). No build step; the panel works without it as
   plain forms. */
(function () {
    "use strict";

    var root = document.querySelector("[data-panel]");
    if (!root || !window.fetch) { return; }
    root.classList.add("panel--js");
    var allowed = (root.dataset.embedOrigins || "").split(" ").filter(Boolean);
    var hostOrigin = null;
    var csrf = document.querySelector("input[name=csrfmiddlewaretoken]").value;
    var form = document.getElementById("panel-form");
    var search = document.getElementById("panel-q");
    var message = document.getElementById("panel-message");
    var customer = document.getElementById("panel-customer");
    var contact = document.getElementById("panel-contact");
    var channel = document.getElementById("reply-channel");
    var searchResults = document.getElementById("panel-search-results");
    var assistResults = document.getElementById("panel-assist-results");
    var draft = document.getElementById("panel-draft");
    var draftCheck = document.getElementById("panel-draft-check");
    var contactChannel = "";

    /* To the host page: only to the allowed origins (postMessage drops a message whose target origin is
       not the parent's, so naming each one reaches the right parent and no other). */
    function tell(data) {
        if (window.parent === window) { return; }
        (hostOrigin ? [hostOrigin] : allowed).forEach(function (origin) { window.parent.postMessage(data, origin); });
    }

    function params() {
        return {channel: contactChannel || channel.value, customer: customer.value.trim(), contact: contact.value.trim()};
    }

    var latest = {};
    function load(target, request) {
        var ticket = (latest[target.id] || 0) + 1;
        latest[target.id] = ticket;
        return request.then(function (response) { return response.text(); })
            .then(function (html) {
                if (latest[target.id] !== ticket) { return; }
                target.innerHTML = html;  // Sportello's own template, escaped on the server
                var list = target.querySelector("[data-reply-channel]");
                if (list && channel.value !== list.dataset.replyChannel) { channel.value = list.dataset.replyChannel; }
            });
    }

    function runSearch() {
        var query = search.value.trim();
        if (!query) { searchResults.innerHTML = ""; return; }
        var p = params();
        p.q = query;
        load(searchResults, fetch(root.dataset.resultsUrl + "?" + new URLSearchParams(p).toString(), {credentials: "same-origin"}));
    }

    function runAssist() {
        if (!message.value.trim()) { assistResults.innerHTML = ""; return Promise.resolve(); }
        var body = new FormData();
        var p = params();
        Object.keys(p).forEach(function (key) { body.append(key, p[key]); });
        body.append("message", message.value);
        body.append("csrfmiddlewaretoken", csrf);
        return load(assistResults, fetch(root.dataset.assistUrl, {method: "POST", body: body, credentials: "same-origin"}));
    }

    form.addEventListener("submit", function (event) {
        event.preventDefault();
        if (event.submitter && event.submitter.hasAttribute("data-panel-assist")) { runAssist(); } else { runSearch(); }
    });
    /* The CSR's own choice of channel wins over the host's (sportello.js remembers it for the user). */
    channel.addEventListener("change", function () {
        contactChannel = "";
        if (search.value.trim()) { runSearch(); }
        if (message.value.trim()) { runAssist(); }
        checkDraft();
    });

    function statusOf(hit, text) { hit.querySelector(".panel-hit__status").textContent = text; }

    function copy(hit) {
        var text = hit.querySelector(".panel-hit__copy");
        if (!text) { return; }
        window.Sportello.copyText(text.innerText.trim()).then(function () { statusOf(hit, root.dataset.textCopied); });
    }

    function used(hit) {
        var contactId = contact.value.trim();
        if (!contactId) { statusOf(hit, root.dataset.textNoContact); contact.focus(); return; }
        var list = hit.closest("[data-usage-channel]");
        var record = {contact_id: contactId, channel: list.dataset.usageChannel, article: parseInt(hit.dataset.articleId, 10)};
        if (hit.dataset.revision) { record.revision = parseInt(hit.dataset.revision, 10); }
        fetch(root.dataset.usageUrl, {
            method: "POST", credentials: "same-origin", body: JSON.stringify(record),
            headers: {"Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf}
        }).then(function (response) {
            if (!response.ok) { statusOf(hit, root.dataset.textFailed); return; }
            statusOf(hit, root.dataset.textUsed);
            tell({type: "sportello:used", articleId: record.article, contactId: contactId});
        }).catch(function () { statusOf(hit, root.dataset.textFailed); });
    }

    root.addEventListener("click", function (event) {
        var hit = event.target.closest(".panel-hit");
        if (!hit) { return; }
        if (event.target.closest("[data-panel-copy]")) { copy(hit); }
        else if (event.target.closest("[data-panel-used]")) { used(hit); }
    });

    /* Keyboard first: / search, arrows through the hits, Enter opens (a new tab: articles are never framed), c copies. */
    function hits() { return Array.prototype.slice.call(root.querySelectorAll(".panel-hit")); }
    function typing(element) { return element && (element.tagName === "TEXTAREA" || (element.tagName === "INPUT" && element.type !== "button")); }
    document.addEventListener("keydown", function (event) {
        if (event.ctrlKey || event.metaKey || event.altKey) { return; }
        var active = document.activeElement;
        var current = active && active.classList && active.classList.contains("panel-hit") ? active : null;
        var all = hits();
        if (event.key === "/" && !typing(active)) {
            event.preventDefault();
            search.focus();
            search.select();
        } else if ((event.key === "ArrowDown" || event.key === "ArrowUp") && (current || active === search) && all.length) {
            event.preventDefault();
            var index = current ? all.indexOf(current) + (event.key === "ArrowDown" ? 1 : -1) : 0;
            if (index < 0) { search.focus(); return; }
            all[Math.min(index, all.length - 1)].focus();
        } else if (current && event.key === "Enter") {
            event.preventDefault();
            window.open(current.dataset.url, "_blank", "noopener");
        } else if (current && (event.key === "c" || event.key === "C")) {
            event.preventDefault();
            copy(current);
        }
    });

    /* "What not to say": the draft checked as the CSR types (POST /api/v1/check-reply), CHECK_DELAY ms after
       the last key: with the check's own time (bench/RESULTS.md) the verdict is there within 300 ms. If the
       check fails, the panel shows "—". */
    var CHECK_DELAY = 150;
    var draftTimer = null;
    var draftTicket = 0;
    function showConflicts(conflicts) {
        draftCheck.innerHTML = "";
        if (!conflicts.length) { draftCheck.textContent = root.dataset.textNoConflict; return; }
        var list = document.createElement("ul");
        conflicts.forEach(function (conflict) {
            var item = document.createElement("li");
            var what = document.createElement("strong");
            what.textContent = conflict.excerpt || "";
            item.appendChild(what);
            item.appendChild(document.createTextNode(" " + (conflict.reason || "")));
            if (conflict.use_instead) { item.appendChild(document.createTextNode(" " + root.dataset.textUseInstead + " " + conflict.use_instead)); }
            if (conflict.source && conflict.source.url) {
                var link = document.createElement("a");
                link.href = conflict.source.url;
                link.target = "_blank";
                link.rel = "noopener";
                link.textContent = conflict.source.title || conflict.source.url;
                item.appendChild(document.createTextNode(" "));
                item.appendChild(link);
            }
            list.appendChild(item);
        });
        draftCheck.appendChild(list);
    }
    function checkDraft() {
        var text = draft.value.trim();
        var ticket = ++draftTicket;
        if (!text) { draftCheck.textContent = "—"; return; }
        var replyChannel = (root.querySelector("[data-usage-channel]") || {dataset: {}}).dataset.usageChannel || "chat";
        fetch(root.dataset.checkUrl, {
            method: "POST", credentials: "same-origin", body: JSON.stringify({text: text, channel: replyChannel}),
            headers: {"Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf}
        }).then(function (response) { return response.ok ? response.json() : null; })
            .then(function (data) {
                if (ticket !== draftTicket) { return; }
                if (!data || !Array.isArray(data.conflicts)) { draftCheck.textContent = "—"; return; }
                showConflicts(data.conflicts);
            })
            .catch(function () { if (ticket === draftTicket) { draftCheck.textContent = "—"; } });
    }
    draft.addEventListener("input", function () {
        window.clearTimeout(draftTimer);
        draftTimer = window.setTimeout(checkDraft, CHECK_DELAY);
    });

    /* The host page's customer message: only from the allowed origins, only of the agreed shape. */
    window.addEventListener("message", function (event) {
        if (allowed.indexOf(event.origin) === -1 || event.source !== window.parent) { return; }
        var data = event.data;
        if (!data || data.type !== "sportello:customer-message" || typeof data.text !== "string") { return; }
        hostOrigin = event.origin;
        message.value = data.text.slice(0, 1000);
        if (typeof data.customerName === "string") { customer.value = data.customerName.slice(0, 100); }
        if (typeof data.contactId === "string") { contact.value = data.contactId.slice(0, 100); }
        contactChannel = typeof data.channel === "string" ? data.channel : "";
        runAssist();
    });
    tell({type: "sportello:ready"});
})();
