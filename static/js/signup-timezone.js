// On a fresh sign-up form, preselect the browser's own time zone in
// <select data-timezone-detect>, unless the person has already chosen one.
(function () {
  "use strict";
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  if (!zone) { return; }
  document.querySelectorAll("select[data-timezone-detect]").forEach(function (select) {
    if (select.dataset.timezoneChosen) { return; }
    var known = Array.prototype.some.call(select.options, function (option) {
      return option.value === zone;
    });
    if (known) { select.value = zone; }
    select.addEventListener("change", function () { select.dataset.timezoneChosen = "1"; });
  });
})();
