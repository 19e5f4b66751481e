/* The live screens (lingong.stats): the market's big-data screen and a station's screen.
 *
 * Figures arrive over a WebSocket (feed lines, figures, quick-recruit campaigns), never by polling. The
 * socket reconnects by itself with a backoff (1 s doubling to 30 s, with jitter) after a dropped connection
 * or a server restart, and the figures are fetched again on every reconnect (what was missed meanwhile).
 * Everything is written with textContent: nothing received is ever parsed as HTML.
 */
(function () {
  "use strict";

  var body = document.body;
  if (!body || !body.dataset.screen) return;
  var labels = (document.getElementById("labels") || { dataset: {} }).dataset;

  function readJson(id, fallback) {
    var node = document.getElementById(id);
    if (!node) return fallback;
    try { return JSON.parse(node.textContent); } catch (e) { return fallback; }
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function pad(n) { return n < 10 ? "0" + n : String(n); }
  var MARKET_TIME = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Shanghai", hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", second: "2-digit"
  });

  function duration(seconds) {
    seconds = Math.max(0, Math.floor(seconds || 0));
    var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    return (h ? h + ":" + pad(m) : m) + ":" + pad(s);
  }

  // --- Clock ---------------------------------------------------------------------------------------
  var clock = document.querySelector("[data-clock]");
  function tick() {
    if (!clock) return;
    // The market's own time (Asia/Shanghai), whatever time zone the screen's computer is set to.
    var parts = {};
    MARKET_TIME.formatToParts(new Date()).forEach(function (p) { parts[p.type] = p.value; });
    clock.textContent = parts.year + "-" + parts.month + "-" + parts.day + " " +
      (parts.hour === "24" ? "00" : parts.hour) + ":" + parts.minute + ":" + parts.second;
  }
  tick();
  setInterval(tick, 1000);

  // --- Connection status ----------------------------------------------------------------------------
  var status = document.querySelector("[data-testid=screen-status]");
  function setStatus(state) {
    if (!status) return;
    status.dataset.status = state;
    status.textContent = labels[state] || state;
  }

  // --- Quick-recruit campaigns (both screens) --------------------------------------------------------
  var campaigns = {};
  var campaignList = document.querySelector("[data-testid=campaigns]");
  var qrUrl = body.dataset.qrUrl || "";
  var CLOSED = { filled: 1, expired: 1, cancelled: 1 };

  function answerPath(url) {
    if (!url) return "";
    try { var u = new URL(url, window.location.href); return u.pathname + u.search; } catch (e) { return ""; }
  }

  function renderCampaigns() {
    if (!campaignList) return;
    var items = Object.keys(campaigns).map(function (k) { return campaigns[k]; });
    items.sort(function (a, b) {
      var ca = CLOSED[a.status] ? 1 : 0, cb = CLOSED[b.status] ? 1 : 0;
      return ca - cb || String(b.started_at || "").localeCompare(String(a.started_at || ""));
    });
    campaignList.textContent = "";
    if (!items.length) {
      campaignList.appendChild(el("li", "empty", campaignList.dataset.empty || ""));
      return;
    }
    items.slice(0, 6).forEach(function (c) {
      var counts = c.counts || {};
      var li = el("li", "campaign");
      li.dataset.status = c.status || "";
      li.dataset.campaignId = c.id;
      var main = el("div", "body");
      main.appendChild(el("div", "title", c.title || ""));
      main.appendChild(el("div", "meta", [c.enterprise, c.occupation, (c.headcount || 0) + (labels.people || "")].filter(Boolean).join(" · ")));
      var bar = el("div", "bar"), fill = el("i");
      var share = c.headcount ? Math.min(100, Math.round(100 * (counts.accepted || 0) / c.headcount)) : 0;
      fill.style.width = share + "%";
      bar.appendChild(fill);
      main.appendChild(bar);
      var line = el("div", "counts");
      [["invited", counts.invited], ["answered", counts.answered], ["accepted", (counts.accepted || 0) + "/" + (c.headcount || 0)], ["standby", counts.standby]].forEach(function (pair) {
        line.appendChild(document.createTextNode((labels[pair[0]] || pair[0]) + " "));
        line.appendChild(el("b", "", pair[1] === undefined ? 0 : pair[1]));
        line.appendChild(document.createTextNode("  "));
      });
      var state = el("span", "state", labels["status" + (c.status ? c.status.charAt(0).toUpperCase() + c.status.slice(1) : "")] || c.status || "");
      line.appendChild(state);
      var time = el("span", "elapsed");
      time.dataset.startedAt = c.started_at || "";
      time.dataset.elapsed = c.elapsed_s || 0;
      time.dataset.fill = c.time_to_fill_s === null || c.time_to_fill_s === undefined ? "" : c.time_to_fill_s;
      line.appendChild(document.createTextNode("  "));
      line.appendChild(time);
      main.appendChild(line);
      li.appendChild(main);
      var path = answerPath(c.answer_url);
      if (qrUrl && path && !CLOSED[c.status]) {
        var img = el("img", "qr");
        img.alt = labels.answer || "";
        img.src = qrUrl + "?u=" + encodeURIComponent(path);
        li.appendChild(img);
      }
      campaignList.appendChild(li);
    });
    tickCampaigns();
  }

  var campaignsLoadedAt = Date.now();
  function tickCampaigns() {
    if (!campaignList) return;
    campaignList.querySelectorAll(".elapsed").forEach(function (node) {
      if (node.dataset.fill !== "") {
        node.textContent = (labels.filledIn || "") + " " + duration(Number(node.dataset.fill));
        return;
      }
      var started = Date.parse(node.dataset.startedAt);
      var seconds = isNaN(started) ? Number(node.dataset.elapsed) + (Date.now() - campaignsLoadedAt) / 1000 : (Date.now() - started) / 1000;
      node.textContent = (labels.elapsed || "") + " " + duration(seconds);
    });
  }
  setInterval(tickCampaigns, 1000);

  // A station's screen shows the campaigns whose radius reaches it (it also hears the whole market's).
  var here = body.dataset.lat ? [Number(body.dataset.lat), Number(body.dataset.lon)] : null;
  function km(a, b) {
    var rad = Math.PI / 180, dLat = (b[0] - a[0]) * rad, dLon = (b[1] - a[1]) * rad;
    var h = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.pow(Math.sin(dLon / 2), 2);
    return 12742 * Math.asin(Math.sqrt(h));
  }
  function reaches(c) {
    if (!here || c.lat === undefined || c.lat === null || !c.radius_km) return true;
    return km(here, [c.lat, c.lon]) <= Number(c.radius_km) + 0.5;
  }

  function upsertCampaign(c) {
    if (!c || c.id === undefined) return;
    if (!campaigns[c.id] && !reaches(c)) return;
    campaigns[c.id] = c;
    renderCampaigns();
  }
  readJson("screen-campaigns", []).forEach(function (c) { campaigns[c.id] = c; });
  renderCampaigns();

  // --- The WebSocket, with reconnection ----------------------------------------------------------------
  var handlers = {};
  var onReconnect = function () {};
  var retry = 0;
  var everOpen = false;

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket;
    try {
      socket = new WebSocket(scheme + window.location.host + body.dataset.wsPath);
    } catch (e) {
      schedule();
      return;
    }
    socket.onopen = function () {
      setStatus("live");
      if (everOpen || retry > 0) onReconnect();
      everOpen = true;
      retry = 0;
    };
    socket.onmessage = function (message) {
      var event;
      try { event = JSON.parse(message.data); } catch (e) { return; }
      var handler = handlers[event.type];
      if (handler) handler(event);
    };
    socket.onclose = function (event) {
      if (event.code === 4403) {
        // Refused: the kiosk URL was replaced (or the account may no longer watch). Retrying cannot help.
        setStatus("revoked");
        return;
      }
      setStatus("reconnecting");
      schedule();
    };
    socket.onerror = function () { try { socket.close(); } catch (e) { /* already closed */ } };
  }

  function schedule() {
    var delay = Math.min(30000, 1000 * Math.pow(2, retry)) * (0.75 + Math.random() * 0.5);
    retry += 1;
    setTimeout(connect, delay);
  }

  function fetchJson(url, then) {
    if (!url) return;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) then(data); })
      .catch(function () { /* the next event or reconnect tries again */ });
  }

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      if (timer) return;
      timer = setTimeout(function () { timer = null; fn(); }, ms);
    };
  }

  handlers.campaign = function (event) { upsertCampaign(event.campaign); };

  if (body.dataset.screen === "market") marketScreen();
  if (body.dataset.screen === "station") stationScreen();
  connect();

  // --- The market's (or a centre's) big-data screen ------------------------------------------------------
  function marketScreen() {
    var figures = readJson("screen-figures", null);
    var stations = readJson("screen-stations", []);
    var charts = {};
    var mapReady = false;
    var dataUrl = body.dataset.dataUrl;

    function get(obj, path) {
      return path.split(".").reduce(function (o, k) { return o == null ? undefined : o[k]; }, obj);
    }

    function renderKpis(f) {
      document.querySelectorAll("[data-figure]").forEach(function (node) {
        var value = get(f, node.dataset.figure);
        if (value === undefined) return;
        var text = node.hasAttribute("data-money") ? Number(value).toLocaleString("zh-CN", { maximumFractionDigits: 0 }) : String(value);
        if (node.textContent !== text) {
          node.textContent = text;
          node.classList.add("bump");
          setTimeout(function () { node.classList.remove("bump"); }, 1500);
        }
      });
    }

    function renderRanking(f) {
      var list = document.querySelector("[data-testid=ranking]");
      if (!list) return;
      list.textContent = "";
      if (!f.stations.length) { list.appendChild(el("li", "empty", list.dataset.empty || "")); return; }
      f.stations.forEach(function (s) {
        var li = el("li");
        li.appendChild(el("span", "", s.name));
        li.appendChild(el("b", "", s.placements));
        list.appendChild(li);
      });
    }

    var axis = { color: "#8fb0d9", fontSize: 16 };
    function renderTrend(f) {
      if (!charts.trend) return;
      var series = [["applications", "#ffcc33"], ["matches", "#3ee6a8"], ["checkIns", "#4fa3ff"]].map(function (p) {
        var key = p[0] === "checkIns" ? "check_ins" : p[0];
        return { name: labels[p[0]] || key, type: "line", smooth: true, symbol: "none", lineStyle: { width: 3, color: p[1] }, itemStyle: { color: p[1] }, areaStyle: { opacity: 0.08 }, data: f.hourly[key] };
      });
      charts.trend.setOption({
        animation: false,
        grid: { left: 48, right: 16, top: 36, bottom: 28 },
        legend: { textStyle: { color: "#e8f1ff", fontSize: 16 }, top: 0 },
        tooltip: { trigger: "axis" },
        xAxis: { type: "category", data: f.hourly.hours.map(function (h) { return h + ":00"; }), axisLabel: axis },
        yAxis: { type: "value", minInterval: 1, axisLabel: axis, splitLine: { lineStyle: { color: "#1c3d6b" } } },
        series: series,
      });
    }

    function renderSupply(f) {
      if (!charts.supply) return;
      var rows = f.occupations.slice().reverse();
      charts.supply.setOption({
        animation: false,
        grid: { left: 110, right: 60, top: 30, bottom: 20 },
        legend: { textStyle: { color: "#e8f1ff", fontSize: 16 }, top: 0 },
        tooltip: { trigger: "axis" },
        xAxis: { type: "value", minInterval: 1, axisLabel: axis, splitLine: { lineStyle: { color: "#1c3d6b" } } },
        yAxis: { type: "category", data: rows.map(function (o) { return o.name; }), axisLabel: { color: "#e8f1ff", fontSize: 16 } },
        series: [
          { name: labels.available, type: "bar", data: rows.map(function (o) { return o.available_workers; }), itemStyle: { color: "#3ee6a8" },
            label: { show: true, position: "right", color: "#e8f1ff", formatter: function (p) { var r = rows[p.dataIndex].ratio; return r === null ? "" : r + ":1"; } } },
          { name: labels.places, type: "bar", data: rows.map(function (o) { return o.open_places; }), itemStyle: { color: "#ffcc33" } },
        ],
      });
    }

    function renderMap(f) {
      if (!charts.map || !mapReady) return;
      var districts = f.districts.map(function (d) { return { name: d.name, value: d.open_places, available: d.available_workers }; });
      var max = Math.max.apply(null, districts.map(function (d) { return d.value; }).concat([1]));
      charts.map.setOption({
        animation: false,
        tooltip: { trigger: "item", formatter: function (p) {
          if (p.seriesType === "map") return p.name + "<br>" + labels.places + " " + (p.value || 0) + "<br>" + labels.available + " " + ((p.data && p.data.available) || 0);
          return p.name;
        } },
        visualMap: { min: 0, max: max, left: 10, bottom: 10, text: [labels.places, "0"], textStyle: { color: "#e8f1ff" }, inRange: { color: ["#123a66", "#1f6fb2", "#ffcc33", "#ff6b3d"] }, calculable: false, seriesIndex: 0 },
        geo: { map: "tangshan", roam: false, boundingCoords: stationBounds(), label: { show: true, color: "#e8f1ff", fontSize: 15 }, itemStyle: { areaColor: "#123a66", borderColor: "#4fa3ff" }, emphasis: { label: { color: "#fff" } } },
        series: [
          { type: "map", map: "tangshan", geoIndex: 0, data: districts },
          { name: labels.stations, type: "scatter", coordinateSystem: "geo", symbolSize: 9, itemStyle: { color: "#3ee6a8" }, data: stations.map(function (s) { return { name: s.name, value: [s.lon, s.lat] }; }) },
          { name: labels.available, type: "scatter", coordinateSystem: "geo", symbolSize: function (v) { return Math.min(40, 6 + Math.sqrt(v[2] || 0) * 3); }, itemStyle: { color: "rgba(62,230,168,0.35)" },
            data: f.districts.map(function (d) { var c = centres[d.code]; return c ? { name: d.name, value: [c[0], c[1], d.available_workers] } : null; }).filter(Boolean) },
        ],
      });
    }

    var centres = {};
    // Frame the market's stations (a market serving one district shows that district large), else the city.
    function stationBounds() {
      if (!stations.length) return null;
      var lons = stations.map(function (s) { return s.lon; }), lats = stations.map(function (s) { return s.lat; });
      var minLon = Math.min.apply(null, lons), maxLon = Math.max.apply(null, lons);
      var minLat = Math.min.apply(null, lats), maxLat = Math.max.apply(null, lats);
      var padLon = Math.max(0.12, (maxLon - minLon) * 0.3), padLat = Math.max(0.09, (maxLat - minLat) * 0.3);
      return [[minLon - padLon, maxLat + padLat], [maxLon + padLon, minLat - padLat]];
    }
    function render(f) {
      figures = f;
      renderKpis(f);
      renderRanking(f);
      renderTrend(f);
      renderSupply(f);
      renderMap(f);
    }

    function initCharts() {
      if (!window.echarts) return;
      ["trend", "supply", "map"].forEach(function (name) {
        var node = document.getElementById("chart-" + name);
        if (node) charts[name] = window.echarts.init(node, null, { renderer: "canvas" });
      });
      window.addEventListener("resize", function () { Object.keys(charts).forEach(function (k) { charts[k].resize(); }); });
      fetch(body.dataset.geoUrl).then(function (r) { return r.json(); }).then(function (geo) {
        geo.features.forEach(function (ft) { if (ft.properties && ft.properties.cp) centres[ft.properties.code || ft.id] = ft.properties.cp; });
        window.echarts.registerMap("tangshan", geo);
        mapReady = true;
        if (figures) renderMap(figures);
      });
    }

    var refetch = debounce(function () { fetchJson(dataUrl, render); }, 1500);
    onReconnect = function () { fetchJson(dataUrl, render); };

    var feed = document.querySelector("[data-testid=feed]");
    handlers.feed = function (event) {
      if (!feed || !event.item) return;
      // A centre's screen hears the whole market: it keeps the lines of its own stations.
      if (body.dataset.centreId && String(event.item.centre_id) !== body.dataset.centreId) return;
      var li = el("li");
      li.dataset.kind = event.item.kind || "";
      li.appendChild(el("time", "", event.item.at || ""));
      li.appendChild(document.createTextNode(event.item.text || ""));
      feed.insertBefore(li, feed.firstChild);
      while (feed.children.length > 30) feed.removeChild(feed.lastChild);
    };
    // The latest lines, newest first: shown oldest first so that the newest ends on top.
    readJson("screen-feed", []).slice().reverse().forEach(function (item) { handlers.feed({ item: item }); });
    handlers.figures = function (event) {
      // The market's figures are pushed whole; a centre's screen fetches its own share when they move.
      if (body.dataset.scope === "market" && event.figures && event.figures.centre_id === null) render(event.figures);
      else refetch();
    };

    initCharts();
    if (figures) render(figures);
  }

  // --- A station's screen ----------------------------------------------------------------------------------
  function stationScreen() {
    var jobs = readJson("screen-jobs", []);
    var list = document.querySelector("[data-testid=station-jobs]");
    var indicator = document.querySelector("[data-page-indicator]");
    var perPage = 6, page = 0;

    function renderPage() {
      if (!list) return;
      var pages = Math.max(1, Math.ceil(jobs.length / perPage));
      page = page % pages;
      list.textContent = "";
      if (!jobs.length) list.appendChild(el("li", "empty", list.dataset.empty || ""));
      jobs.slice(page * perPage, page * perPage + perPage).forEach(function (j) {
        var li = el("li");
        var title = el("div", "title");
        if (j.urgent) title.appendChild(el("span", "urgent", list.dataset.urgent || ""));
        title.appendChild(document.createTextNode(j.title));
        li.appendChild(title);
        li.appendChild(el("div", "pay", j.pay));
        li.appendChild(el("div", "meta", [j.enterprise, j.district, j.headcount + (list.dataset.people || "")].join(" · ")));
        li.appendChild(el("div", "dist", j.distance_km === null ? "" : j.distance_km + " " + (list.dataset.km || "")));
        list.appendChild(li);
      });
      if (indicator) indicator.textContent = pages > 1 ? (page + 1) + " / " + pages : "";
    }
    renderPage();
    setInterval(function () { page += 1; renderPage(); }, 10000);

    var refetch = debounce(function () {
      fetchJson(body.dataset.dataUrl, function (data) { jobs = data.jobs || []; renderPage(); });
    }, 3000);
    onReconnect = refetch;
    handlers.figures = refetch;  // something changed in the market: the nearest jobs may have too
  }
})();
