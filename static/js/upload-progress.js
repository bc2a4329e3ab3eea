// Shows how much of a document upload has been sent. Forms marked data-upload-form are sent
// with XMLHttpRequest so that upload progress events can drive the <progress> element inside
// [data-upload-progress]; the page the server answers with (the redirect target, or the form
// with its errors) then replaces this one. Without JavaScript, or without XHR upload events,
// the form posts normally and the server's answer is the same.
(function () {
  "use strict";
  if (!window.XMLHttpRequest || !window.FormData || !window.DOMParser ||
      !("upload" in new XMLHttpRequest())) {
    return;
  }

  function showPage(xhr) {
    var page = new DOMParser().parseFromString(xhr.responseText, "text/html");
    document.title = page.title;
    document.body.replaceWith(document.adoptNode(page.body));
    if (xhr.responseURL && window.history && window.history.replaceState) {
      window.history.replaceState(null, "", xhr.responseURL);
    }
    init(document);
    // Move focus where a keyboard or screen reader user needs it: the first error, else the page.
    var target = document.querySelector(".is-invalid, .invalid-feedback, .alert") ||
      document.getElementById("main");
    if (target) {
      if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
      target.focus();
    }
  }

  function attach(form) {
    var box = form.querySelector("[data-upload-progress]");
    var bar = box && box.querySelector("progress");
    var text = box && box.querySelector("[data-upload-progress-text]");
    if (!box || !bar || !text) { return; }
    // The words come translated from the page (data- attributes on the progress box).
    var words = {
      starting: box.getAttribute("data-text-starting") || "",
      sent: box.getAttribute("data-text-sent") || "{percent}%",
      checking: box.getAttribute("data-text-checking") || "",
      failed: box.getAttribute("data-text-failed") || ""
    };
    function sent(percent) { return words.sent.replace("{percent}", String(percent)); }
    var sending = false;
    var started = false;

    form.addEventListener("submit", function (event) {
      var input = form.querySelector("input[type=file]");
      if (!input || !input.files || input.files.length === 0) {
        return;  // nothing to upload: let the server answer the normal way
      }
      event.preventDefault();
      if (sending) { return; }
      sending = true;
      var buttons = form.querySelectorAll("button, input[type=submit]");
      buttons.forEach(function (button) { button.disabled = true; });
      bar.value = 0;
      bar.textContent = "0%";
      text.textContent = words.starting;
      started = true;
      box.hidden = false;

      var data = new FormData(form);
      if (event.submitter && event.submitter.name) {
        data.append(event.submitter.name, event.submitter.value);
      }
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.getAttribute("action") || window.location.href);
      xhr.upload.addEventListener("progress", function (progress) {
        if (!progress.lengthComputable) { return; }
        var percent = Math.round(100 * progress.loaded / progress.total);
        bar.value = percent;
        bar.textContent = percent + "%";
        // aria-live announces the text; update it in tens to keep screen readers calm.
        if (percent === 100) {
          text.textContent = words.checking;
        } else if (percent % 10 === 0 || started) {
          text.textContent = sent(percent);
        }
        started = false;
      });
      // Whatever the server answered (the next page, the form with its errors, an error
      // page) is a whole page: show it as the browser would have.
      xhr.addEventListener("load", function () { showPage(xhr); });
      function failed() {
        sending = false;
        buttons.forEach(function (button) { button.disabled = false; });
        text.textContent = words.failed;
      }
      xhr.addEventListener("error", failed);
      xhr.addEventListener("abort", failed);
      xhr.send(data);
    });
  }

  function init(root) {
    root.querySelectorAll("form[data-upload-form]").forEach(attach);
  }

  init(document);
})();
