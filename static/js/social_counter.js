/* The editor's counter of a public social reply (kb.reply_text.social_length, the same rule and numbers,
   read from the text area's data attributes): NFC characters, placeholders at their typical length, links
   as 23. The limit itself is enforced by the server's validation; this only shows where the text stands. */
(function () {
    "use strict";

    function lengthOf(area, text) {
        var value = (text.normalize ? text.normalize("NFC") : text)
            .replace(/https?:\/\/\S+/g, "x".repeat(parseInt(area.dataset.linkLength, 10)));
        [["customerPlaceholders", "customerLength"], ["signaturePlaceholders", "signatureLength"]].forEach(function (pair) {
            (area.dataset[pair[0]] || "").split(" ").filter(Boolean).forEach(function (placeholder) {
                value = value.split(placeholder).join("x".repeat(parseInt(area.dataset[pair[1]], 10)));
            });
        });
        return Array.from(value).length;
    }

    function attach(area) {
        if (area.dataset.counterAttached) { return; }
        area.dataset.counterAttached = "1";
        var limit = parseInt(area.dataset.socialLimit, 10);
        var counter = document.createElement("p");
        counter.className = "help social-counter";
        counter.setAttribute("aria-live", "polite");
        area.insertAdjacentElement("afterend", counter);
        function update() {
            var count = lengthOf(area, area.value);
            counter.textContent = (area.dataset.counterLabel || "{count} / {limit}")
                .replace("{count}", String(count)).replace("{limit}", String(limit));
            counter.classList.toggle("error-message", count > limit);
        }
        area.addEventListener("input", update);
        update();
    }

    function attachAll() { document.querySelectorAll("textarea[data-social-limit]").forEach(attach); }
    document.addEventListener("DOMContentLoaded", attachAll);
    document.addEventListener("w-formset:added", attachAll);
})();
