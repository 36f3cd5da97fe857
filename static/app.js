// Progressive enhancements only: every page works without this file.
(function () {
  "use strict";

  // Hide tutu-only fields unless the category is tutu (the server still checks them).
  // A section is never hidden while it holds an error or a value the user must clear.
  function bindTutuToggle() {
    var select = document.querySelector("[data-tutu-toggle]");
    var fields = document.querySelector(".tutu-fields");
    if (!select || !fields) return;
    var note = fields.querySelector(".tutu-note");
    function filled() {
      return Array.prototype.some.call(fields.querySelectorAll("input, select"), function (el) {
        return el.value.trim() !== "";
      });
    }
    function update() {
      var tutu = select.value === "tutu";
      var keep = fields.hasAttribute("data-has-errors") || filled();
      fields.classList.toggle("is-hidden", !tutu && !keep);
      if (note) note.hidden = tutu;
    }
    select.addEventListener("change", update);
    update();
  }

  // The error summary gets focus, and its links reveal any hidden section around a field.
  function bindErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var target = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!target) return;
      event.preventDefault();
      for (var el = target.parentElement; el; el = el.parentElement) {
        if (el.classList.contains("is-hidden")) el.classList.remove("is-hidden");
        if (el.tagName === "DETAILS") el.open = true;
      }
      target.focus();
      target.scrollIntoView({ block: "center" });
    });
  }

  // Costume fields suggest matching costumes as you type, a page of 20 at a time.
  function bindSuggestions() {
    document.querySelectorAll("input[data-suggest]").forEach(function (input) {
      var list = document.getElementById(input.getAttribute("list"));
      var timer = null;
      input.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () {
          var url = input.dataset.suggest + "?q=" + encodeURIComponent(input.value);
          fetch(url, { credentials: "same-origin" })
            .then(function (r) { return r.ok ? r.json() : []; })
            .then(function (rows) {
              list.replaceChildren.apply(list, rows.map(function (row) {
                var option = document.createElement("option");
                option.value = row.value;
                option.label = row.label || "";
                return option;
              }));
            })
            .catch(function () { /* suggestions are optional */ });
        }, 200);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    bindTutuToggle();
    bindErrorSummary();
    bindSuggestions();
  });
})();
