// The run page follows its run: it polls the status endpoint while the run goes on, updates
// the status and the progress, and reloads once the run is finished to show its report.
// (A static file: the Content-Security-Policy forbids inline scripts.)
(function () {
  "use strict";
  var box = document.querySelector("[data-status-url]");
  if (!box || box.dataset.finished === "1") return;
  var url = box.dataset.statusUrl;
  function field(name) { return box.querySelector('[data-run-field="' + name + '"]'); }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (run) {
        if (!run) { window.setTimeout(poll, 3000); return; }
        if (run.finished) { window.location.reload(); return; }
        box.dataset.runStatus = run.status;
        field("status_label").textContent = run.status_label;
        var bar = field("progress"), counter = field("counter");
        if (bar && run.total) { bar.max = run.total; bar.value = run.done; }
        if (counter) { counter.textContent = run.done + (run.total ? " / " + run.total : ""); }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
