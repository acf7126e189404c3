// earshot console: small enhancements only; every page works without
// this file. Copy buttons: shown only when script runs, they copy the text
// of the element named by data-copy.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("button.copy[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) return;
    var label = button.textContent;
    button.hidden = false;
    function done(text) {
      button.textContent = text;
      setTimeout(function () { button.textContent = label; }, 2000);
    }
    function fallback() {
      var range = document.createRange();
      range.selectNodeContents(source);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      done(ok ? "Copied" : "Press Ctrl+C");
    }
    button.addEventListener("click", function () {
      var text = source.textContent;
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () { done("Copied"); }, fallback);
      } else {
        fallback();
      }
    });
  });
});

// Live filter check: an input with data-filter-check="TARGET" is checked
// by /admin/filter-check as it is typed (debounced; answers that arrive
// out of order are dropped), and the verdict is written into the element
// named "<id>-check" (aria-live, and in the input's aria-describedby).
// The save checks again on the server, with or without this.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("input[data-filter-check]").forEach(function (input) {
    var out = document.getElementById(input.id + "-check");
    if (!out || !window.fetch) return;
    var timer = null, asked = 0;
    function show(ok, text) {
      out.textContent = text;
      out.className = "filter-check " + (ok ? "ok" : "failed");
      if (ok) input.removeAttribute("aria-invalid");
      else input.setAttribute("aria-invalid", "true");
    }
    function check() {
      var mine = ++asked;
      var scope = document.getElementById("f-scope");
      var url = "/admin/filter-check?target=" +
        encodeURIComponent(input.getAttribute("data-filter-check")) +
        "&filter=" + encodeURIComponent(input.value) +
        (scope ? "&scope=" + encodeURIComponent(scope.value) : "");
      fetch(url, {credentials: "same-origin", headers: {Accept: "application/json"}})
        .then(function (r) { return r.json(); })
        .then(function (answer) {
          if (mine !== asked) return;
          if (answer.ok) {
            show(true, input.value.trim() === "" ? "" : "Filter is valid.");
          } else {
            show(false, (answer.column ? "Column " + answer.column + ": " : "") +
                 answer.error);
          }
        })
        .catch(function () { if (mine === asked) out.textContent = ""; });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(check, 350);
    });
    if (input.value.trim() !== "") check();
  });
});

// Payload picker (payload_picker.tpl): each listed value becomes a button
// that puts its pointer into the pointer field (data-pointer-field) that
// last had focus, or the first one on the page. "source" fields hold
// ATTRIBUTE=SOURCE (identify): only the part after "=" is replaced.
document.addEventListener("DOMContentLoaded", function () {
  var fields = document.querySelectorAll("[data-pointer-field]");
  var buttons = document.querySelectorAll("button.pick[data-pointer]");
  if (!fields.length || !buttons.length) return;
  var last = fields[0];
  fields.forEach(function (field) {
    field.addEventListener("focus", function () { last = field; });
  });
  var status = document.getElementById("picker-status");
  buttons.forEach(function (button) {
    var text = button.previousElementSibling;
    if (text && text.classList.contains("val")) text.hidden = true;
    button.hidden = false;
    button.addEventListener("click", function () {
      var pointer = button.getAttribute("data-pointer");
      if (last.getAttribute("data-pointer-field") === "source") {
        var eq = last.value.indexOf("=");
        last.value = (eq >= 0 ? last.value.slice(0, eq + 1) : "email=") + pointer;
      } else {
        last.value = pointer;
      }
      last.dispatchEvent(new Event("input", {bubbles: true}));
      var label = document.querySelector("label[for='" + last.id + "']");
      if (status) {
        status.textContent = pointer + " put into " +
          (label ? label.textContent : last.name) + ".";
      }
      last.focus();
    });
  });
});
