// On a fresh sign-up form, preselect the browser's own time zone in
// <select data-timezone-detect>, unless the person has already chosen one. Browsers still
// report some zones by an old name (Asia/Calcutta); data-timezone-links maps each to the
// current one the list offers (Asia/Kolkata).
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
    var links = {};
    try {
      links = JSON.parse(select.dataset.timezoneLinks || "{}");
    } catch (error) {
      links = {};
    }
    var wanted = links[zone] || zone;
    var known = Array.prototype.some.call(select.options, function (option) {
      return option.value === wanted;
    });
    if (known) { select.value = wanted; }
    select.addEventListener("change", function () { select.dataset.timezoneChosen = "1"; });
  });
})();
