// A "Copy" button copies the value of the input it names (data-copy-target) to the clipboard
// and says so on the button for a moment (data-copied).
document.querySelectorAll(".copy-button").forEach(function (button) {
  button.addEventListener("click", function () {
    var input = document.getElementById(button.dataset.copyTarget);
    if (!input) return;
    var label = button.textContent;
    var done = function () {
      button.textContent = button.dataset.copied || label;
      setTimeout(function () { button.textContent = label; }, 2000);
    };
    input.select();
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(input.value).then(done, function () {
        document.execCommand("copy");
        done();
      });
    } else {
      document.execCommand("copy");
      done();
    }
  });
});
