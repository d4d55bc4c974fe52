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

    function setUpCopyButtons() {
        document.querySelectorAll("[data-copy-target]").forEach(function (button) {
            var target = document.getElementById(button.getAttribute("data-copy-target"));
            if (!target) { return; }
            var label = button.textContent;
            button.hidden = false;
            button.addEventListener("click", function () {
                copyText(target.innerText.trim()).then(function () {
                    button.textContent = button.getAttribute("data-copied-label") || label;
                    window.setTimeout(function () { button.textContent = label; }, 2000);
                });
            });
        });
    }

    function setUpPrintButtons() {
        document.querySelectorAll(".print-button").forEach(function (button) {
            button.hidden = false;
            button.addEventListener("click", function () { window.print(); });
        });
    }

    document.addEventListener("DOMContentLoaded", function () {
        setUpCopyButtons();
        setUpPrintButtons();
    });
})();
