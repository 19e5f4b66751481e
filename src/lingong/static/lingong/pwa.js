// Installs the service worker (offline page, cached shell). Browsers without it, or pages not served over
// HTTPS or from this machine, simply work online as before.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !("serviceWorker" in navigator) || !window.isSecureContext) return;
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(script.dataset.sw, { scope: "/" }).catch(function (error) {
      console.warn("service worker not registered:", error);
    });
  });
})();
