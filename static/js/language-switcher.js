// The header's language switcher (templates/includes/_language_switcher.html) is a form with
// a button, which works without JavaScript; with it, picking a language sends the form at once.
(function () {
  "use strict";
  document.querySelectorAll("form[data-language-switcher]").forEach(function (form) {
    var select = form.querySelector("select");
    if (!select) { return; }
    select.addEventListener("change", function () { form.submit(); });
  });
})();
