// Elder mode (长辈模式, issue 12 §3): read aloud, apply by voice, one group of form fields at a time.
// Loaded on every page by base.html; does nothing unless <body class="elder">. No inline scripts (CSP).
(function () {
  "use strict";

  function elder() { return document.body && document.body.classList.contains("elder"); }

  // --- Read aloud (朗读) ------------------------------------------------------------------------------
  // [data-speak-all] reads the text of every [data-speak] element of the page in order (a job card says
  // its title, pay, place and time there); [data-speak-stop] stops. Where the browser has no speech
  // synthesis both buttons stay hidden, so nothing fails.
  var synth = window.speechSynthesis;
  var canSpeak = !!(synth && window.SpeechSynthesisUtterance);

  function zhVoice() {
    var voices = synth.getVoices ? synth.getVoices() : [];
    for (var i = 0; i < voices.length; i++) {
      var lang = (voices[i].lang || "").replace("_", "-").toLowerCase();
      if (lang === "zh-cn") return voices[i];
    }
    for (var j = 0; j < voices.length; j++) {
      if ((voices[j].lang || "").toLowerCase().indexOf("zh") === 0) return voices[j];
    }
    return null;
  }

  function speakAll() {
    synth.cancel();
    var voice = zhVoice();
    document.querySelectorAll("[data-speak]").forEach(function (el) {
      var text = el.getAttribute("data-speak");
      if (!text) return;
      var utterance = new window.SpeechSynthesisUtterance(text);
      utterance.lang = "zh-CN";
      utterance.rate = 0.9;  // a little slower than the default: easier to follow
      if (voice) utterance.voice = voice;
      synth.speak(utterance);
    });
  }

  // --- Apply by voice (说“报名”) ------------------------------------------------------------------------
  // The phrase rule, kept small on purpose: after removing spaces and punctuation, the words heard are a
  // yes when they contain 报名 without a "no" word (不, 别, 没, 取消), or are exactly one of 好, 好的, 是,
  // 是的, 对, 要, 我要. A yes only brings up the usual confirmation; nothing is sent until the worker taps
  // its 确定报名 button.
  var YES_WORDS = ["好", "好的", "是", "是的", "对", "要", "我要"];
  var NO_WORDS = /[不别没]|取消/;

  function isYes(heard) {
    var text = String(heard || "").replace(/[\s，。！？、,.!?"'“”‘’]/g, "");
    if (!text) return false;
    if (text.indexOf("报名") >= 0) return !NO_WORDS.test(text);
    return YES_WORDS.indexOf(text) >= 0;
  }
  window.lingongElderIsYes = isYes;  // for the browser test of the phrase rule

  var Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;

  function showConfirm(heard) {
    var note = document.querySelector("[data-voice-heard]");
    if (note) {
      note.textContent = note.getAttribute("data-template").replace("%s", heard);
      note.hidden = false;
    }
    var confirm = document.querySelector("[data-voice-confirm]");
    if (confirm) {
      confirm.hidden = false;
      confirm.scrollIntoView({ block: "center" });
      var button = confirm.querySelector("button[type=submit]");
      if (button) button.focus();
    }
  }

  function listen(button) {
    var recognition = new Recognition();
    recognition.lang = "zh-CN";
    recognition.interimResults = false;
    recognition.maxAlternatives = 3;
    var note = document.querySelector("[data-voice-heard]");
    recognition.onresult = function (event) {
      var alternatives = event.results[0] || [];
      for (var i = 0; i < alternatives.length; i++) {
        if (isYes(alternatives[i].transcript)) { showConfirm(alternatives[i].transcript); return; }
      }
      if (note) {
        note.textContent = button.getAttribute("data-not-understood");
        note.hidden = false;
      }
    };
    recognition.onerror = function () {
      if (note) { note.textContent = button.getAttribute("data-not-understood"); note.hidden = false; }
    };
    recognition.start();
  }

  // --- One group of fields at a time (a simple stepper) --------------------------------------------
  // A form[data-stepper] in elder mode shows its .field blocks a few at a time (data-stepper="3"), with
  // 上一步/下一步; the submit button shows on the last step. It opens at the first step with an error.
  function stepper(form) {
    var size = parseInt(form.getAttribute("data-stepper"), 10) || 3;
    var fields = Array.prototype.slice.call(form.querySelectorAll(".field"));
    if (fields.length <= size) return;
    var steps = [];
    for (var i = 0; i < fields.length; i += size) steps.push(fields.slice(i, i + size));
    var submit = form.querySelector("[data-stepper-submit]") || form.querySelector("button[type=submit]");
    var nav = document.createElement("div");
    nav.className = "step-nav";
    var count = document.createElement("p");
    count.className = "step-count";
    count.setAttribute("aria-live", "polite");
    var back = document.createElement("button");
    back.type = "button";
    back.className = "btn secondary";
    back.textContent = form.getAttribute("data-step-back") || "上一步";
    var next = document.createElement("button");
    next.type = "button";
    next.className = "btn";
    next.textContent = form.getAttribute("data-step-next") || "下一步";
    nav.appendChild(back);
    nav.appendChild(next);
    form.insertBefore(count, steps[0][0]);
    if (submit) submit.parentNode.insertBefore(nav, submit); else form.appendChild(nav);
    var current = 0;
    for (var s = 0; s < steps.length; s++) {
      if (steps[s].some(function (f) { return f.classList.contains("has-error"); })) { current = s; break; }
    }
    var template = form.getAttribute("data-step-count") || "第 %n 步，共 %t 步";
    function show() {
      steps.forEach(function (group, index) {
        group.forEach(function (field) { field.classList.toggle("step-hidden", index !== current); });
      });
      count.textContent = template.replace("%n", current + 1).replace("%t", steps.length);
      back.hidden = current === 0;
      next.hidden = current === steps.length - 1;
      if (submit) submit.classList.toggle("step-hidden", current !== steps.length - 1);
    }
    function go(delta) {
      current = Math.max(0, Math.min(steps.length - 1, current + delta));
      show();
      var first = steps[current][0].querySelector("input, select, textarea");
      if (first) first.focus();
    }
    back.addEventListener("click", function () { go(-1); });
    next.addEventListener("click", function () { go(1); });
    show();
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!elder()) return;
    document.querySelectorAll("[data-speak-all]").forEach(function (button) {
      if (!canSpeak) return;
      button.hidden = false;
      button.addEventListener("click", speakAll);
    });
    document.querySelectorAll("[data-speak-stop]").forEach(function (button) {
      if (!canSpeak) return;
      button.hidden = false;
      button.addEventListener("click", function () { synth.cancel(); });
    });
    document.querySelectorAll("[data-voice-apply]").forEach(function (button) {
      if (!Recognition) return;
      button.hidden = false;
      button.addEventListener("click", function () { listen(button); });
    });
    document.querySelectorAll("form[data-stepper]").forEach(stepper);
  });
  // htmx replaces the job list: new cards carry their own data-speak, nothing to rebind.
})();
