// Live word counter for textareas with data-word-limit; the server enforces the limit too.
(function () {
  "use strict";
  function count(text) {
    var words = text.trim().split(/\s+/);
    return words[0] === "" ? 0 : words.length;
  }
  document.querySelectorAll("textarea[data-word-limit]").forEach(function (area) {
    var limit = parseInt(area.getAttribute("data-word-limit"), 10);
    var output = document.getElementById(area.getAttribute("data-word-count"));
    if (!output) { return; }
    // The words come translated from the page: "{words}" and "{limit}", "{over}" replaced.
    var counted = output.getAttribute("data-text-count") || "{words} / {limit}";
    var over = output.getAttribute("data-text-over") || "";
    function update() {
      var words = count(area.value);
      var left = limit - words;
      output.textContent = counted.replace("{words}", String(words))
        .replace("{limit}", String(limit)) +
        (left < 0 ? over.replace("{over}", String(-left)) : "");
      output.classList.toggle("text-danger", left < 0);
      output.classList.toggle("text-body-secondary", left >= 0);
    }
    area.addEventListener("input", update);
    update();
  });
})();
