// Adds a filter box above each <select data-timezone-search>: typing narrows the list of
// IANA zones (e.g. "kolkata", "new york", "lagos"). Without JavaScript the full list works.
// Its words come translated from the select's data- attributes (TimeZoneField in
// hmc_portal/users/forms.py); the script holds none of its own.
(function () {
  "use strict";
  function normalise(text) {
    return text.toLowerCase().replace(/[_\s]+/g, " ").trim();
  }
  document.querySelectorAll("select[data-timezone-search]").forEach(function (select, index) {
    var all = Array.prototype.slice.call(select.options).map(function (option) {
      return { option: option, text: normalise(option.value + " " + option.text) };
    });
    var id = (select.id || "timezone-" + index) + "-search";
    var wrapper = document.createElement("div");
    wrapper.className = "timezone-search mb-2";
    var label = document.createElement("label");
    label.className = "form-label small text-body-secondary mb-1";
    label.htmlFor = id;
    label.textContent = select.dataset.searchLabel || "";
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.className = "form-control form-control-sm";
    input.autocomplete = "off";
    input.setAttribute("aria-controls", select.id);
    var status = document.createElement("p");
    status.className = "form-text mb-0";
    status.setAttribute("aria-live", "polite");
    wrapper.appendChild(label);
    wrapper.appendChild(input);
    wrapper.appendChild(status);
    select.parentNode.insertBefore(wrapper, select);

    function filter() {
      var query = normalise(input.value);
      var selected = select.value;
      var matches = all.filter(function (item) {
        return !query || item.text.indexOf(query) !== -1;
      });
      var keepSelected = matches.some(function (item) { return item.option.value === selected; });
      select.textContent = "";
      all.forEach(function (item) {
        // The current choice stays in the list so it never changes behind the person's back.
        if (matches.indexOf(item) !== -1 || (!matches.length && item.option.value === selected)) {
          select.appendChild(item.option);
        }
      });
      if (!keepSelected && matches.length) {
        select.value = matches[0].option.value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      } else {
        select.value = selected;
      }
      status.textContent = !query ? "" :
        matches.length === 0 ? (select.dataset.statusNone || "") :
        matches.length === 1 ? (select.dataset.statusOne || "") :
        (select.dataset.statusMany || "").replace("%(count)s", String(matches.length));
    }
    input.addEventListener("input", filter);
    // Enter in the filter box picks the match instead of submitting the form half-filled.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        select.focus();
      }
    });
  });
})();
