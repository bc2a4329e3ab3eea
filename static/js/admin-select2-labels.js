// Django admin's autocomplete boxes (Select2) name their combobox and its text box only by
// the choice shown in it, so an empty one has no accessible name. Name each one by its
// field's label too: "Preceptor" when empty, "Preceptor Dr. Patel" once chosen.
(function () {
  "use strict";

  function labelBoxes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = select.id && document.querySelector('label[for="' + select.id + '"]');
      var container = select.nextElementSibling;
      if (!label || !container) {
        return;
      }
      var box = container.querySelector('.select2-selection[role="combobox"]');
      if (!box) {
        return;
      }
      if (!label.id) {
        label.id = select.id + "-label";
      }
      var shown = box.getAttribute("aria-labelledby") || "";
      if (shown.split(" ").indexOf(label.id) === -1) {
        box.setAttribute("aria-labelledby", (label.id + " " + shown).trim());
      }
      // The text box inside it, which shows the choice, is named by the label as well.
      var rendered = box.querySelector(".select2-selection__rendered");
      if (rendered) {
        rendered.setAttribute("aria-labelledby", label.id);
      }
    });
  }

  // Django starts the boxes when jQuery is ready, which jQuery 3 runs asynchronously, and
  // again for each inline row added: label each box as soon as it appears.
  function watch() {
    labelBoxes(document);
    if (window.MutationObserver) {
      new MutationObserver(function (changes) {
        for (var i = 0; i < changes.length; i++) {
          if (changes[i].addedNodes.length) {
            labelBoxes(document);
            return;
          }
        }
      }).observe(document.body, {childList: true, subtree: true});
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watch);
  } else {
    watch();
  }
})();
