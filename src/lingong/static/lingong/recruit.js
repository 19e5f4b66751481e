// Quick-recruit live pages (即时快招): a region marked data-live-region opens the WebSocket named by
// data-ws-path and, on each campaign (or notification) event, fetches its own fragment again
// (data-refresh-url) and swaps it in: the page never reloads. It reconnects after a dropped connection
// or a server restart, and refreshes once on reconnecting so nothing missed meanwhile stays stale.
(function () {
  "use strict";

  function refresh(region) {
    var url = region.dataset.refreshUrl;
    if (!url) return;
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html !== null) {
          region.innerHTML = html;
          syncCampaignChoices(region);
          region.dataset.refreshed = String(Date.now());
        }
      })
      .catch(function () { /* the next event or reconnect refreshes again */ });
  }

  // The station's nomination form lists the live campaigns: a campaign that reaches the station after the
  // page opened becomes a choice at once, one that ended goes; the choice being made is kept.
  function syncCampaignChoices(region) {
    var select = document.querySelector("select[data-campaign-options]");
    if (select === null) return;
    var chosen = select.value;
    var cards = region.querySelectorAll("[data-campaign-id]");
    select.textContent = "";
    cards.forEach(function (card) {
      var option = document.createElement("option");
      option.value = card.dataset.campaignId;
      option.textContent = card.dataset.campaignLabel || card.dataset.campaignId;
      option.selected = option.value === chosen;
      select.appendChild(option);
    });
  }

  function connect(region, delay) {
    var path = region.dataset.wsPath;
    if (!path || !window.WebSocket) return;
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + path);
    var opened = false;
    socket.onopen = function () {
      if (delay > 1000) refresh(region);  // reconnected: catch up on what was missed
      opened = true;
      region.dataset.live = "on";
    };
    socket.onmessage = function (message) {
      var event = JSON.parse(message.data);
      if (event.type === "campaign" || (event.type === "notification" && event.kind && event.kind.indexOf("quick_recruit") === 0) ||
          (event.type === "notification" && event.kind === "offer_made")) {
        refresh(region);
      }
    };
    socket.onclose = function (close) {
      region.dataset.live = "off";
      if (close.code === 4401 || close.code === 4403) return;  // not allowed: do not hammer the server
      var next = opened ? 2000 : Math.min((delay || 1000) * 2, 30000);
      setTimeout(function () { connect(region, next); }, next);
    };
  }

  // The elapsed-time counter ticks on the page between events.
  function tick() {
    document.querySelectorAll("[data-elapsed]").forEach(function (node) {
      var started = Date.parse(node.dataset.elapsed);
      var live = node.closest("[data-live-region]");
      var tag = live ? live.querySelector("[data-status]") : null;
      if (isNaN(started) || tag === null) return;
      if (tag.dataset.status !== "open" && tag.dataset.status !== "filling") return;
      node.textContent = String(Math.max(0, Math.floor((Date.now() - started) / 1000)));
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-live-region]").forEach(function (region) { connect(region, 1000); });
    setInterval(tick, 1000);
  });
})();
