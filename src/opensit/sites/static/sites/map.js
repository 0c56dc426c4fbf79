/* Destination sites' maps (docs/sites.md, "Maps").
 *
 * Every `div.map` of the page becomes a Leaflet map, but only once it scrolls into view: Leaflet
 * (django-leaflet's copy) and Leaflet.markercluster (vendored) are fetched then, so a page whose
 * map stays below the fold costs no script beyond this one. A map shows one of:
 *   - a point: data-lat, data-lon, data-name (an object's detail page);
 *   - a trace: data-geometry, the id of a <script type="application/json"> holding a GeoJSON
 *     line (an itinerary), with its start marked;
 *   - points: data-geojson, the address of a FeatureCollection (map pages and map blocks),
 *     clustered, each popup linking to its feature's properties.url, fit to their bounds.
 * Tiles come from data-tiles (a {z}/{x}/{y} template; none: no background) with
 * data-attribution. Every text is put in as text, never as HTML.
 * The addresses of the assets are on this script's tag (data-*), as the static files manifest
 * names them. The map's data-state says where it is: loading, ready or error.
 */
(function () {
  "use strict";
  const script = document.currentScript;
  const assets = script ? script.dataset : {};
  let loading = null;

  function loadCss(href) {
    if (!href || document.querySelector(`link[data-map-css="${href}"]`)) return;
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    link.dataset.mapCss = href;
    document.head.appendChild(link);
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      const tag = document.createElement("script");
      tag.src = src;
      tag.onload = resolve;
      tag.onerror = function () { reject(new Error(`could not load ${src}`)); };
      document.head.appendChild(tag);
    });
  }

  /* Leaflet, then the cluster plugin (it extends L): once per page, whatever the maps. */
  function loadLeaflet() {
    if (!loading) {
      loadCss(assets.leafletCss);
      loadCss(assets.clusterCss);
      loadCss(assets.clusterThemeCss);
      loading = loadScript(assets.leafletJs).then(function () {
        /* Leaflet guesses its images' folder from leaflet.css's name, which the manifest
           changes: name each image instead. */
        L.Icon.Default.imagePath = "";
        L.Icon.Default.mergeOptions({
          iconUrl: assets.markerIcon,
          iconRetinaUrl: assets.markerIconRetina,
          shadowUrl: assets.markerShadow,
        });
        return loadScript(assets.clusterJs);
      });
    }
    return loading;
  }

  function escapeHtml(text) {
    const box = document.createElement("div");
    box.textContent = text;
    return box.innerHTML;
  }

  function baseMap(element) {
    /* maxZoom on the map itself: clustering needs one even without a tile layer. */
    const map = L.map(element, { scrollWheelZoom: false, maxZoom: 19 });
    const tiles = element.dataset.tiles;
    if (tiles) {
      L.tileLayer(tiles, {
        maxZoom: 19,
        attribution: escapeHtml(element.dataset.attribution || ""),
      }).addTo(map);
    }
    return map;
  }

  function popup(properties) {
    const box = document.createElement("div");
    const link = document.createElement("a");
    link.href = properties.url;
    link.textContent = properties.name || properties.url;
    box.appendChild(link);
    if (properties.type) {
      const type = document.createElement("p");
      type.className = "map-popup-type";
      type.textContent = properties.type;
      box.appendChild(type);
    }
    return box;
  }

  function center(map) {
    const lat = parseFloat(assets.centerLat || "46.6");
    const lon = parseFloat(assets.centerLon || "2.4");
    map.setView([lat, lon], parseInt(assets.centerZoom || "6", 10));
  }

  function showPoint(element) {
    const map = baseMap(element);
    const latlng = [parseFloat(element.dataset.lat), parseFloat(element.dataset.lon)];
    const name = element.dataset.name || "";
    L.marker(latlng, { title: name, alt: name }).addTo(map);
    map.setView(latlng, 14);
    return Promise.resolve();
  }

  function showTrace(element) {
    const map = baseMap(element);
    const source = document.getElementById(element.dataset.geometry);
    const geometry = JSON.parse(source.textContent);
    const line = L.geoJSON(geometry, { style: { color: "#b3400b", weight: 4 } }).addTo(map);
    const first = geometry.type === "MultiLineString" ? geometry.coordinates[0][0] : geometry.coordinates[0];
    const start = element.dataset.startLabel || "";
    L.marker([first[1], first[0]], { title: start, alt: start }).addTo(map);
    map.fitBounds(line.getBounds(), { padding: [16, 16] });
    return Promise.resolve();
  }

  function showPoints(element) {
    const map = baseMap(element);
    return fetch(element.dataset.geojson, {
      headers: { Accept: "application/geo+json" },
      credentials: "same-origin",
    }).then(function (response) {
      if (!response.ok) throw new Error(`${response.status} ${element.dataset.geojson}`);
      return response.json();
    }).then(function (collection) {
      const markers = [];
      (collection.features || []).forEach(function (feature) {
        if (!feature.geometry || feature.geometry.type !== "Point") return;
        const [lon, lat] = feature.geometry.coordinates;
        const properties = feature.properties || {};
        const marker = L.marker([lat, lon], { title: properties.name || "", alt: properties.name || "" });
        marker.bindPopup(function () { return popup(properties); });
        markers.push(marker);
      });
      const cluster = L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false });
      cluster.addLayers(markers);
      map.addLayer(cluster);
      element.dataset.points = String(markers.length);
      if (markers.length) {
        /* from the markers: with chunked loading, the group holds only part of them yet */
        const bounds = L.latLngBounds(markers.map(function (m) { return m.getLatLng(); }));
        map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
      } else {
        center(map);
      }
    });
  }

  function show(element) {
    element.dataset.state = "loading";
    loadLeaflet().then(function () {
      if (element.dataset.geojson) return showPoints(element);
      if (element.dataset.geometry) return showTrace(element);
      return showPoint(element);
    }).then(function () {
      element.dataset.state = "ready";
    }).catch(function (error) {
      element.dataset.state = "error";
      console.error(error);
    });
  }

  function start() {
    const maps = Array.from(document.querySelectorAll("div.map"));
    if (!maps.length) return;
    if (!("IntersectionObserver" in window)) {
      maps.forEach(show);
      return;
    }
    const observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        observer.unobserve(entry.target);
        show(entry.target);
      });
    }, { rootMargin: "100px" });
    maps.forEach(function (element) { observer.observe(element); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
