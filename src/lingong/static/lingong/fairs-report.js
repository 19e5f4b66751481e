// Job fair staff pages (招聘会): the live dashboard (data-live-region) opens the fair's WebSocket and, on
// each event, fetches its fragment again and swaps it in (reconnecting after a drop); the report page
// draws its charts with the vendored ECharts from the figures embedded with json_script
// (#fair-report-data). No inline script (CSP script-src 'self').
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
          region.dataset.refreshed = String(Date.now());
        }
      })
      .catch(function () { /* the next event or reconnect refreshes again */ });
  }

  function connect(region, delay) {
    var path = region.dataset.wsPath;
    if (!path || !window.WebSocket) return;
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + path);
    var opened = false;
    socket.onopen = function () {
      if (delay > 1000) refresh(region);
      opened = true;
      region.dataset.live = "on";
    };
    socket.onmessage = function () { refresh(region); };
    socket.onclose = function (close) {
      region.dataset.live = "off";
      if (close.code === 4401 || close.code === 4403) return;
      var next = opened ? 2000 : Math.min((delay || 1000) * 2, 30000);
      setTimeout(function () { connect(region, next); }, next);
    };
  }

  function charts() {
    var source = document.getElementById("fair-report-data");
    if (!source || typeof window.echarts === "undefined") return;
    var data = JSON.parse(source.textContent);
    var L = data.labels;
    var drawn = [];

    var funnelEl = document.getElementById("fair-funnel-chart");
    if (funnelEl) {
      var funnel = window.echarts.init(funnelEl, null, { renderer: "canvas" });
      funnel.setOption({
        animation: false,
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        grid: { left: 8, right: 24, top: 12, bottom: 8, containLabel: true },
        xAxis: { type: "value", minInterval: 1 },
        yAxis: { type: "category", data: L.funnel.slice().reverse() },
        series: [{ type: "bar", data: data.funnel.slice().reverse(), label: { show: true, position: "right" } }]
      });
      drawn.push(funnel);
    }

    var hourEl = document.getElementById("fair-hour-chart");
    if (hourEl) {
      var hour = window.echarts.init(hourEl, null, { renderer: "canvas" });
      hour.setOption({
        animation: false,
        tooltip: { trigger: "axis" },
        grid: { left: 36, right: 12, top: 16, bottom: 28 },
        xAxis: { type: "category", data: data.by_hour.map(function (h) { return h.hour; }) },
        yAxis: { type: "value", minInterval: 1 },
        series: [{ name: L.checked_in, type: "bar", data: data.by_hour.map(function (h) { return h.count; }) }]
      });
      drawn.push(hour);
    }

    var boothEl = document.getElementById("fair-booth-chart");
    if (boothEl) {
      var rows = data.per_booth.slice().reverse();
      var booth = window.echarts.init(boothEl, null, { renderer: "canvas" });
      booth.setOption({
        animation: false,
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        legend: { top: 0, data: [L.intentions, L.offers] },
        grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
        xAxis: { type: "value", minInterval: 1 },
        yAxis: { type: "category", data: rows.map(function (r) { return r.booth || r.enterprise; }) },
        series: [
          { name: L.intentions, type: "bar", data: rows.map(function (r) { return r.intentions; }) },
          { name: L.offers, type: "bar", data: rows.map(function (r) { return r.offers; }) }
        ]
      });
      drawn.push(booth);
    }

    window.addEventListener("resize", function () { drawn.forEach(function (c) { c.resize(); }); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-live-region]").forEach(function (region) { connect(region, 1000); });
    charts();
  });
})();
