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

  // The phone's Menu is a <details> (it opens without script); here it also closes on
  // Escape, on a tap outside it, and when the page is shown again from the back button.
  function bindMenu() {
    var menu = document.querySelector("[data-menu]");
    if (!menu) return;
    var summary = menu.querySelector("summary");
    function close(focus) {
      if (!menu.open) return;
      menu.open = false;
      if (focus) summary.focus();
    }
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") close(menu.contains(document.activeElement));
    });
    document.addEventListener("click", function (event) {
      if (!menu.contains(event.target)) close(false);
    });
    window.addEventListener("pageshow", function () { close(false); });
  }

  // The bottom bar's Search goes to the search box at the top of the page when there is one,
  // rather than to a page that only points at it.
  function bindSearchShortcut() {
    document.querySelectorAll("a[data-focus-search]").forEach(function (link) {
      var box = document.getElementById(link.dataset.focusSearch);
      if (!box) return;
      link.addEventListener("click", function (event) {
        if (event.metaKey || event.ctrlKey || event.shiftKey) return;
        event.preventDefault();
        window.scrollTo(0, 0);
        box.focus();
        box.select();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    bindTutuToggle();
    bindErrorSummary();
    bindSuggestions();
    bindMenu();
    bindSearchShortcut();
  });
})();
