/* The OpenSIT widget iframe: tells the parent page its height (the snippet resizes the
   iframe), reports clicks with a beacon, and, for "around me", asks the browser for the
   visitor's position and shows the places nearest to it. */
(function () {
  "use strict";
  var root = document.querySelector(".osw");
  if (!root) return;
  var id = root.getAttribute("data-osw-widget");
  function tell() {
    var height = Math.ceil(document.body.getBoundingClientRect().height);
    if (window.parent !== window) {
      window.parent.postMessage({ type: "opensit-widget-height", id: id, height: height }, "*");
    }
  }
  if (window.ResizeObserver) new ResizeObserver(tell).observe(document.body);
  window.addEventListener("load", tell);
  tell();
  var clickUrl = root.getAttribute("data-osw-click-url");
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-osw-object]");
    if (link && clickUrl && navigator.sendBeacon) {
      navigator.sendBeacon(clickUrl + "&object=" + encodeURIComponent(link.getAttribute("data-osw-object")));
    }
  });
  if (document.body.hasAttribute("data-osw-ask-position") && navigator.geolocation) {
    navigator.geolocation.getCurrentPosition(function (position) {
      var url = new URL(window.location.href);
      url.searchParams.set("near", position.coords.latitude.toFixed(3) + "," + position.coords.longitude.toFixed(3));
      url.searchParams.set("refine", "1");
      window.location.replace(url.toString());
    }, function () {}, { maximumAge: 600000, timeout: 10000 });
  }
})();
