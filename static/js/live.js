/* Sportello live updates: one WebSocket per page, reconnecting with back-off, no build step.
   Without JavaScript, or while disconnected, pages still work: banners and counts are rendered by the
   server on each load, and the inbox lists every notification. */
(function () {
    "use strict";

    var slot = document.getElementById("crisis-banners-slot");
    if (!slot || !window.WebSocket || !window.fetch) { return; }
    var toasts = document.getElementById("live-toasts");
    var question = document.querySelector("[data-question-id]");
    var lastId = parseInt(slot.dataset.lastNotification || "0", 10) || 0;
    var MAX_TOASTS = 3;

    function setUnread(count) {
        var badge = document.querySelector("[data-unread-count]");
        if (!badge) { return; }
        badge.querySelector("[data-count-value]").textContent = String(count);
        badge.hidden = count <= 0;
    }

    function unread() {
        var value = document.querySelector("[data-unread-count] [data-count-value]");
        return value ? parseInt(value.textContent, 10) || 0 : 0;
    }

    /* A toast, or with `options.key` the one toast of that subject: while it is shown, another toast of
       the same key updates it in place (`options.replace`) or is dropped, never shown beside it. */
    function toast(text, url, options) {
        options = options || {};
        var box = options.key ? toasts.querySelector("[data-toast-key='" + options.key + "']") : null;
        if (box && !options.replace) { return; }
        if (!box) {
            box = document.createElement("div");
            box.className = "toast" + (options.sticky ? " toast--sticky" : "");
            if (options.key) { box.dataset.toastKey = options.key; }
            box.appendChild(document.createElement("a"));
            var close = document.createElement("button");
            close.type = "button";
            close.className = "toast__close";
            close.setAttribute("aria-label", slot.dataset.textClose || "Close");
            close.textContent = "×";
            close.addEventListener("click", function () { box.remove(); });
            box.appendChild(close);
            toasts.appendChild(box);
            while (toasts.children.length > MAX_TOASTS) { toasts.removeChild(toasts.firstChild); }
        }
        var link = box.querySelector("a");
        link.href = url;
        link.textContent = text;
        window.clearTimeout(box.removalTimer);
        if (!options.sticky) { box.removalTimer = window.setTimeout(function () { box.remove(); }, 15000); }
    }

    /* The open question's one toast: its new answers (mergeQuestion) and the notifications about it (an
       answer to a question one follows, a mention in it) arrive separately, in either order, and are one
       piece of news. */
    function questionToastKey() {
        return question ? "question-" + question.dataset.questionId : null;
    }

    /* One toast per event: a notification already seen (sent live, then again in a catch-up) is not shown
       twice, and one about the question open on this page shares that question's toast with the page's
       own "new answer" (mergeQuestion). Returns whether it was new. */
    function received(notification) {
        if (notification.id <= lastId) { return false; }
        lastId = notification.id;
        var onThisQuestion = question && String(notification.question) === question.dataset.questionId;
        toast(notification.text, notification.url, {
            sticky: notification.kind === "crisis", key: onThisQuestion ? questionToastKey() : null, replace: true,
        });
        return true;
    }

    /* Banners are drawn from the event itself (labels come translated in the page's <template>), so a
       crisis reaching a thousand pages does not make a thousand requests. Acknowledged versions stay hidden. */
    var acknowledged = (slot.dataset.acknowledged || "").split(" ").filter(Boolean);

    /* Dates as the server writes them (core.formatting.moment): dd/mm/yyyy and hh:mm in Italian time, with
       "today" / "yesterday" / "tomorrow" only when true; the sentences come translated from the <template>. */
    function localParts(date, timeZone) {
        var parts = {};
        new Intl.DateTimeFormat("en-GB", {timeZone: timeZone, year: "numeric", month: "2-digit", day: "2-digit",
                                          hour: "2-digit", minute: "2-digit", hourCycle: "h23"})
            .formatToParts(date).forEach(function (part) { parts[part.type] = part.value; });
        return parts;
    }

    function moment(template, iso) {
        var zone = template.dataset.timeZone || undefined;
        var at = localParts(new Date(iso), zone), now = new Date(), day = 24 * 3600 * 1000;
        var key = function (parts) { return parts.year + parts.month + parts.day; };
        var pattern = template.dataset.whenOther;
        if (key(at) === key(localParts(now, zone))) { pattern = template.dataset.whenToday; }
        else if (key(at) === key(localParts(new Date(now.getTime() - day), zone))) { pattern = template.dataset.whenYesterday; }
        else if (key(at) === key(localParts(new Date(now.getTime() + day), zone))) { pattern = template.dataset.whenTomorrow; }
        return pattern.replace("{date}", at.day + "/" + at.month + "/" + at.year).replace("{time}", at.hour + ":" + at.minute);
    }

    function fill(element, selector, text) {
        var target = element.querySelector(selector);
        target.textContent = text || "";
        target.hidden = !text;
    }

    function bannerElement(template, banner) {
        var element = template.content.firstElementChild.cloneNode(true);
        element.dataset.crisisId = String(banner.id);
        element.dataset.revision = String(banner.revision_id);
        element.classList.add("crisis-banner--" + banner.status, "crisis-banner--" + banner.severity);
        var status = banner.status === "active" ? template.dataset.labelActive : template.dataset.labelMonitoring;
        element.querySelector(".crisis-banner__label").textContent = status + " · " + (template.dataset["severity" + banner.severity.charAt(0).toUpperCase() + banner.severity.slice(1)] || banner.severity);
        element.querySelector(".crisis-banner__title").textContent = banner.title;
        element.querySelector(".crisis-banner__more a").href = banner.url;
        element.querySelector(".crisis-banner__regions").textContent = banner.regions || "";
        fill(element, ".crisis-banner__change", banner.change_note && banner.changed_at ?
            template.dataset.textUpdated.replace("{when}", moment(template, banner.changed_at)).replace("{note}", banner.change_note) : "");
        fill(element, ".crisis-banner__started", banner.started_at ? template.dataset.textStarted.replace("{when}", moment(template, banner.started_at)) : "");
        fill(element, ".crisis-banner__next", banner.next_update_at ? template.dataset.textNextUpdate.replace("{when}", moment(template, banner.next_update_at)) : "");
        element.querySelector(".crisis-banner__overdue").hidden = !(banner.next_update_at && new Date(banner.next_update_at) <= new Date());
        element.querySelector("form").action = template.dataset.acknowledgeUrl.replace("/0/", "/" + banner.id + "/");
        return element;
    }

    function showBanners(banners) {
        var template = document.getElementById("crisis-banner-template");
        var now = new Date();
        var current = banners.filter(function (banner) {
            var expired = banner.expire_at && new Date(banner.expire_at) <= now;
            return !expired && acknowledged.indexOf(banner.id + ":" + banner.revision_id) === -1;
        });
        var open = {};
        slot.querySelectorAll("[data-crisis-id] details[open]").forEach(function (details) {
            open[details.closest("[data-crisis-id]").dataset.crisisId] = true;
        });
        slot.innerHTML = "";
        if (!current.length) { return; }
        var section = document.createElement("section");
        section.className = "crisis-banners";
        section.setAttribute("aria-label", template.dataset.labelSection);
        current.forEach(function (banner) {
            var element = bannerElement(template, banner);
            element.querySelector("details").open = Boolean(open[String(banner.id)]);
            section.appendChild(element);
        });
        slot.appendChild(section);
    }

    /* The crisis page's own "Ho letto" becomes "read" as soon as the crisis is acknowledged anywhere on the page. */
    function markRead(crisisId) {
        document.querySelectorAll("[data-crisis-acknowledgement='" + crisisId + "']").forEach(function (box) {
            var done = document.createElement("p");
            done.className = "badge badge--status-fixed";
            done.textContent = box.dataset.textRead;
            var form = box.querySelector("form[data-acknowledge]");
            if (form) { form.replaceWith(done); }
        });
    }

    /* "Ho letto" without leaving the page, from a banner or the crisis page; the plain form post still
       works without JavaScript. */
    document.addEventListener("submit", function (event) {
        var form = event.target.closest("form[data-acknowledge]");
        if (!form) { return; }
        event.preventDefault();
        fetch(form.action, {method: "POST", body: new FormData(form), credentials: "same-origin", headers: {"Accept": "application/json"}})
            .then(function (response) {
                if (!response.ok) { form.submit(); return null; }
                return response.json();
            })
            .then(function (answer) {
                if (!answer) { return; }
                acknowledged.push(answer.crisis + ":" + answer.revision);
                slot.querySelectorAll("[data-crisis-id='" + answer.crisis + "']").forEach(function (banner) { banner.remove(); });
                if (!slot.querySelector("[data-crisis-id]")) { slot.innerHTML = ""; }
                markRead(answer.crisis);
            })
            .catch(function () { form.submit(); });
    });

    /* A watched question changed: re-read the page and merge answers, keeping anything being typed. */
    function typingIn(element) {
        var active = document.activeElement;
        return active && element.contains(active) && active.value;
    }

    function mergeQuestion(html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        ["#answers-heading", ".question__meta"].forEach(function (selector) {
            var now = document.querySelector(selector), next = fresh.querySelector(selector);
            if (now && next) { now.innerHTML = next.innerHTML; }
        });
        var list = document.getElementById("answer-list");
        var added = 0;
        fresh.querySelectorAll("#answer-list > li[data-answer-id]").forEach(function (item) {
            var current = document.getElementById(item.id);
            if (!current) {
                item.classList.add("answer--new");
                list.appendChild(item);
                added += 1;
            } else if (typingIn(current)) {
                ["[data-score]", ".answer__badges"].forEach(function (selector) {
                    var a = current.querySelector(selector), b = item.querySelector(selector);
                    if (a && b) { a.innerHTML = b.innerHTML; }
                });
            } else {
                current.replaceWith(item);
            }
        });
        if (added) { toast(slot.dataset.textNewAnswer || "New answer", "#answer-list", {key: questionToastKey()}); }
    }

    function refreshQuestion() {
        fetch(window.location.pathname, {credentials: "same-origin"})
            .then(function (response) { return response.ok ? response.text() : null; })
            .then(function (html) { if (html !== null) { mergeQuestion(html); } });
    }

    var delay = 1000;
    function open() {
        var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
        var socket = new WebSocket(scheme + window.location.host + slot.dataset.liveUrl);
        /* What may have been missed while disconnected (or while the server was cut off from its channel
           layer): notifications since the last one seen, and the current crisis banners. */
        function resync() {
            socket.send(JSON.stringify({type: "catch_up", after: lastId}));
            socket.send(JSON.stringify({type: "sync"}));
        }
        socket.onopen = function () {
            delay = 1000;
            resync();
            if (question) { socket.send(JSON.stringify({type: "watch", question: parseInt(question.dataset.questionId, 10)})); }
            document.documentElement.dataset.live = "connected";
        };
        socket.onmessage = function (message) {
            var event = JSON.parse(message.data);
            if (event.type === "crisis.banners") {
                showBanners(event.banners);
            } else if (event.type === "notification") {
                if (received(event.notification)) { setUnread(unread() + 1); }
            } else if (event.type === "notifications") {
                event.notifications.slice(-MAX_TOASTS).forEach(received);
                event.notifications.forEach(function (n) { lastId = Math.max(lastId, n.id); });
                setUnread(event.unread);
            } else if (event.type === "resync") {
                resync();
            } else if (event.type === "question.updated" && question && String(event.question) === question.dataset.questionId) {
                refreshQuestion();
            }
        };
        socket.onclose = function (event) {
            document.documentElement.dataset.live = "disconnected";
            if (event.code === 4401) { return; }  // logged out: nothing to reconnect to
            window.setTimeout(open, delay);
            delay = Math.min(delay * 2, 30000);
        };
    }
    open();
})();
