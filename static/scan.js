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
      item.className = row.outcome === "changed" || row.outcome === "recorded" ? row.outcome :
        (row.ok ? "ok" : (row.repeat ? "repeat" : "refused"));
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

  // The action and rack chosen last, kept for this tab: a page reloaded without signal
  // (the copy the service worker kept) goes on with the same action.
  function remember(select, name) {
    if (!select) return;
    try {
      var kept = sessionStorage.getItem(name);
      if (!select.value && kept && select.querySelector("option[value='" + CSS.escape(kept) + "']")) {
        select.value = kept;
      }
      select.addEventListener("change", function () { sessionStorage.setItem(name, select.value); });
    } catch (e) { /* no storage: choose again */ }
  }

  function bindBatch(form) {
    var code = document.getElementById("batch-code");
    var logField = document.getElementById("batch-log");
    var feedback = document.getElementById("batch-feedback");
    var list = document.getElementById("batch-list");
    var counts = document.getElementById("batch-counts");
    var action = document.getElementById("batch-action");
    var rack = document.getElementById("batch-location");
    var day = document.getElementById("batch-day");
    // The page writes these texts in the reader's language (data-text-* on the form).
    var noAction = form.dataset.textNoAction || "Choose an action first; your scan is kept.";
    var refused = form.dataset.textRefused || "The server refused the scan (%(status)s).";
    var queuedText = form.dataset.textQueued || "%(tag)s kept on this phone: waiting to send.";
    var panel = document.getElementById("offline-queue");
    var queue = null;
    remember(action, "batch-action");
    remember(rack, "batch-location");
    remember(day, "batch-day");

    function answered(item, reply) {
      logField.value = JSON.stringify(reply.log);
      renderLog(list, counts, reply.log, reply.counts);
      var fb = reply.feedback;
      if (fb) show(feedback, fb.text, fb.ok && !fb.repeat && fb.outcome !== "recorded");
    }

    if (window.OfflineScans && window.indexedDB && panel) {
      // Each scan is kept on the phone first, then sent in order (now, or when back online).
      queue = window.OfflineScans.start({
        panel: panel,
        endpoint: form.getAttribute("action"),
        token: form.querySelector("input[name=csrf_token]").value,
        extra: function (data) {
          data.set("log", logField.value);
          if (day) data.set("day_id", day.value); // "pulled for the day": which day
        },
        reply: answered,
        queued: function (item) {
          feedback.hidden = false;
          feedback.className = "flash";
          feedback.textContent = queuedText.replace("%(tag)s", item.code);
          beep(true);
        },
      });
    }

    var chain = Promise.resolve();
    function submitNow(value) {
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
      }).then(function (reply) { answered(null, reply); })
        .catch(function (error) { show(feedback, error.message, false); });
    }

    function submitCode(value) {
      if (!queue) {
        // No IndexedDB here: scans are sent at once, one after another, in order.
        chain = chain.then(function () { return submitNow(value); });
        return chain;
      }
      var chosen = action.options[action.selectedIndex];
      return queue.add({
        action: action.value, label: chosen ? chosen.textContent : action.value,
        location_id: rack ? rack.value : "", code: value,
      });
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
      submitCode(value);
    });
    form.submitCode = function (value) {
      if (!action.value) {
        show(feedback, noAction, false);
        code.value = value;
        code.focus();
        return;
      }
      submitCode(value);
    };
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-batch]");
    if (form) bindBatch(form);
  });
})();
