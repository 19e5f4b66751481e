/* The monthly report page (/staff/reports/): draws its two charts with the vendored ECharts from the
   figures the page embeds with json_script (#report-data). No inline script (CSP script-src 'self'). */
(function () {
  "use strict";

  function draw() {
    var source = document.getElementById("report-data");
    if (!source || typeof window.echarts === "undefined") return;
    var data = JSON.parse(source.textContent);
    var charts = [];
    var L = data.labels;

    var dailyEl = document.getElementById("report-daily-chart");
    if (dailyEl) {
      var days = data.daily.map(function (d) { return String(Number(d.date.slice(8, 10))); });
      var daily = window.echarts.init(dailyEl, null, { renderer: "canvas" });
      daily.setOption({
        animation: false,
        tooltip: { trigger: "axis" },
        legend: { top: 0, data: [L.postings, L.applications, L.placements] },
        grid: { left: 40, right: 12, top: 36, bottom: 28 },
        xAxis: { type: "category", data: days, boundaryGap: false },
        yAxis: { type: "value", minInterval: 1 },
        series: [
          { name: L.postings, type: "line", data: data.daily.map(function (d) { return d.postings; }) },
          { name: L.applications, type: "line", data: data.daily.map(function (d) { return d.applications; }) },
          { name: L.placements, type: "line", data: data.daily.map(function (d) { return d.placements; }) }
        ]
      });
      charts.push(daily);
    }

    var districtEl = document.getElementById("report-district-chart");
    if (districtEl) {
      var rows = data.by_district.slice().reverse();
      var district = window.echarts.init(districtEl, null, { renderer: "canvas" });
      district.setOption({
        animation: false,
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        legend: { top: 0, data: [L.postings, L.placements] },
        grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
        xAxis: { type: "value", minInterval: 1 },
        yAxis: { type: "category", data: rows.map(function (r) { return r.label; }) },
        series: [
          { name: L.postings, type: "bar", data: rows.map(function (r) { return r.postings; }) },
          { name: L.placements, type: "bar", data: rows.map(function (r) { return r.placements; }) }
        ]
      });
      charts.push(district);
    }

    window.addEventListener("resize", function () {
      charts.forEach(function (c) { c.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
