/* The simulation page (/staff/simulation/): one bar chart per metric (ECharts), one bar per policy, from the
   JSON the page embeds with json_script #sim-chart-data. No inline script (CSP script-src 'self'). */
(function () {
  "use strict";

  function draw() {
    var source = document.getElementById("sim-chart-data");
    var box = document.getElementById("sim-charts");
    if (!source || !box || typeof window.echarts === "undefined") return;
    var data = JSON.parse(source.textContent);
    var charts = [];
    data.charts.forEach(function (spec) {
      var el = document.createElement("div");
      el.className = "card";
      el.style.width = "100%";
      el.style.height = Math.max(200, 60 + 36 * data.labels.length) + "px";
      el.setAttribute("role", "img");
      el.setAttribute("aria-label", spec.title);
      el.setAttribute("data-chart", spec.key);
      box.appendChild(el);
      var chart = window.echarts.init(el, null, { renderer: "canvas" });
      chart.setOption({
        animation: false,
        title: { text: spec.title, textStyle: { fontSize: 14 } },
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        grid: { left: 8, right: 48, top: 36, bottom: 8, containLabel: true },
        xAxis: { type: "value" },
        yAxis: { type: "category", data: data.labels.slice().reverse(), axisLabel: { width: 130, overflow: "truncate" } },
        series: [{
          type: "bar",
          data: spec.values.slice().reverse(),
          label: { show: true, position: "right" },
          itemStyle: { color: "#2e86c1" }
        }]
      });
      charts.push(chart);
    });
    box.setAttribute("data-drawn", String(charts.length));
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
