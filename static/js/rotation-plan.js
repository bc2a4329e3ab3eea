// The rotation plan without a page reload. Each "Add to my plan", "Move up", "Move down" and
// "Remove" is a plain form that works without JavaScript (the page reloads at its top).
// With JavaScript the same request is sent in the background, the plan and the cards are
// replaced by the server's new version of them, the page keeps its place, the server's
// message is read out, and the focus goes where the person's eyes are: the same button of
// the rotation moved, or the plan's heading after an add or a removal. "Send my requests"
// stays a normal submit. Anything unexpected falls back to the plain form.
(function () {
  "use strict";
  var ACTIONS = ["add", "up", "down", "remove"];
  var layout = document.querySelector(".choose-layout");
  if (!layout || !window.fetch || !window.DOMParser || !window.FormData) { return; }

  var announcer = document.createElement("div");
  announcer.className = "visually-hidden";
  announcer.setAttribute("role", "status");
  announcer.setAttribute("aria-live", "polite");
  layout.parentNode.insertBefore(announcer, layout);

  function actionOf(form) {
    var input = form.querySelector('input[name="action"]');
    return input ? input.value : "";
  }

  function rotationOf(form) {
    var input = form.querySelector('input[name="rotation"]');
    return input ? input.value : "";
  }

  function focusAfter(action, rotation) {
    var target = null;
    if (action === "up" || action === "down") {
      layout.querySelectorAll("#plan form").forEach(function (form) {
        if (!target && actionOf(form) === action && rotationOf(form) === rotation) {
          target = form.querySelector("button");
        }
      });
      // At the top or the bottom now, it has only the other button.
      if (!target) {
        layout.querySelectorAll("#plan form").forEach(function (form) {
          if (!target && rotationOf(form) === rotation && actionOf(form) !== "remove") {
            target = form.querySelector("button");
          }
        });
      }
    } else if (action === "add") {
      // Stay on the card just added: it now says "In your plan".
      target = layout.querySelector("#rotation-" + rotation + "-title a");
    }
    if (target) {
      target.focus({preventScroll: true});
      return;
    }
    target = layout.querySelector("#plan-title");
    target.setAttribute("tabindex", "-1");
    target.focus();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!layout.contains(form)) { return; }
    var action = actionOf(form);
    if (ACTIONS.indexOf(action) === -1) { return; }
    event.preventDefault();
    var button = form.querySelector("button");
    if (button) { button.disabled = true; }
    var rotation = rotationOf(form);
    // Not form.action: the form's field named "action" hides that property.
    var url = form.getAttribute("action") || window.location.href;
    fetch(url, {method: "POST", body: new FormData(form), credentials: "same-origin"})
      .then(function (response) {
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.text();
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.querySelector(".choose-layout");
        if (!fresh) { throw new Error("no plan in the answer"); }
        layout.replaceWith(fresh);
        layout = fresh;
        var said = [];
        page.querySelectorAll("main .alert[role=alert]").forEach(function (alert) {
          said.push(alert.textContent.trim());
        });
        announcer.textContent = said.join(" ");
        focusAfter(action, rotation);
        document.dispatchEvent(new CustomEvent("rotations:plan-changed"));
      })
      .catch(function () {
        // The server could not be asked in the background: ask it the plain way.
        form.submit();
      });
  });
})();
