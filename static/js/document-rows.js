// One tap per document: each checklist row's Upload button (form[data-upload-row], in
// templates/applications/_document_upload.html) opens the camera or the files, and the file
// chosen is sent at once with XMLHttpRequest, its progress shown in that row. The server
// answers JSON (it was asked for with Accept: application/json): the row rendered again, with
// its new file and a confirmation or with the error naming the file, which takes the old
// row's place; or, from the dashboard's card, a page to go to. Without JavaScript, or without
// XHR upload events, the row's form posts normally and the server redirects to the checklist.
(function () {
  "use strict";
  if (!window.XMLHttpRequest || !window.FormData || !window.JSON ||
      !("upload" in new XMLHttpRequest()) || !("content" in document.createElement("template"))) {
    return;
  }

  // "{name} was not uploaded" -> "cv.pdf was not uploaded"; the words come translated from
  // the page (data-text-* attributes of the element around the rows).
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : whole;
    });
  }

  function wordsFor(form) {
    var holder = form.closest("[data-upload-words]");
    return function (name) {
      return (holder && holder.getAttribute("data-text-" + name)) || "";
    };
  }

  function focusOn(element) {
    if (!element) { return; }
    if (!element.hasAttribute("tabindex")) { element.setAttribute("tabindex", "-1"); }
    element.focus();
  }

  function replaceRow(form, html) {
    var row = form.closest("[data-document-row]");
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    var fresh = template.content.firstElementChild;
    if (!row || !fresh) { return false; }
    row.replaceWith(fresh);
    init(fresh);
    var error = fresh.querySelector("[data-upload-error]");
    focusOn(error && error.textContent.trim() ? error : fresh.querySelector("[data-upload-done]"));
    return true;
  }

  function attach(form) {
    var input = form.querySelector("input[type=file]");
    var button = form.querySelector("[data-upload-button]");
    var box = form.querySelector("[data-upload-progress]");
    var bar = box && box.querySelector("progress");
    var label = box && box.querySelector("[data-upload-progress-label]");
    var text = box && box.querySelector("[data-upload-progress-text]");
    var alert = form.querySelector("[data-upload-error]");
    if (!input || !button || !bar || !label || !text || !alert) { return; }
    var words = wordsFor(form);
    var maxBytes = parseInt(form.getAttribute("data-max-bytes"), 10) || 0;

    // The button is the one control: it opens the picker, and choosing a file sends it.
    input.hidden = true;
    button.type = "button";
    button.addEventListener("click", function () {
      alert.textContent = "";
      input.click();
    });
    input.addEventListener("change", function () {
      if (input.files && input.files.length > 0) { send(input.files[0]); }
    });

    function showError(message) {
      box.hidden = true;
      button.disabled = false;
      input.value = "";
      alert.textContent = message;
      focusOn(button);
    }

    function send(file) {
      var values = { name: file.name };
      if (maxBytes && file.size > maxBytes) {
        showError(fill(words("too-large"), values));
        return;
      }
      var data = new FormData(form);
      button.disabled = true;
      alert.textContent = "";
      label.textContent = fill(words("uploading"), values);
      bar.value = 0;
      bar.textContent = "0%";
      text.textContent = fill(words("sent"), { percent: 0 });
      box.hidden = false;

      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.getAttribute("action") || window.location.href);
      xhr.setRequestHeader("Accept", "application/json");
      var lastSaid = 0;
      xhr.upload.addEventListener("progress", function (progress) {
        if (!progress.lengthComputable) { return; }
        var percent = Math.round(100 * progress.loaded / progress.total);
        bar.value = percent;
        bar.textContent = percent + "%";
        // aria-live reads the text: say it in tens to keep screen readers calm.
        if (percent === 100) {
          text.textContent = words("checking");
        } else if (percent - lastSaid >= 10) {
          lastSaid = percent - percent % 10;
          text.textContent = fill(words("sent"), { percent: lastSaid });
        }
      });
      xhr.addEventListener("load", function () {
        var answer = null;
        try { answer = JSON.parse(xhr.responseText); } catch (ignore) { answer = null; }
        if (!answer) {
          showError(fill(words("failed"), values));
          return;
        }
        if (answer.redirect) {
          window.location.assign(answer.redirect);
          return;
        }
        if (answer.files_used) {
          document.querySelectorAll("[data-files-used]").forEach(function (element) {
            element.textContent = answer.files_used;
          });
        }
        if (answer.html && replaceRow(form, answer.html)) { return; }
        showError(answer.error || fill(words("failed"), values));
      });
      xhr.addEventListener("error", function () { showError(fill(words("failed"), values)); });
      xhr.addEventListener("abort", function () { showError(fill(words("failed"), values)); });
      xhr.send(data);
    }
  }

  function init(root) {
    root.querySelectorAll("form[data-upload-row]").forEach(attach);
  }

  init(document);
})();
