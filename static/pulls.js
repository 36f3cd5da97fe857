// The pull list without page reloads: a scan (keyboard wedge or the in-page camera, which
// calls form.submitCode from static/camera.js) or a tick button is sent as JSON and the list
// is redrawn from the server's answer. Each scan carries its own key, so a request whose
// answer was lost and is sent again is applied once. Without this file every scan and tick
// is a normal form post.
(function () {
  "use strict";

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  function beep(ok) {
    if (navigator.vibrate) navigator.vibrate(ok ? 60 : [120, 80, 120]);
  }

  function bind(form) {
    var code = document.getElementById("pull-code");
    var feedback = document.getElementById("pull-feedback");
    var body = document.getElementById("pull-list-body");
    var token = form.querySelector("input[name=csrf_token]").value;
    var refused = form.dataset.textRefused || "The server refused the scan (%(status)s).";
    var offline = form.dataset.textOffline || "No connection: scan %(tag)s again.";
    var chain = Promise.resolve();

    function show(text, good) {
      feedback.hidden = false;
      feedback.className = "flash " + (good ? "flash-success" : "flash-error");
      feedback.textContent = text;
      beep(good);
    }

    function send(url, data, label, tries) {
      return fetch(url, {
        method: "POST", body: data, credentials: "same-origin",
        headers: { Accept: "application/json" },
      }).then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") !== 0) throw new Error(refused.replace("%(status)s", response.status));
        return response.json();
      }, function () {
        // No answer: the same key is sent once more, and the server applies it once.
        if (tries > 0) return send(url, data, label, tries - 1);
        throw new Error(offline.replace("%(tag)s", label));
      }).then(function (reply) {
        if (reply.html !== undefined) {
          // The server's fragment, parsed inertly (no script runs), replaces the list.
          var doc = new DOMParser().parseFromString(reply.html, "text/html");
          body.replaceChildren.apply(body, Array.prototype.slice.call(doc.body.childNodes));
        }
        var fb = reply.feedback;
        show(fb.text, fb.ok && !fb.repeat);
      }).catch(function (error) { show(error.message, false); });
    }

    function submitCode(value) {
      var data = new FormData();
      data.set("csrf_token", token);
      data.set("code", value);
      data.set("scan_key", newKey());
      chain = chain.then(function () { return send(form.getAttribute("action"), data, value, 1); });
      return chain;
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var value = code.value.trim();
      code.focus();
      if (!value) return;
      code.value = "";
      submitCode(value);
    });
    form.submitCode = submitCode;

    // Tick buttons inside the list (redrawn after each answer): one listener on the list.
    body.addEventListener("submit", function (event) {
      var tick = event.target.closest("form[data-pull-tick]");
      if (!tick) return;
      event.preventDefault();
      var data = new FormData(tick);
      data.set("scan_key", newKey());
      chain = chain.then(function () { return send(tick.getAttribute("action"), data, "", 1); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-pull-scan]");
    if (form) bind(form);
  });
})();
