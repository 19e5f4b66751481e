// The phone's location for check-in, check-out and "用我的位置" (every button with data-locate).
//
// On success the form's lat/lon inputs are filled and, for data-locate="submit", the form is sent. When the
// browser refuses, has no location or is not on a secure page, the button's help box (data-help="<id>")
// opens and says why and how to turn location on; the page's own fallbacks (site code, staff, district)
// are in that box. Nothing happens silently. No dependencies; loaded only by pages with such a button.
(function () {
  "use strict";
  var CODES = { 1: "denied", 2: "unavailable", 3: "timeout" };
  var WAIT_MS = 20000; // no answer at all (a permission prompt left open): explain rather than wait

  function explain(button, reason) {
    button.disabled = false;
    if (button.dataset.label) button.textContent = button.dataset.label;
    var help = document.getElementById(button.dataset.help || "");
    if (!help) {
      window.alert(button.dataset.error || "无法获取位置");
      return;
    }
    help.querySelectorAll("[data-reason]").forEach(function (line) {
      line.hidden = line.dataset.reason !== reason;
    });
    help.hidden = false;
    help.dataset.reasonShown = reason;
    help.scrollIntoView({ block: "start", behavior: "smooth" });
    help.focus({ preventScroll: true });
  }

  function locate(button) {
    var form = button.closest("form");
    if (form && !form.checkValidity()) {
      form.reportValidity(); // e.g. the piece count a check-out needs
      return;
    }
    if (!window.isSecureContext) return explain(button, "insecure");
    if (!navigator.geolocation) return explain(button, "unsupported");
    var answered = false;
    button.dataset.label = button.textContent;
    button.textContent = button.dataset.busy || "正在获取位置…";
    button.disabled = true;
    var timer = window.setTimeout(function () {
      if (!answered) {
        answered = true;
        explain(button, "timeout");
      }
    }, WAIT_MS);
    navigator.geolocation.getCurrentPosition(
      function (pos) {
        if (answered) return;
        answered = true;
        window.clearTimeout(timer);
        form.querySelector("[name=lat]").value = pos.coords.latitude.toFixed(6);
        form.querySelector("[name=lon]").value = pos.coords.longitude.toFixed(6);
        if (button.dataset.locate === "submit") {
          form.submit();
        } else {
          button.disabled = false;
          button.textContent = button.dataset.label;
        }
      },
      function (error) {
        if (answered) return;
        answered = true;
        window.clearTimeout(timer);
        explain(button, CODES[error.code] || "unavailable");
      },
      { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 }
    );
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-locate]");
    if (!button) return;
    event.preventDefault();
    locate(button);
  });
})();
