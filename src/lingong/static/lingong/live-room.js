// Live rooms (直播带岗): the viewer's room (data-live-room) and the host's console (data-live-console).
// Plain JavaScript under the CSP: no inline handlers, listeners added here. Both pages open the WebSocket
// named by data-ws-path (protocol in lingong/live/consumers.py), reconnect with backoff after a drop, keep
// the last 200 comments in the DOM and scroll to new ones unless the reader scrolled up.
(function () {
  "use strict";

  var KEEP = 200;

  function texts(root) {
    var node = root.querySelector("template[data-i18n]");
    return node ? node.dataset : {};
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function connect(root, onMessage, state) {
    var path = root.dataset.wsPath;
    if (!path || !window.WebSocket) return;
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + path);
    var banner = root.querySelector("[data-connection]");
    state.socket = socket;
    socket.onopen = function () {
      state.delay = 1000;
      root.dataset.live = "on";
      if (banner) banner.hidden = true;
    };
    socket.onmessage = function (message) {
      var event;
      try { event = JSON.parse(message.data); } catch (e) { return; }
      onMessage(event);
    };
    socket.onclose = function (close) {
      root.dataset.live = "off";
      state.socket = null;
      if (close.code === 4403 || close.code === 4404 || state.stopped) return;  // refused: do not hammer
      if (banner) banner.hidden = false;
      var wait = state.delay || 1000;
      state.delay = Math.min(wait * 2, 30000);
      setTimeout(function () { connect(root, onMessage, state); }, wait + Math.floor(Math.random() * 500));
    };
  }

  // A scrolled list: new items scroll into view unless the reader scrolled up (then "有新评论" shows).
  function follower(list, moreButton) {
    var pinnedToBottom = true;
    list.addEventListener("scroll", function () {
      pinnedToBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
      if (pinnedToBottom && moreButton) moreButton.hidden = true;
    });
    if (moreButton) {
      moreButton.addEventListener("click", function () {
        list.scrollTop = list.scrollHeight;
        moreButton.hidden = true;
      });
    }
    list.scrollTop = list.scrollHeight;
    return function append(node) {
      var empty = list.querySelector("[data-comments-empty]");
      if (empty) empty.remove();
      list.appendChild(node);
      while (list.children.length > KEEP) list.removeChild(list.firstElementChild);
      if (pinnedToBottom) list.scrollTop = list.scrollHeight;
      else if (moreButton) moreButton.hidden = false;
    };
  }

  function post(url, target, source, values) {
    if (!window.htmx) return;
    window.htmx.ajax("POST", url, { target: target, swap: "innerHTML", source: source, values: values || {} });
  }

  // --- The viewer's room ------------------------------------------------------------------------------

  function renderCard(card, t) {
    var article = el("article", "live-card" + (card.open ? "" : " closed"));
    article.dataset.card = "";
    article.dataset.job = card.job;
    article.setAttribute("data-testid", "live-card");
    var head = el("div", "row");
    head.appendChild(el("h3", "live-card-title", card.title));
    head.appendChild(el("span", "tag", card.state));
    article.appendChild(head);
    article.appendChild(el("p", "pay", card.pay));
    article.appendChild(el("p", "muted", card.place + " · " + (t.recruitText || "%(n)s").replace("%(n)s", card.headcount)));
    var employer = el("p", "muted", card.employer + " ");
    if (card.verified) employer.appendChild(el("span", "tag", t.verifiedText));
    article.appendChild(employer);
    return article;
  }

  function setupRoom(root) {
    var t = texts(root);
    var list = root.querySelector("[data-comments]");
    var pinned = root.querySelector("[data-pinned]");
    var sheet = root.querySelector("[data-sheet]");
    var form = root.querySelector("[data-comment-form]");
    var errorBox = root.querySelector("[data-comment-error]");
    var append = list ? follower(list, root.querySelector("[data-new-comments]")) : function () {};
    var state = { delay: 1000, socket: null, stopped: false };
    var refs = 0;
    var errorTimer = null;

    document.querySelectorAll("video[data-hls-src]").forEach(function (video) {
      var src = video.dataset.hlsSrc;
      var isHls = /\.m3u8(\?|$)/i.test(src);
      if (!isHls || video.canPlayType("application/vnd.apple.mpegurl")) {
        video.src = src;
      } else if (window.Hls && window.Hls.isSupported()) {
        var hls = new window.Hls({ enableWorker: false });  // no blob: workers under the CSP
        hls.loadSource(src);
        hls.attachMedia(video);
      }
    });

    function showError(message) {
      if (!errorBox) return;
      errorBox.textContent = message;
      errorBox.hidden = false;
      clearTimeout(errorTimer);
      errorTimer = setTimeout(function () { errorBox.hidden = true; }, 5000);
    }

    function addComment(event) {
      if (!list || list.querySelector('[data-id="' + event.id + '"]')) return;
      var li = el("li", "live-comment" + (event.host ? " host" : "") + (event.hidden ? " hidden-comment" : ""));
      li.dataset.id = event.id;
      li.appendChild(el("span", "nick", event.nick));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", "text", event.text));
      if (event.hidden) li.appendChild(el("span", "muted", t.hiddenText));
      if (event.job) {
        var card = renderCard(event.job, t);
        var link = el("a", "btn small secondary", t.signupText);
        link.href = event.job.url;
        card.appendChild(link);
        li.appendChild(card);
      }
      append(li);
    }

    function showPinned(card) {
      if (!pinned) return;
      pinned.textContent = "";
      if (!card) {
        pinned.appendChild(el("p", "muted", t.pinnedEmptyText));
        return;
      }
      var node = renderCard(card, t);
      if (card.open) {
        var button = el("button", "btn block", t.signupText);
        button.type = "button";
        button.dataset.liveSignup = "";
        button.dataset.job = card.job;
        button.setAttribute("data-testid", "live-signup");
        node.appendChild(button);
      }
      pinned.appendChild(node);
    }

    function openSheet(job, source) {
      post(root.dataset.signupUrl, "#live-sheet", root, { job: job || "", source: source });
    }

    function onMessage(event) {
      switch (event.type) {
        case "comment": addComment(event); break;
        case "pin": showPinned(event.card); break;
        case "unpin": showPinned(null); break;
        case "hide": {
          var gone = list && list.querySelector('[data-id="' + event.id + '"]');
          if (gone) gone.remove();
          break;
        }
        case "viewers":
          root.querySelectorAll("[data-viewer-count]").forEach(function (n) { n.textContent = event.count; });
          break;
        case "lead":
          if (event.needs_consent || event.needs_phone) openSheet(event.job, "comment");
          break;
        case "error": showError(event.message); break;
        case "ended":
        case "started":
          state.stopped = event.type === "ended";
          setTimeout(function () { location.reload(); }, 1500);
          if (event.type === "ended") showError(t.endedText);
          break;
        default: break;
      }
    }

    if (form) {
      form.addEventListener("submit", function (submit) {
        submit.preventDefault();
        var input = form.querySelector("input[name=text]");
        var text = input.value.trim();
        if (!text || !state.socket || state.socket.readyState !== 1) return;
        refs += 1;
        state.socket.send(JSON.stringify({ action: "comment", text: text, ref: "c" + refs }));
        input.value = "";
      });
    }

    root.addEventListener("click", function (click) {
      var signup = click.target.closest("[data-live-signup]");
      if (signup) { openSheet(signup.dataset.job, "tap"); return; }
      if (click.target.closest("[data-live-close]") && sheet) sheet.textContent = "";
    });

    connect(root, onMessage, state);
  }

  // --- The host's console ------------------------------------------------------------------------------

  function setupConsole(root) {
    var t = texts(root);
    var titles = {};
    try { titles = JSON.parse(t.jobTitles || "{}"); } catch (e) { titles = {}; }
    var list = root.querySelector("[data-comments]");
    var leads = root.querySelector("[data-leads]");
    var append = list ? follower(list, null) : function () {};
    var state = { delay: 1000, socket: null, stopped: false };
    var answerForm = root.querySelector("[data-answer-form]");

    function urlFor(template, id) { return template.replace(/\/0\/$/, "/" + id + "/"); }

    function tool(text, url) {
      var button = el("button", "linkish", text);
      button.type = "button";
      if (url) button.dataset.livePost = url;
      return button;
    }

    function addComment(event) {
      if (!list || list.querySelector('[data-id="' + event.id + '"]')) return;
      var li = el("li", "live-console-comment" + (event.hidden ? " hidden-comment" : "") +
        (event.is_intent ? " intent" : "") + (event.host ? " host" : ""));
      li.dataset.id = event.id;
      li.dataset.viewer = event.viewer || "";
      li.appendChild(el("span", "nick", event.nick));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", "text", event.text));
      if (event.is_intent) li.appendChild(el("span", "tag", t.intentText));
      if (event.hidden) { var flag = el("span", "tag", t.hiddenText); flag.dataset.hiddenFlag = ""; li.appendChild(flag); }
      if (!event.host) {
        var tools = el("span", "live-tools");
        var reply = tool(t.replyText);
        reply.dataset.liveReply = "";
        tools.appendChild(reply);
        if (!event.hidden) tools.appendChild(tool(t.hideText, urlFor(root.dataset.hideUrl, event.id)));
        if (event.viewer) tools.appendChild(tool(event.muted ? t.mutedText : t.muteText, urlFor(root.dataset.muteUrl, event.viewer)));
        li.appendChild(tools);
      }
      append(li);
    }

    function addLead(lead) {
      if (!leads) return;
      var existing = leads.querySelector('[data-lead="' + lead.id + '"]');
      var li = el("li", "live-lead fresh");
      li.dataset.lead = lead.id;
      li.setAttribute("data-testid", "console-lead");
      li.appendChild(el("span", "strong", lead.nickname || lead.phone));
      li.appendChild(document.createTextNode(" · " + (titles[String(lead.job)] || "") + " · "));
      li.appendChild(el("span", "tag", lead.source === "tap" ? t.tapText : t.commentText));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", "muted", (lead.created_at || "").slice(11, 16)));
      var empty = leads.querySelector("[data-leads-empty]");
      if (empty) empty.remove();
      if (existing) existing.replaceWith(li);
      else leads.insertBefore(li, leads.firstChild);
      while (leads.children.length > KEEP) leads.removeChild(leads.lastElementChild);
    }

    function markPinned(sessionJobId) {
      root.querySelectorAll("[data-session-job]").forEach(function (node) {
        node.classList.toggle("pinned", String(node.dataset.sessionJob) === String(sessionJobId));
      });
    }

    function onMessage(event) {
      switch (event.type) {
        case "comment": addComment(event); break;
        case "lead": addLead(event.lead); break;
        case "pin": markPinned(event.card.id); break;
        case "unpin": markPinned(null); break;
        case "hide": {
          var li = list && list.querySelector('[data-id="' + event.id + '"]');
          if (li && !li.querySelector("[data-hidden-flag]")) {
            li.classList.add("hidden-comment");
            var flag = el("span", "tag", t.hiddenText);
            flag.dataset.hiddenFlag = "";
            li.insertBefore(flag, li.querySelector(".live-tools"));
            var hideButton = li.querySelector('[data-live-post*="/hide/"]');
            if (hideButton) hideButton.remove();
          }
          break;
        }
        case "mute":
          root.querySelectorAll('[data-viewer="' + event.viewer + '"] [data-live-post*="/mute/"]').forEach(function (b) {
            b.textContent = event.muted ? t.mutedText : t.muteText;
          });
          break;
        case "viewers":
          root.querySelectorAll("[data-viewer-count]").forEach(function (n) { n.textContent = event.count; });
          break;
        case "started":
        case "ended":
          setTimeout(function () { location.reload(); }, 800);
          break;
        default: break;
      }
    }

    root.addEventListener("click", function (click) {
      var button = click.target.closest("[data-live-post]");
      if (button) { post(button.dataset.livePost, "#console-msg", button); return; }
      var reply = click.target.closest("[data-live-reply]");
      if (reply && answerForm) {
        var li = reply.closest("[data-id]");
        answerForm.querySelector("[data-answer-to]").value = li.dataset.id;
        var quote = answerForm.querySelector("[data-answer-quote]");
        quote.textContent = t.replyToText + li.querySelector(".nick").textContent + "：" + li.querySelector(".text").textContent;
        quote.hidden = false;
        answerForm.querySelector("textarea").focus();
      }
    });

    if (answerForm) {
      answerForm.addEventListener("htmx:afterRequest", function (event) {
        var msg = document.getElementById("console-msg");
        if (event.detail.successful && msg && !msg.querySelector(".form-error")) {
          answerForm.reset();
          answerForm.querySelector("[data-answer-to]").value = "";
          answerForm.querySelector("[data-answer-quote]").hidden = true;
        }
      });
    }

    connect(root, onMessage, state);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-live-room]").forEach(setupRoom);
    document.querySelectorAll("[data-live-console]").forEach(setupConsole);
  });
})();
