// The error summary of a refused form (templates/includes/_error_summary.html): focused when
// the page opens, so a screen reader reads it first, and each link moves the focus to its
// field (the browser alone would only scroll). Without JavaScript the summary is still at the
// top and its links still jump to the fields.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) { return; }
  summary.focus();
  summary.querySelectorAll("a[data-error-field]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var field = document.getElementById(link.getAttribute("data-error-field"));
      if (!field) { return; }
      event.preventDefault();
      // Bring the field's label into view too, not the field alone at the top edge.
      var label = document.querySelector("label[for='" + field.id + "']");
      (label || field).scrollIntoView({ block: "start" });
      field.focus({ preventScroll: true });
    });
  });
})();
