/* The demo CRM case screen: sends the customer's message to the framed panel once it says it is ready (or
   on the button), and lists what the panel announces. A real host does the same from its own origin. */
(function () {
    "use strict";

    var host = document.querySelector("[data-demo-host]");
    var frame = document.getElementById("demo-panel");
    var log = document.getElementById("demo-log");
    if (!host || !frame) { return; }
    var panelOrigin = new URL(frame.src, window.location.href).origin;

    function note(text) {
        var item = document.createElement("li");
        item.textContent = text;
        log.appendChild(item);
    }

    function send() {
        frame.contentWindow.postMessage({
            type: "sportello:customer-message",
            text: document.getElementById("demo-message").textContent.trim(),
            channel: host.dataset.channel,
            contactId: host.dataset.caseId,
            customerName: host.dataset.customer
        }, panelOrigin);
    }

    window.addEventListener("message", function (event) {
        if (event.origin !== panelOrigin || event.source !== frame.contentWindow || !event.data) { return; }
        if (event.data.type === "sportello:ready") {
            note("sportello:ready");
            send();
        } else if (event.data.type === "sportello:used") {
            note("sportello:used article=" + event.data.articleId + " contact=" + event.data.contactId);
        }
    });
    document.getElementById("demo-send").addEventListener("click", send);
})();
