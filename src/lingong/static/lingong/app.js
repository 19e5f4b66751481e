// Small progressive enhancements; every page works without JavaScript.
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
  if (!form.hasAttribute || !form.hasAttribute("data-submit-once")) return;
  if (form.dataset.sent) { event.preventDefault(); return; }
  form.dataset.sent = "1";
  form.querySelectorAll("button[type=submit]").forEach(function (button) { button.disabled = true; });
});
