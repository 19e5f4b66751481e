// The job list, nearest first: when the page knows no location (no position in the URL, no district chosen,
// no home on the profile) it asks the device once per visit. With a position it reloads with lat/lon in the
// URL, so paging and sharing keep the order; refused or unavailable, it points to the district picker
// (sorting from the district's centre). Without JavaScript the picker and the "筛选" button still work.
(function () {
  "use strict";
  var REFUSED = "lingong.locationRefused";

  function refusedBefore() {
    try { return window.sessionStorage.getItem(REFUSED) === "1"; } catch (e) { return false; }
  }
  function rememberRefusal() {
    try { window.sessionStorage.setItem(REFUSED, "1"); } catch (e) { /* private mode: ask again next time */ }
  }

  function showPicker(form) {
    var note = form.querySelector("[data-locate-refused]");
    if (note) note.hidden = false;
    var pick = form.querySelector("[data-near-pick]");
    if (pick) pick.classList.add("attention");
  }

  function reloadFrom(position) {
    var params = new URLSearchParams(window.location.search);
    params.set("lat", position.coords.latitude.toFixed(6));
    params.set("lon", position.coords.longitude.toFixed(6));
    params.delete("near");
    params.delete("page");
    window.location.assign(window.location.pathname + "?" + params.toString());
  }

  function setUp(form) {
    var near = form.elements.namedItem("near");
    var lat = form.elements.namedItem("lat");
    var lon = form.elements.namedItem("lon");
    if (near && lat && lon) {
      // One origin at a time: a district chosen replaces the device's position (this runs before htmx
      // sends the form, which listens on the form itself), and "用我的位置" replaces the district.
      near.addEventListener("change", function () { lat.value = ""; lon.value = ""; });
      form.addEventListener("click", function (event) {
        if (event.target.closest("[data-locate]")) near.value = "";
      }, true);
    }
    if (!form.hasAttribute("data-ask-location")) return;
    if (!navigator.geolocation || refusedBefore()) { showPicker(form); return; }
    navigator.geolocation.getCurrentPosition(reloadFrom, function () {
      rememberRefusal();
      showPicker(form);
    }, { timeout: 8000, maximumAge: 600000 });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-near-form]").forEach(setUp);
  });
})();
