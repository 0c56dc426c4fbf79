// Listing facets: with JavaScript, a change of a checkbox applies the filters at once (the
// form works without it, with its button). No inline code: the CSP forbids it.
document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
  form.addEventListener("change", function (event) {
    if (event.target.matches("input[type=checkbox]")) form.requestSubmit();
  });
});
