// Progressive enhancements only: every page works without this file.
(function () {
  "use strict";

  // Hide tutu-only fields unless the category is tutu (the server still checks them).
  function bindTutuToggle() {
    var select = document.querySelector("[data-tutu-toggle]");
    var fields = document.querySelector(".tutu-fields");
    if (!select || !fields) return;
    function update() { fields.classList.toggle("is-hidden", select.value !== "tutu"); }
    select.addEventListener("change", update);
    update();
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
    bindSuggestions();
  });
})();
