// Batch scanning without page reloads, with sound and vibration (static/camera.js feeds
// camera reads to form.submitCode).
// The page works without this file: each scan is then a normal form post.
(function () {
  "use strict";

  var audio = null;
  function beep(ok) {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.frequency.value = ok ? 880 : 220;
      gain.gain.value = 0.15;
      osc.connect(gain);
      gain.connect(audio.destination);
      osc.start();
      osc.stop(audio.currentTime + (ok ? 0.12 : 0.35));
    } catch (e) { /* no sound available */ }
    if (navigator.vibrate) navigator.vibrate(ok ? 60 : [120, 80, 120]);
  }

  function renderLog(list, counts, log, countsText) {
    list.replaceChildren.apply(list, log.map(function (row) {
      var item = document.createElement("li");
      item.className = row.ok ? "ok" : (row.repeat ? "repeat" : "refused");
      var tag = document.createElement("b");
      tag.className = "tag";
      tag.textContent = row.tag;
      item.append(tag, " " + (row.name || "") + " — " + row.message);
      return item;
    }));
    counts.textContent = countsText;
  }

  function show(feedback, text, good) {
    feedback.hidden = false;
    feedback.className = "flash " + (good ? "flash-success" : "flash-error");
    feedback.textContent = text;
    beep(good);
  }

  function bindBatch(form) {
    var code = document.getElementById("batch-code");
    var logField = document.getElementById("batch-log");
    var feedback = document.getElementById("batch-feedback");
    var list = document.getElementById("batch-list");
    var counts = document.getElementById("batch-counts");
    var action = document.getElementById("batch-action");
    var queue = Promise.resolve();
    // The page writes these texts in the reader's language (data-text-* on the form).
    var noAction = form.dataset.textNoAction || "Choose an action first; your scan is kept.";
    var refused = form.dataset.textRefused || "The server refused the scan (%(status)s).";

    function submitCode(value) {
      var data = new FormData(form);
      data.set("code", value);
      data.set("log", logField.value);
      // A field named "action" shadows form.action, so read the attribute.
      return fetch(form.getAttribute("action"), {
        method: "POST", body: data, credentials: "same-origin",
        headers: { Accept: "application/json" },
      }).then(function (response) {
        if (!response.ok) throw new Error(refused.replace("%(status)s", response.status));
        return response.json();
      }).then(function (reply) {
        logField.value = JSON.stringify(reply.log);
        renderLog(list, counts, reply.log, reply.counts);
        var fb = reply.feedback;
        if (fb) show(feedback, fb.text, fb.ok && !fb.repeat);
      }).catch(function (error) { show(feedback, error.message, false); });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      code.focus();
      var value = code.value.trim();
      if (!value) return;
      if (!action.value) {
        // The scan stays in the field; it is applied once an action is chosen.
        show(feedback, noAction, false);
        return;
      }
      code.value = "";
      // Scanners type fast: apply scans one after another, in order.
      queue = queue.then(function () { return submitCode(value); });
    });
    form.submitCode = function (value) {
      if (!action.value) {
        show(feedback, noAction, false);
        code.value = value;
        code.focus();
        return;
      }
      queue = queue.then(function () { return submitCode(value); });
    };
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-batch]");
    if (form) bindBatch(form);
  });
})();
