/* <opensit-widget widget="12" key="osw_12.…" lang="fr"></opensit-widget>
   The OpenSIT web component: one script served by the platform, no third-party code. It reads
   the widget's data (items and their HTML, rendered once by the server for every embed) with
   the widget's public key and shows it in a shadow DOM, with the platform's stylesheet.
   Around me: the browser asks the visitor for their position; without it, the widget's own
   point is used. Clicks are reported with a beacon; nothing is stored in the browser. */
(function () {
  "use strict";
  if (!window.customElements || customElements.get("opensit-widget")) return;
  var script = document.currentScript;
  var platform = script ? new URL(script.src, location.href).origin : location.origin;
  var MESSAGES = {
    fr: { failed: "Ce contenu n’est pas disponible ici.", loading: "Chargement…" },
    en: { failed: "This content is not available here.", loading: "Loading…" }
  };

  class OpenSITWidget extends HTMLElement {
    connectedCallback() {
      if (this.shadow) return;
      this.shadow = this.attachShadow({ mode: "open" });
      this.shadow.addEventListener("click", this.onClick.bind(this));
      this.message("loading");
      this.load(1, null, false);
    }

    text(name) {
      var lang = (this.getAttribute("lang") || document.documentElement.lang || "fr").slice(0, 2);
      return (MESSAGES[lang] || MESSAGES.en)[name];
    }

    message(name) {
      var p = document.createElement("p");
      p.className = name === "failed" ? "osw-error" : "osw-loading";
      p.setAttribute("part", name);
      p.textContent = this.text(name);
      this.shadow.replaceChildren(p);
    }

    load(page, near, refine) {
      var base = this.getAttribute("platform") || platform;
      var url = new URL(base + "/widgets/" + encodeURIComponent(this.getAttribute("widget")) + "/data");
      url.searchParams.set("key", this.getAttribute("key") || "");
      url.searchParams.set("page", String(page));
      if (near) url.searchParams.set("near", near);
      if (refine) url.searchParams.set("refine", "1");
      var self = this;
      return fetch(url.toString(), { credentials: "omit", mode: "cors" })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(function (data) {
          self.show(data);
          if (data.ask_position && !near && navigator.geolocation) self.locate(page);
        })
        .catch(function () {
          self.setAttribute("data-state", "failed");
          self.message("failed");
        });
    }

    locate(page) {
      var self = this;
      navigator.geolocation.getCurrentPosition(function (position) {
        var c = position.coords;
        self.load(page, c.latitude.toFixed(3) + "," + c.longitude.toFixed(3), true);
      }, function () {}, { maximumAge: 600000, timeout: 10000 });
    }

    show(data) {
      this.data = data;
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = data.stylesheet;
      var holder = document.createElement("div");
      holder.innerHTML = data.html; /* the platform's rendering, escaped by its templates */
      this.shadow.replaceChildren(link, ...holder.childNodes);
      this.setAttribute("data-state", "ready");
      this.dispatchEvent(new CustomEvent("opensit-widget-ready", { detail: { total: data.total } }));
    }

    onClick(event) {
      var target = event.target;
      var page = target.closest && target.closest("[data-osw-page]");
      if (page) {
        event.preventDefault();
        this.load(Number(page.getAttribute("data-osw-page")), this.data && this.data.near && this.data.ask_position ? this.data.near.join(",") : null, true);
        return;
      }
      var item = target.closest && target.closest("[data-osw-object]");
      if (item && this.data && navigator.sendBeacon) {
        navigator.sendBeacon(this.data.click + "&object=" + encodeURIComponent(item.getAttribute("data-osw-object")));
      }
    }
  }

  customElements.define("opensit-widget", OpenSITWidget);
})();
