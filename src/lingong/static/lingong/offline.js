// The offline page (served by the service worker from its cache). A static file, not an inline script:
// the Content-Security-Policy runs scripts from this site only.
(function () {
  "use strict";
  // Back online: open the page that was asked for (the address bar still shows it). "Online" can come
  // before the connection works (Wi-Fi joined, no address yet), so while it says online, try again gently.
  function retry() { if (navigator.onLine) location.reload(); }
  window.addEventListener("online", retry);
  setTimeout(retry, 10000);
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-action=reload]")) location.reload();
  });
})();
