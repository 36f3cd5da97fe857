// In-page camera scanning on every phone. The rear camera reads label QR codes with the
// browser's own BarcodeDetector where it reads QR codes (Android Chrome), else with the
// zxing-wasm reader vendored in static/vendor (iPhone Safari, desktop Linux), loaded only
// when a camera starts so other pages stay light. The batch scan page sends each new code
// to its form (form.submitCode, static/scan.js, which beeps on each answer); the header
// camera opens the first label it reads. Pages work without this file: the camera buttons
// stay hidden and the code field takes keyboard and scanner entry.
(function () {
  "use strict";

  var INTERVAL = 200; // ms between two reads of the video: quick enough, light on batteries
  var GONE = 2000; // ms out of view before the same code counts as a new scan
  // As costume_tracker/scanning/services.py reads a tag from a label URL or a typed code.
  var TAG_IN_TEXT = /(?:\/g\/)?([A-Za-z]{1,6}-\d{5,})\/?\s*$/i;
  var active = null; // the one scanner holding the camera
  var detecting = null; // one QR reader for the page, shared by its scanners

  function tagIn(value) {
    var match = TAG_IN_TEXT.exec(value.trim());
    return match ? match[1].toUpperCase() : null;
  }

  // The page writes every message in the reader's language (data-text-* on the status line).
  function text(root, key, values) {
    var message = root.querySelector("[data-camera-status]").dataset["text" + key] || key;
    Object.keys(values || {}).forEach(function (name) {
      message = message.replace("%(" + name + ")s", values[name]);
    });
    return message;
  }

  function cameraPossible() {
    return Boolean(window.isSecureContext && navigator.mediaDevices &&
      navigator.mediaDevices.getUserMedia);
  }

  function nativeDetector() {
    var Native = window.BarcodeDetector;
    if (!Native || typeof Native.getSupportedFormats !== "function") return Promise.resolve(null);
    return Native.getSupportedFormats().then(function (formats) {
      return formats.indexOf("qr_code") >= 0 ? new Native({ formats: ["qr_code"] }) : null;
    }, function () { return null; });
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      if (window.BarcodeDetectionAPI) return resolve(window.BarcodeDetectionAPI);
      var script = document.createElement("script");
      script.src = src;
      script.addEventListener("load", function () { resolve(window.BarcodeDetectionAPI); });
      script.addEventListener("error", function () { script.remove(); reject(new Error(src)); });
      document.head.append(script);
    });
  }

  // The ponyfill fetches its .wasm from a CDN unless told otherwise: always the app's own copy
  // (the CSP allows no other origin, and the basement store has no signal to reach one).
  function vendoredDetector(root) {
    var where = root.querySelector("[data-camera-status]").dataset;
    var wasm = new URL(where.wasmSrc, window.location.href).href;
    return loadScript(where.decoderSrc).then(function (api) {
      return Promise.resolve(api.prepareZXingModule({
        overrides: {
          locateFile: function (path, prefix) { return path.endsWith(".wasm") ? wasm : prefix + path; },
        },
        fireImmediately: true,
      })).then(function () { return new api.BarcodeDetector({ formats: ["qr_code"] }); });
    });
  }

  function getDetector(root) {
    if (!detecting) {
      detecting = nativeDetector().then(function (native) {
        return native || vendoredDetector(root);
      });
      detecting.catch(function () { detecting = null; }); // the next start tries again
    }
    return detecting.catch(function (error) {
      var failed = new Error(String(error && error.message));
      failed.decoder = true;
      throw failed;
    });
  }

  var audio = null;
  // iPhones play sound only from a context created or resumed during a tap.
  function unlockSound() {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      if (audio.state === "suspended") audio.resume();
    } catch (e) { audio = null; }
  }

  function beep() {
    try {
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.frequency.value = 880;
      gain.gain.value = 0.15;
      osc.connect(gain);
      gain.connect(audio.destination);
      osc.start();
      osc.stop(audio.currentTime + 0.12);
    } catch (e) { /* no sound available */ }
    if (navigator.vibrate) navigator.vibrate(60);
  }

  function stopTracks(stream) {
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
  }

  // A camera box (data-camera): its video, torch/switch/stop buttons and status line.
  // onCode(value) is called once per code that comes into view.
  function makeScanner(root, onCode, onStop) {
    var video = root.querySelector("[data-camera-video]");
    var view = root.querySelector("[data-camera-view]");
    var status = root.querySelector("[data-camera-status]");
    var torch = root.querySelector("[data-camera-torch]");
    var switcher = root.querySelector("[data-camera-switch]");
    var starter = root.querySelector("[data-camera-start]");
    var stream = null, detector = null, running = false, busy = false, lastRead = 0;
    var session = 0, seen = new Map(), cameras = [], chosen = null;
    var scanner = { root: root, start: start, stop: halt, release: release };

    function say(message, bad) {
      status.textContent = message || "";
      status.classList.toggle("camera-error", Boolean(bad));
    }

    function release() {
      session += 1;
      running = false;
      busy = false;
      stopTracks(stream);
      stream = null;
      video.srcObject = null;
      seen.clear();
      if (active === scanner) active = null;
    }

    function halt(message, bad) {
      release();
      view.hidden = true;
      torch.hidden = true;
      switcher.hidden = true;
      if (starter) starter.hidden = false;
      say(message, bad);
    }

    function start(deviceId) {
      if (!cameraPossible()) {
        return say(text(root, window.isSecureContext ? "Unsupported" : "Https"), true);
      }
      if (active && active !== scanner) active.stop();
      release();
      active = scanner;
      unlockSound();
      chosen = deviceId || chosen;
      var mine = session;
      say(text(root, "Starting"));
      if (starter) starter.hidden = true;
      view.hidden = false;
      // Called at once, still inside the tap: Safari wants the gesture for the prompt.
      var opening = navigator.mediaDevices.getUserMedia({
        audio: false,
        video: chosen ? { deviceId: { exact: chosen } }
          : { facingMode: { ideal: "environment" }, width: { ideal: 1280 }, height: { ideal: 720 } },
      });
      var reading = getDetector(root);
      reading.catch(function () { /* reported below, once the camera answered */ });
      opening.then(function (opened) {
        if (mine !== session) return stopTracks(opened);
        stream = opened;
        video.muted = true;
        video.srcObject = opened;
        return Promise.all([video.play(), reading]).then(function (ready) {
          if (mine !== session) return;
          detector = ready[1];
          running = true;
          say(text(root, "Looking"));
          offerControls(mine);
          next();
        });
      }).catch(function (error) {
        if (mine === session) fail(error);
      });
    }

    function fail(error) {
      var name = error && error.name;
      var key = error && error.decoder ? "NoDecoder"
        : (name === "NotAllowedError" || name === "SecurityError") ? "Refused"
        : (name === "NotFoundError" || name === "OverconstrainedError") ? "NotFound"
        : (name === "NotReadableError" || name === "AbortError") ? "Busy" : null;
      if (name === "OverconstrainedError" && chosen) chosen = null; // that camera is gone
      halt(key ? text(root, key)
        : text(root, "Failed", { reason: (error && error.message) || String(error) }), true);
    }

    // The torch button only where the camera has one (Android reports it a moment after start);
    // the switch only with several cameras (their list is known once the camera is allowed).
    function offerControls(mine) {
      function checkTorch() {
        var track = mine === session && stream && stream.getVideoTracks()[0];
        var caps = track && track.getCapabilities ? track.getCapabilities() : {};
        torch.hidden = !caps.torch;
        torch.setAttribute("aria-pressed", "false");
      }
      checkTorch();
      setTimeout(checkTorch, 800);
      navigator.mediaDevices.enumerateDevices().then(function (devices) {
        cameras = devices.filter(function (d) { return d.kind === "videoinput" && d.deviceId; });
        switcher.hidden = mine !== session || cameras.length < 2;
      }).catch(function () { switcher.hidden = true; });
    }

    function next() {
      if (!running) return;
      if (video.requestVideoFrameCallback) video.requestVideoFrameCallback(frame);
      else setTimeout(frame, INTERVAL);
    }

    function frame() {
      if (!running) return;
      var now = performance.now();
      if (busy || now - lastRead < INTERVAL || video.readyState < 2) return next();
      busy = true;
      lastRead = now;
      var mine = session;
      detector.detect(video).then(function (codes) {
        if (mine === session) found(codes);
      }, function () { /* a frame the reader could not take; the next one will do */ })
        .then(function () {
          if (mine !== session) return;
          busy = false;
          next();
        });
    }

    // A code is new when it was not in view during the last GONE ms: holding a label in
    // front of the camera sends it once, showing it again later sends it again.
    function found(codes) {
      var now = performance.now();
      seen.forEach(function (time, value) { if (now - time > GONE) seen.delete(value); });
      codes.forEach(function (code) {
        var value = (code.rawValue || "").trim();
        if (!value) return;
        var fresh = !seen.has(value);
        seen.set(value, now);
        if (!fresh || !running) return;
        say(text(root, "Read", { code: tagIn(value) || value }));
        onCode(value);
      });
    }

    torch.addEventListener("click", function () {
      var track = stream && stream.getVideoTracks()[0];
      if (!track) return;
      var on = torch.getAttribute("aria-pressed") !== "true";
      track.applyConstraints({ advanced: [{ torch: on }] }).then(function () {
        torch.setAttribute("aria-pressed", String(on));
      }, function () { say(text(root, "TorchFailed"), true); });
    });
    switcher.addEventListener("click", function () {
      var track = stream && stream.getVideoTracks()[0];
      var current = track && track.getSettings ? track.getSettings().deviceId : null;
      var index = cameras.findIndex(function (d) { return d.deviceId === current; });
      var after = cameras[(index + 1) % cameras.length];
      if (after) start(after.deviceId);
    });
    root.querySelector("[data-camera-stop]").addEventListener("click", function () { onStop(scanner); });
    if (starter) starter.addEventListener("click", function () { start(); });
    return scanner;
  }

  // Batch scan page: every new code goes to the scan form, which answers in its feedback line.
  function bindBatch(panel) {
    var form = panel.closest("form");
    panel.hidden = false;
    var scanner = makeScanner(panel, function (value) {
      if (form && typeof form.submitCode === "function") form.submitCode(value);
    }, function (self) { self.stop(text(panel, "Stopped")); });
    if (!cameraPossible()) {
      scanner.stop(text(panel, window.isSecureContext ? "Unsupported" : "Https"), true);
      panel.querySelector("[data-camera-start]").hidden = true;
    }
  }

  // Header camera: a dialog that opens the garment page of the first label it reads.
  function bindHeader(button) {
    var dialog = document.getElementById(button.dataset.cameraOpen);
    if (!dialog || typeof dialog.showModal !== "function" || !cameraPossible()) return;
    document.body.append(dialog); // out of the search form: its buttons are the dialog's own
    var done = false;
    var scanner = makeScanner(dialog, function (value) {
      if (done) return;
      done = true;
      beep();
      var tag = tagIn(value);
      var url = tag ? dialog.dataset.garmentUrl.replace("__TAG__", encodeURIComponent(tag))
        : dialog.dataset.searchUrl + "?q=" + encodeURIComponent(value.slice(0, 200));
      scanner.release();
      window.location.assign(url);
    }, function () { dialog.close(); });
    button.hidden = false;
    button.addEventListener("click", function () {
      done = false;
      dialog.showModal();
      scanner.start();
    });
    dialog.addEventListener("close", function () { scanner.stop(); });
    // Back from the garment page (page restored from the cache): the camera is off, so close.
    window.addEventListener("pageshow", function (event) {
      if (event.persisted && dialog.open) dialog.close();
    });
  }

  // A hidden page keeps no camera on; the user starts it again when back.
  function pauseWhenHidden() {
    if (active) active.stop(text(active.root, "Paused"));
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-camera-panel]").forEach(bindBatch);
    document.querySelectorAll("[data-camera-open]").forEach(bindHeader);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") pauseWhenHidden();
    });
    window.addEventListener("pagehide", pauseWhenHidden);
  });
})();
