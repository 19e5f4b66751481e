/* The skill-gap page (/staff/skills/): a horizontal bar chart of the largest gaps (ECharts), from the
   JSON the page embeds with json_script #skills-gap-data. No inline script (CSP script-src 'self'). */
(function () {
  "use strict";

  function draw() {
    var source = document.getElementById("skills-gap-data");
    var el = document.getElementById("skills-gap-chart");
    if (!source || !el || typeof window.echarts === "undefined") return;
    var data = JSON.parse(source.textContent);
    var labels = data.labels.slice().reverse(); // largest at the top
    el.style.height = Math.max(220, 70 + 44 * labels.length) + "px"; // two bars a row, however many rows
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    chart.setOption({
      animation: false,
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: function (items) {
          var i = data.labels.length - 1 - items[0].dataIndex;
          var lines = [data.labels[i], data.requirements[i]];
          items.forEach(function (item) { lines.push(item.seriesName + "：" + item.value); });
          return lines.map(function (s) { return String(s).replace(/[<>&]/g, ""); }).join("<br>");
        }
      },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: labels, axisLabel: { width: 120, overflow: "truncate" } },
      series: [
        { name: data.names.unmet, type: "bar", data: data.unmet.slice().reverse(), itemStyle: { color: "#c0392b" } },
        { name: data.names.available, type: "bar", data: data.available.slice().reverse(), itemStyle: { color: "#2e86c1" } }
      ]
    });
    el.setAttribute("data-drawn", "1");
    window.addEventListener("resize", function () { chart.resize(); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
