// Scans kept on the phone until they reach the server: each scan is stored in IndexedDB
// with its own key before it is sent, then sent in order, one by one, when there is a
// connection (now, on "online", on page load, every little while, or "Send now"). The
// server recognises a key it has seen, so a scan whose answer was lost is never applied
// twice. Used by the batch scan page (static/scan.js) and the garment phone pages.
(function () {
  "use strict";

  var DB_NAME = "costume-tracker";
  var STORE = "scans";
  var RETRY = 20000; // ms between two tries while scans wait
  var counter = 0;

  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "key" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function withStore(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var request = work(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(request ? request.result : undefined); };
        tx.onerror = function () { db.close(); reject(tx.error); };
        tx.onabort = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function waiting() {
    return withStore("readonly", function (store) { return store.getAll(); })
      .then(function (items) {
        return (items || []).sort(function (a, b) { return a.seq - b.seq; });
      });
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return (b + 256).toString(16).slice(1);
    }).join("");
  }

  function fill(message, values) {
    Object.keys(values || {}).forEach(function (name) {
      message = message.split("%(" + name + ")s").join(values[name]);
    });
    return message;
  }

  function clock(iso) {
    var when = new Date(iso);
    return when.toLocaleTimeString(document.documentElement.lang || undefined,
      { hour: "2-digit", minute: "2-digit" });
  }

  // options: panel (the queue's box with data-text-*), endpoint, token (CSRF), extra(data)
  // to add page fields, reply(item, answer) for each answer, queued(item) when kept offline.
  function start(options) {
    var panel = options.panel;
    var state = panel.querySelector("[data-queue-state]");
    var count = panel.querySelector("[data-queue-count]");
    var list = panel.querySelector("[data-queue-list]");
    var send = panel.querySelector("[data-queue-send]");
    var problem = panel.querySelector("[data-queue-problem]");
    var token = options.token;
    var busy = null;
    var again = false;
    var sending = null;
    var unreachable = false; // the last try found no server, whatever navigator.onLine says

    function text(key, values) { return fill(panel.dataset["text" + key] || key, values); }

    function render() {
      return waiting().then(function (items) {
        var shown = items.filter(function (item) { return item.key !== sending; });
        list.replaceChildren.apply(list, shown.map(function (item) {
          var row = document.createElement("li");
          row.className = "waiting";
          row.dataset.key = item.key;
          var tag = document.createElement("b");
          tag.className = "tag";
          tag.textContent = item.code;
          row.append(tag, " " + text("Waiting", { action: item.label, time: clock(item.scanned_at) }));
          return row;
        }));
        var n = shown.length;
        count.textContent = n ? text(n === 1 ? "CountOne" : "CountMany", { n: n }) : "";
        send.hidden = !n;
        showState();
        panel.hidden = !n && navigator.onLine !== false && !unreachable && !problem.textContent;
      });
    }

    function showState() {
      var offline = navigator.onLine === false || unreachable;
      state.textContent = offline ? text("Offline") : text("Online");
      state.className = offline ? "queue-state offline" : "queue-state online";
      if (offline) panel.hidden = false;
    }

    function freshToken() {
      // A page kept offline for hours holds an expired form token: read the current one.
      return fetch(options.endpoint, { credentials: "same-origin" }).then(function (r) {
        return r.text();
      }).then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var field = doc.querySelector("input[name=csrf_token]");
        if (field) token = field.value;
        return Boolean(field);
      });
    }

    function post(item, retried) {
      var data = new FormData();
      data.set("csrf_token", token);
      data.set("action", item.action);
      data.set("location_id", item.location_id || "");
      data.set("code", item.code);
      data.set("scan_key", item.key);
      data.set("scanned_at", item.scanned_at);
      if (options.extra) options.extra(data);
      return fetch(options.endpoint, {
        method: "POST", body: data, credentials: "same-origin",
        headers: { Accept: "application/json" },
      }).then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") === 0 && response.status < 500) {
          return response.json().then(function (answer) {
            // Only an answer about this scan settles it; anything else is tried again later.
            if (answer && answer.feedback) return { answer: answer };
            return { stop: text("ServerError", { status: response.status }) };
          });
        }
        if (response.status === 400 && !retried) {
          return freshToken().then(function (ok) {
            return ok ? post(item, true) : { stop: text("SignIn") };
          });
        }
        if (response.redirected || response.status === 401 || response.status === 403) {
          return { stop: text("SignIn") };
        }
        return { stop: text("ServerError", { status: response.status }) };
      }, function () { return { offline: true }; });
    }

    function next() {
      return waiting().then(function (items) {
        if (!items.length || navigator.onLine === false) return null;
        var item = items[0];
        sending = item.key;
        return post(item).then(function (result) {
          sending = null;
          unreachable = Boolean(result.offline);
          if (result.offline) return null;
          if (result.stop) {
            setProblem(result.stop);
            return null;
          }
          setProblem("");
          return withStore("readwrite", function (store) { return store.delete(item.key); })
            .then(function () {
              options.reply(item, result.answer);
              return next();
            });
        });
      });
    }

    function flush() {
      if (busy) {
        again = true;
        return busy;
      }
      busy = next().catch(function () { sending = null; }).then(function () {
        busy = null;
        if (again) {
          again = false;
          return flush();
        }
        return render();
      });
      return busy;
    }

    function add(fields) {
      var item = {
        key: newKey(), seq: Date.now() * 1000 + (counter++ % 1000),
        scanned_at: new Date().toISOString(),
        action: fields.action, label: fields.label, location_id: fields.location_id || "",
        code: fields.code,
      };
      return withStore("readwrite", function (store) { return store.put(item); })
        .then(function () {
          if (navigator.onLine === false) {
            if (options.queued) options.queued(item);
            return render();
          }
          return flush();
        });
    }

    function setProblem(message) {
      problem.textContent = message;
      problem.hidden = !message;
    }

    send.addEventListener("click", function () {
      setProblem("");
      flush();
    });
    window.addEventListener("online", function () { render(); flush(); });
    window.addEventListener("offline", function () { render(); });
    setInterval(function () { if (!busy) flush(); }, RETRY);
    render().then(flush);
    return { add: add, flush: flush, render: render };
  }

  // The garment phone pages: offline, an action button queues that action for the tag.
  function bindGarment(root) {
    var panel = document.getElementById("offline-queue");
    var tagField = root.querySelector("[data-queue-tag]");
    var always = root.hasAttribute("data-queue-always");
    if (tagField && !tagField.value) {
      var match = location.pathname.match(/^\/g\/([^/]+)/i);
      if (match) tagField.value = decodeURIComponent(match[1]).toUpperCase();
    }
    var outcomes = document.getElementById("queue-outcomes");
    var queue = start({
      panel: panel,
      endpoint: root.dataset.endpoint,
      token: root.dataset.csrf,
      reply: function (item, answer) {
        var fb = answer.feedback || {};
        var row = document.createElement("li");
        row.className = fb.outcome || (fb.ok ? "ok" : "refused");
        row.textContent = fb.text || "";
        outcomes.prepend(row);
        outcomes.hidden = false;
      },
    });
    function queueIt(event, action, label, locationId) {
      if (!always && navigator.onLine !== false) return; // online: the normal page
      event.preventDefault();
      var code = tagField ? tagField.value.trim() : root.dataset.tag;
      if (!code) return;
      queue.add({ action: action, label: label, location_id: locationId, code: code });
    }
    root.querySelectorAll("a[data-queue-action], button[data-queue-action]").forEach(
      function (control) {
        control.addEventListener("click", function (event) {
          queueIt(event, control.dataset.queueAction, control.dataset.queueLabel);
        });
      });
    root.querySelectorAll("form[data-queue-action]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        var rack = form.querySelector("select[name=location_id]");
        queueIt(event, form.dataset.queueAction, form.dataset.queueLabel, rack && rack.value);
      });
    });
  }

  window.OfflineScans = { start: start };
  document.addEventListener("DOMContentLoaded", function () {
    var root = document.querySelector("[data-offline-garment]");
    if (root && window.indexedDB) bindGarment(root);
  });
})();
