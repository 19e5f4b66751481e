/* The live back office (/staff/live/...): the ordered job picker of the schedule form (add from the
   search results, move up/down, remove) and the stats page's funnel chart (ECharts, from the JSON the
   page embeds with json_script #live-stats-data). No inline script (CSP script-src 'self'). */
(function () {
  "use strict";

  function chosenList() {
    return document.querySelector("[data-live-jobs] ol.live-jobs");
  }

  function addJob(id, title) {
    var list = chosenList();
    var template = document.getElementById("live-job-item");
    if (!list || !template) return;
    if (list.querySelector('li[data-job="' + id + '"]')) return; // already chosen
    var item = template.content.firstElementChild.cloneNode(true);
    item.setAttribute("data-job", id);
    var input = document.createElement("input"); // made here: an input inside <template> is not sent
    input.type = "hidden";
    input.name = "jobs";
    input.value = id;
    item.insertBefore(input, item.firstChild);
    item.querySelector("span").textContent = title;
    list.appendChild(item);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-live]") : null;
    if (!button) return;
    var action = button.getAttribute("data-live");
    if (action === "add") {
      addJob(button.getAttribute("data-job"), button.getAttribute("data-title"));
      button.disabled = true;
      return;
    }
    var item = button.closest("li[data-job]");
    if (!item) return;
    if (action === "remove") item.remove();
    if (action === "up" && item.previousElementSibling) item.parentNode.insertBefore(item, item.previousElementSibling);
    if (action === "down" && item.nextElementSibling) item.parentNode.insertBefore(item.nextElementSibling, item);
  });

  function drawFunnel() {
    var source = document.getElementById("live-stats-data");
    var el = document.getElementById("live-funnel");
    if (!source || !el || typeof window.echarts === "undefined") return;
    var data = JSON.parse(source.textContent);
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    var max = Math.max.apply(null, data.funnel.map(function (s) { return s.value; }).concat([1]));
    chart.setOption({
      animation: false,
      tooltip: { trigger: "item", formatter: "{b}: {c}" },
      series: [{
        name: data.title,
        type: "funnel",
        left: "5%",
        width: "90%",
        top: 10,
        bottom: 10,
        min: 0,
        max: max,
        sort: "none",
        gap: 2,
        label: { show: true, position: "inside", formatter: "{b} {c}" },
        data: data.funnel.map(function (s) { return { name: s.label, value: s.value }; })
      }]
    });
    el.setAttribute("data-drawn", "1");
    window.addEventListener("resize", function () { chart.resize(); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawFunnel);
  } else {
    drawFunnel();
  }
})();
