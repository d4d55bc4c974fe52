/* Sportello CSR pages: progressive enhancement only. Every page works without this script. */
(function () {
    "use strict";

    function copyText(text) {
        if (navigator.clipboard && window.isSecureContext) {
            return navigator.clipboard.writeText(text);
        }
        // Plain-HTTP intranets have no Clipboard API: fall back to a hidden text area.
        return new Promise(function (resolve, reject) {
            var area = document.createElement("textarea");
            area.value = text;
            area.setAttribute("readonly", "");
            area.style.position = "fixed";
            area.style.opacity = "0";
            document.body.appendChild(area);
            area.select();
            var ok = document.execCommand("copy");
            document.body.removeChild(area);
            if (ok) { resolve(); } else { reject(new Error("copy refused")); }
        });
    }

    // Shared with the side panel's script (static/js/panel.js).
    window.Sportello = {copyText: copyText};

    // On the results page, a copied answer tells search which result answered the query (search.learning).
    function reportCopy(button) {
        var result = button.closest("[data-copied-url]");
        var token = document.querySelector("input[name=csrfmiddlewaretoken]");
        if (!result || !token || !result.getAttribute("data-search")) { return; }
        var body = new FormData();
        body.append("search", result.getAttribute("data-search"));
        body.append("type", result.getAttribute("data-type"));
        body.append("id", result.getAttribute("data-id"));
        fetch(result.getAttribute("data-copied-url"), {
            method: "POST", body: body, credentials: "same-origin", headers: {"X-CSRFToken": token.value}
        }).catch(function () { /* learning is best effort: the copy itself worked */ });
    }

    function setUpCopyButtons() {
        document.querySelectorAll("[data-copy-target]").forEach(function (button) {
            var target = document.getElementById(button.getAttribute("data-copy-target"));
            if (!target) { return; }
            var label = button.textContent;
            button.hidden = false;
            button.addEventListener("click", function () {
                copyText(target.innerText.trim()).then(function () {
                    reportCopy(button);
                    button.textContent = button.getAttribute("data-copied-label") || label;
                    window.setTimeout(function () { button.textContent = label; }, 2000);
                });
            });
        });
    }

    /* The reply channel: remembered for the user at once, and the answer shown (and copied) for it. */
    function setUpReplyChannel() {
        var form = document.querySelector("form[data-reply-channel-form]");
        if (!form || !window.fetch) { return; }
        var select = form.querySelector("select[name=channel]");
        form.querySelector("[data-reply-channel-submit]").hidden = true;
        select.addEventListener("change", function () {
            document.querySelectorAll("[data-channel-texts]").forEach(function (group) {
                var target = document.getElementById(group.dataset.copyTargetId);
                var text = group.querySelector('[data-channel-text="' + select.value + '"]');
                if (target && text) { target.innerText = text.textContent; }
            });
            fetch(form.action, {method: "POST", body: new FormData(form), credentials: "same-origin",
                                headers: {"Accept": "application/json"}})
                .catch(function () { /* the choice still applies to this page */ });
        });
    }

    function setUpPrintButtons() {
        document.querySelectorAll(".print-button").forEach(function (button) {
            button.hidden = false;
            button.addEventListener("click", function () { window.print(); });
        });
    }

    function setUpSuggestions() {
        var form = document.querySelector("form[data-suggest-url]");
        if (!form || !window.fetch) { return; }
        var input = form.querySelector("input[name=q]");
        var list = form.querySelector("[role=listbox]");
        var timer = null;
        var active = -1;
        var latest = 0;

        function close() {
            list.hidden = true;
            list.innerHTML = "";
            input.setAttribute("aria-expanded", "false");
            input.removeAttribute("aria-activedescendant");
            active = -1;
        }

        function highlight(index) {
            var items = list.querySelectorAll("li");
            items.forEach(function (item, i) { item.setAttribute("aria-selected", i === index ? "true" : "false"); });
            active = index;
            if (items[index]) { input.setAttribute("aria-activedescendant", items[index].id); }
        }

        function show(suggestions) {
            list.innerHTML = "";
            if (!suggestions.length) { close(); return; }
            suggestions.forEach(function (suggestion, i) {
                var item = document.createElement("li");
                item.id = "suggestion-" + i;
                item.setAttribute("role", "option");
                item.textContent = suggestion.title;
                item.dataset.url = suggestion.url;
                item.addEventListener("mousedown", function (event) {
                    event.preventDefault();
                    window.location.href = suggestion.url;
                });
                list.appendChild(item);
            });
            list.hidden = false;
            input.setAttribute("aria-expanded", "true");
            active = -1;
        }

        input.addEventListener("input", function () {
            window.clearTimeout(timer);
            var value = input.value.trim();
            if (value.length < 2) { close(); return; }
            timer = window.setTimeout(function () {
                var request = ++latest;
                fetch(form.dataset.suggestUrl + "?q=" + encodeURIComponent(value), {credentials: "same-origin"})
                    .then(function (response) { return response.ok ? response.json() : {suggestions: []}; })
                    .then(function (data) { if (request === latest) { show(data.suggestions || []); } })
                    .catch(close);
            }, 120);
        });
        input.addEventListener("keydown", function (event) {
            var items = list.querySelectorAll("li");
            if (list.hidden || !items.length) { return; }
            if (event.key === "ArrowDown") { event.preventDefault(); highlight((active + 1) % items.length); }
            else if (event.key === "ArrowUp") { event.preventDefault(); highlight((active - 1 + items.length) % items.length); }
            else if (event.key === "Escape") { close(); }
            else if (event.key === "Enter" && active >= 0) { event.preventDefault(); window.location.href = items[active].dataset.url; }
        });
        input.addEventListener("blur", function () { window.setTimeout(close, 150); });
    }

    function withQuery(url, name, value) {
        return url + (url.indexOf("?") === -1 ? "?" : "&") + name + "=" + encodeURIComponent(value);
    }

    // "Your question may already have an answer", right under the title while it is typed: answers,
    // questions, known defects and open crises (or, on the need form, needs already flagged).
    function setUpSimilarQuestions() {
        var form = document.querySelector("form[data-similar-url]");
        if (!form || !window.fetch) { return; }
        var title = form.querySelector("input[name=title]");
        var box = form.querySelector("[data-similar]");
        var list = box && box.querySelector(".similar__list");
        if (!title || !list) { return; }
        var timer = null;
        var latest = 0;
        title.addEventListener("input", function () {
            window.clearTimeout(timer);
            var value = title.value.trim();
            if (value.length < 8) { box.hidden = true; return; }
            timer = window.setTimeout(function () {
                var request = ++latest;
                fetch(withQuery(form.dataset.similarUrl, "q", value), {credentials: "same-origin"})
                    .then(function (response) { return response.ok ? response.json() : {results: []}; })
                    .then(function (data) {
                        if (request !== latest) { return; }
                        list.innerHTML = "";
                        (data.results || []).forEach(function (hit) {
                            var item = document.createElement("li");
                            item.className = "similar__item similar__item--" + hit.type;
                            var badge = document.createElement("span");
                            badge.className = "badge";
                            badge.textContent = box.getAttribute("data-label-" + hit.type) || hit.type;
                            var link = document.createElement("a");
                            link.href = hit.url;
                            link.target = "_blank";
                            link.rel = "noopener";
                            link.textContent = hit.title;
                            item.appendChild(badge);
                            item.appendChild(document.createTextNode(" "));
                            item.appendChild(link);
                            list.appendChild(item);
                        });
                        box.hidden = !list.children.length;
                    })
                    .catch(function () { box.hidden = true; });
            }, 250);
        });
    }

    // The Markdown preview: the server renders it through the same sanitiser as a published post, so what
    // is shown is what will be published (and nothing a post could not contain).
    function setUpPreview(form, field, tools) {
        var button = tools.querySelector("[data-preview-button]");
        var output = tools.querySelector("[data-preview-output]");
        var token = form.querySelector("input[name=csrfmiddlewaretoken]");
        if (!button || !output || !token || !form.dataset.previewUrl) { return; }
        button.addEventListener("click", function (event) {
            event.preventDefault();
            var body = new FormData();
            body.append("text", field.value);
            fetch(form.dataset.previewUrl, {method: "POST", body: body, credentials: "same-origin",
                                            headers: {"X-CSRFToken": token.value}})
                .then(function (response) { return response.json(); })
                .then(function (data) {
                    output.innerHTML = data.html !== undefined ? data.html : "";
                    if (data.error) { output.textContent = data.error; }
                    output.hidden = false;
                });
        });
    }

    // @mention autocomplete: people who can read the space the post goes to.
    function setUpMentions(form, field, tools) {
        var list = tools.querySelector("[data-mention-list]");
        if (!list || !form.dataset.mentionUrl) { return; }
        var timer = null;
        function space() {
            var select = form.querySelector("select[name=space]");
            return select ? select.value : form.dataset.mentionSpace;
        }
        function typedName() {
            var before = field.value.slice(0, field.selectionStart);
            var match = /(^|[^\w@])@([\w.+-]{1,150})$/.exec(before);
            return match ? match[2] : null;
        }
        function choose(username) {
            var caret = field.selectionStart;
            var before = field.value.slice(0, caret).replace(/@[\w.+-]*$/, "@" + username + " ");
            field.value = before + field.value.slice(caret);
            field.focus();
            field.setSelectionRange(before.length, before.length);
            list.hidden = true;
        }
        field.addEventListener("input", function () {
            window.clearTimeout(timer);
            var name = typedName();
            if (!name || !space()) { list.hidden = true; return; }
            timer = window.setTimeout(function () {
                var url = withQuery(withQuery(form.dataset.mentionUrl, "q", name), "space", space());
                fetch(url, {credentials: "same-origin"})
                    .then(function (response) { return response.ok ? response.json() : {results: []}; })
                    .then(function (data) {
                        list.innerHTML = "";
                        (data.results || []).forEach(function (person) {
                            var item = document.createElement("li");
                            var option = document.createElement("button");
                            option.type = "button";
                            option.className = "button button--quiet";
                            option.textContent = "@" + person.username + " · " + person.name;
                            option.addEventListener("click", function () { choose(person.username); });
                            item.appendChild(option);
                            list.appendChild(item);
                        });
                        list.hidden = !list.children.length;
                    })
                    .catch(function () { list.hidden = true; });
            }, 200);
        });
    }

    function setUpMarkdownTools() {
        if (!window.fetch) { return; }
        document.querySelectorAll("[data-markdown-tools]").forEach(function (tools) {
            var form = tools.closest("form");
            var field = tools.previousElementSibling && tools.previousElementSibling.querySelector("textarea[data-markdown]");
            if (!form || !field) { return; }
            setUpPreview(form, field, tools);
            setUpMentions(form, field, tools);
        });
    }

    document.addEventListener("DOMContentLoaded", function () {
        setUpSimilarQuestions();
        setUpMarkdownTools();
        setUpCopyButtons();
        setUpReplyChannel();
        setUpPrintButtons();
        setUpSuggestions();
    });
})();
