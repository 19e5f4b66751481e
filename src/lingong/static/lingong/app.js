// Small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";
  // Fill latitude/longitude inputs from the device when the user asks for it.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-locate]");
    if (!button || !navigator.geolocation) return;
    event.preventDefault();
    var form = button.closest("form");
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(function (pos) {
      form.querySelector("[name=lat]").value = pos.coords.latitude.toFixed(6);
      form.querySelector("[name=lon]").value = pos.coords.longitude.toFixed(6);
      button.disabled = false;
      if (button.dataset.locate === "submit") form.submit();
    }, function () { button.disabled = false; alert(button.dataset.error || "无法获取位置"); }, { timeout: 8000 });
  });
})();
