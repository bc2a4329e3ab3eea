// Live free places: every element with data-free-places="<rotation id>" is refreshed from
// the availability endpoint named by the nearest data-availability-url, every 30 seconds
// while the page is visible. The server stays the judge: a choice of a full rotation is
// still placed on its waiting list.
(function () {
  "use strict";
  var root = document.querySelector("[data-availability-url]");
  if (!root || !document.querySelector("[data-free-places]") || !window.fetch) { return; }
  var url = root.getAttribute("data-availability-url");

  // The words come from the badge, rendered in the page's language: data-label-full, and
  // data-label-free with "{free}" where the number of free places goes (its plural form
  // follows the badge's capacity, which does not change).
  function label(badge, free) {
    if (free <= 0) { return badge.getAttribute("data-label-full") || ""; }
    return (badge.getAttribute("data-label-free") || "").replace("{free}", String(free));
  }

  function refresh() {
    if (document.hidden) { return; }
    // Read the badges each time: the rotation plan (rotation-plan.js) replaces the cards.
    var badges = document.querySelectorAll("[data-free-places]");
    var ids = [];
    badges.forEach(function (badge) {
      var id = badge.getAttribute("data-free-places");
      if (ids.indexOf(id) === -1) { ids.push(id); }
    });
    if (!ids.length) { return; }
    fetch(url + "?ids=" + ids.join(","), {headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        badges.forEach(function (badge) {
          var free = data.free_places[badge.getAttribute("data-free-places")];
          if (free === undefined) { return; }
          var text = label(badge, free);
          if (badge.textContent !== text) { badge.textContent = text; }
          badge.classList.toggle("text-bg-success", free > 0);
          badge.classList.toggle("text-bg-secondary", free <= 0);
        });
      })
      .catch(function () { /* offline for a moment: the next round tries again */ });
  }

  window.setInterval(refresh, 30000);
  document.addEventListener("visibilitychange", refresh);
})();
