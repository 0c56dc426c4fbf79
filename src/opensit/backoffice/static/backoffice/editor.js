/* OpenSIT object editor: tabs, formset rows, the point picker on the map, the RRULE preview. */
(function () {
  "use strict";
  let locationMap = null;

  /* Leaflet guesses where its marker images are from the name of leaflet.css, which the static
     files manifest changes (leaflet.<hash>.css): it then asked for marker-icon.png next to the
     page, a 404. The script tag gives their real addresses. */
  const images = document.currentScript ? document.currentScript.dataset : {};
  if (window.L && images.markerIcon) {
    L.Icon.Default.imagePath = "";
    L.Icon.Default.mergeOptions({
      iconUrl: images.markerIcon,
      iconRetinaUrl: images.markerIconRetina,
      shadowUrl: images.markerShadow,
    });
  }

  function showTab(code) {
    document.querySelectorAll(".opensit-tab").forEach((tab) => tab.classList.toggle("is-active", tab.dataset.tab === code));
    document.querySelectorAll(".opensit-panel").forEach((panel) => panel.classList.toggle("is-active", panel.dataset.panel === code));
    if (code === "location" && locationMap) { locationMap.invalidateSize(); }
  }

  function addRow(prefix) {
    const fieldset = document.querySelector(`[data-formset="${prefix}"]`);
    const total = fieldset.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
    const index = parseInt(total.value, 10);
    const html = fieldset.querySelector("template[data-empty-row]").innerHTML.replace(/__prefix__/g, String(index));
    fieldset.querySelector(".opensit-rows").insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    bindRecurrences(fieldset);
  }

  /* RRULE preview, mirrors forms/recurrence.py build_rrule (the server rebuilds it anyway). */
  function buildRrule(row) {
    const value = (name) => { const el = row.querySelector(`[name$="-${name}"]`); return el ? el.value : ""; };
    const parts = ["FREQ=" + (value("freq") || "WEEKLY")];
    const interval = parseInt(value("interval"), 10);
    if (interval > 1) parts.push("INTERVAL=" + interval);
    const days = Array.from(row.querySelectorAll('[name$="-weekdays"]:checked')).map((box) => box.value);
    if (days.length) parts.push("BYDAY=" + days.join(","));
    if (value("until")) parts.push("UNTIL=" + value("until").replace(/-/g, ""));
    else if (value("count")) parts.push("COUNT=" + value("count"));
    return parts.join(";");
  }

  function bindRecurrences(scope) {
    scope.querySelectorAll('[data-row^="recurrences-"]').forEach((row) => {
      const output = row.querySelector('[name$="-rrule"]');
      if (!output || row.dataset.bound) return;
      row.dataset.bound = "1";
      const update = () => { output.value = buildRrule(row); };
      row.addEventListener("change", update);
      row.addEventListener("input", update);
    });
  }

  /* django-leaflet calls this once the map exists: click to place, drag to move. */
  window.opensitLocationMap = function (map) {
    locationMap = map;
    const lat = document.querySelector('[name="latitude"]');
    const lon = document.querySelector('[name="longitude"]');
    let marker = null;
    const place = (latlng, zoom) => {
      if (!marker) {
        marker = L.marker(latlng, { draggable: true }).addTo(map);
        marker.on("dragend", () => write(marker.getLatLng()));
      } else {
        marker.setLatLng(latlng);
      }
      if (zoom) map.setView(latlng, zoom);
    };
    const write = (latlng) => {
      lat.value = latlng.lat.toFixed(6);
      lon.value = latlng.lng.toFixed(6);
      lat.dispatchEvent(new Event("change"));
    };
    if (lat.value && lon.value) place([parseFloat(lat.value), parseFloat(lon.value)], 13);
    map.on("click", (event) => { place(event.latlng); write(event.latlng); });
    [lat, lon].forEach((input) => input.addEventListener("input", () => {
      if (lat.value && lon.value) place([parseFloat(lat.value), parseFloat(lon.value)]);
    }));
    document.querySelector(".opensit-location").dataset.mapReady = "1";
  };

  /* The territory of an organisation: its communes as markers. */
  window.opensitTerritoryMap = function (map) {
    const points = JSON.parse(document.getElementById("commune-points").textContent);
    const bounds = [];
    points.forEach((p) => { L.circleMarker([p.lat, p.lon], { radius: 6 }).addTo(map).bindTooltip(`${p.name} (${p.insee})`); bounds.push([p.lat, p.lon]); });
    if (bounds.length) map.fitBounds(bounds, { padding: [20, 20], maxZoom: 11 });
  };

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll(".opensit-tab").forEach((tab) => tab.addEventListener("click", () => showTab(tab.dataset.tab)));
    document.querySelectorAll("[data-add-row]").forEach((button) => button.addEventListener("click", () => addRow(button.dataset.addRow)));
    bindRecurrences(document);
    /* The provider's simple form shows only its tabs: open the first of them. */
    const editor = document.querySelector("[data-first-tab]");
    if (editor) showTab(editor.dataset.firstTab);
    const firstError = document.querySelector(".opensit-tab.has-error");
    if (firstError) showTab(firstError.dataset.tab);
  });
})();
