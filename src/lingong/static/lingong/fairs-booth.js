// Job fair booth pages (招聘会展位): the enterprise's list of intentions refreshes itself every 5 s
// (data-poll-region; skipped while a form in it is being used, so a job being chosen is not reset), and
// the camera page scans a worker's personal code with the vendored jsQR (data-code-scanner) and sends it
// with the typed-code form. No inline script (CSP); every page works without JavaScript.
(function () {
  "use strict";

  var POLL_MS = 5000;

  function busy(region) {
    var active = document.activeElement;
    return active && region.contains(active) && active.closest("form") !== null;
  }

  function poll(region) {
    var url = region.dataset.refreshUrl;
    if (!url) return;
    setInterval(function () {
      if (document.hidden || busy(region)) return;
      fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (html !== null && !busy(region)) {
            region.innerHTML = html;
            region.dataset.refreshed = String(Date.now());
          }
        })
        .catch(function () { /* the next tick tries again */ });
    }, POLL_MS);
  }

  function scanner(box) {
    var video = box.querySelector("[data-scanner-video]");
    var canvas = box.querySelector("[data-scanner-canvas]");
    var start = box.querySelector("[data-scanner-start]");
    var status = box.querySelector("[data-scanner-status]");
    var form = document.querySelector("[data-scanner-form]");
    var input = form ? form.querySelector("input[name=code]") : null;
    if (!video || !canvas || !start || !form || !input) return;
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      start.hidden = true;
      status.textContent = box.dataset.noCamera || "";
      return;
    }
    var stream = null;
    var sent = false;

    function stop() {
      if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null;
    }

    function frame() {
      if (!stream || sent) return;
      if (video.readyState === video.HAVE_ENOUGH_DATA && typeof window.jsQR === "function") {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        var context = canvas.getContext("2d");
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        var image = context.getImageData(0, 0, canvas.width, canvas.height);
        var found = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
        if (found && found.data) {
          sent = true;
          input.value = found.data;
          stop();
          form.requestSubmit ? form.requestSubmit() : form.submit();
          return;
        }
      }
      requestAnimationFrame(frame);
    }

    start.addEventListener("click", function () {
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
        .then(function (media) {
          stream = media;
          video.srcObject = media;
          video.hidden = false;
          video.style.width = "100%";
          video.style.maxWidth = "100%";
          start.hidden = true;
          return video.play();
        })
        .then(function () { requestAnimationFrame(frame); })
        .catch(function () { status.textContent = start.dataset.denied || ""; });
    });
    window.addEventListener("pagehide", stop);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-poll-region]").forEach(poll);
    document.querySelectorAll("[data-code-scanner]").forEach(scanner);
  });
})();
