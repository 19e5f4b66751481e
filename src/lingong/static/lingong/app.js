// Small progressive enhancements; every page works without JavaScript.

// Alpine components (the CSP build evaluates no inline expressions: directives name these members).
document.addEventListener("alpine:init", function () {
  window.Alpine.data("menu", function () {
    return {
      open: false,
      toggle: function () { this.open = !this.open; },
      get menuClass() { return { show: this.open }; },
    };
  });
});

// Buttons that print the page or go back, instead of inline onclick handlers (the CSP allows none).
document.addEventListener("click", function (event) {
  var button = event.target.closest ? event.target.closest("[data-action]") : null;
  if (!button) return;
  var action = button.getAttribute("data-action");
  if (action === "print") window.print();
  else if (action === "reload") location.reload();
  else if (action === "back") history.back();
});

// A form with data-confirm asks before it is sent (an inline onsubmit would be refused by the CSP).
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) event.preventDefault();
}, true);
(function () {
  "use strict";
  // Location buttons (data-locate) are handled by locate.js, loaded by the pages that have one.

  // Live unread count: the server pushes each new notification over a WebSocket (Channels).
  function connectEvents() {
    var path = document.body.dataset.eventsUrl;
    if (!path || !window.WebSocket) return;
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + path);
    socket.onmessage = function (message) {
      var event = JSON.parse(message.data);
      if (event.type !== "notification") return;
      document.querySelectorAll("[data-unread]").forEach(function (badge) {
        var count = parseInt(badge.textContent, 10) || 0;
        count = event.op === "add" ? count + 1 : Math.max(0, count - (event.count || 0));
        badge.textContent = count;
        badge.hidden = count === 0;
      });
    };
    socket.onclose = function (close) {
      if (close.code !== 4401) setTimeout(connectEvents, 15000);  // retry unless signed out
    };
  }
  document.addEventListener("DOMContentLoaded", connectEvents);
})();

// A form marked data-submit-once is sent once: a second tap while the page loads sends nothing more
// (the server is idempotent anyway; this saves the round trip and shows the tap was taken).
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (event.defaultPrevented || !form.hasAttribute || !form.hasAttribute("data-submit-once")) return;
  if (form.dataset.sent) { event.preventDefault(); return; }
  form.dataset.sent = "1";
  form.querySelectorAll("button[type=submit]").forEach(function (button) { button.disabled = true; });
});
