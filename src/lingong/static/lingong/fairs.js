/* Job fair door (检票口): type a worker's entry code, or scan their QR code with the camera (jsQR decodes
   getUserMedia frames drawn into a canvas); either way the code is posted by the form (htmx swaps the
   result in). No inline script: this file is loaded by fairs/door.html. */
(function () {
  "use strict";

  function initDoor(root) {
    var form = root.querySelector("[data-door-form]");
    var input = form.querySelector("input[name=code]");
    var button = root.querySelector("[data-door-camera]");
    var video = root.querySelector("[data-door-video]");
    var canvas = root.querySelector("[data-door-canvas]");
    var status = root.querySelector("[data-door-camera-status]");
    var stream = null;
    var last = "";
    var lastAt = 0;
    var busy = false;

    form.addEventListener("htmx:beforeRequest", function () { busy = true; });
    form.addEventListener("htmx:afterRequest", function () {
      busy = false;
      input.value = "";
      if (!stream) { input.focus(); }
    });

    function submit(code) {
      input.value = code;
      if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
    }

    function tick() {
      if (!stream) { return; }
      if (video.readyState >= 2 && video.videoWidth && !busy && window.jsQR) {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        var ctx = canvas.getContext("2d", { willReadFrequently: true });
        ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
        var image = ctx.getImageData(0, 0, canvas.width, canvas.height);
        var found = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
        var text = found && found.data ? found.data.trim() : "";
        var now = Date.now();
        if (text && (text !== last || now - lastAt > 4000)) {
          last = text;
          lastAt = now;
          submit(text);
        }
      }
      window.requestAnimationFrame(tick);
    }

    function stop() {
      if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); }
      stream = null;
      video.hidden = true;
      root.dataset.camera = "off";
      button.textContent = button.dataset.startLabel;
      status.textContent = "";
    }

    button.addEventListener("click", function () {
      if (stream) { stop(); return; }
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
        status.textContent = button.dataset.unsupported;
        root.dataset.camera = "unsupported";
        return;
      }
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
        .then(function (s) {
          stream = s;
          video.srcObject = s;
          video.hidden = false;
          var played = video.play();
          if (played && played.catch) { played.catch(function () {}); }
          root.dataset.camera = "on";
          status.textContent = button.dataset.scanning;
          button.textContent = button.dataset.stopLabel;
          window.requestAnimationFrame(tick);
        })
        .catch(function (err) {
          root.dataset.camera = "error";
          status.textContent = button.dataset.denied + "（" + (err && err.name ? err.name : "") + "）";
        });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-door]").forEach(initDoor);
  });
})();
