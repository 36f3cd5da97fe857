// Installs the service worker that keeps the floor pages working without signal.
// Browsers allow one only on HTTPS (or this machine); elsewhere the app works online only.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  window.addEventListener("load", function () {
    // Scope "/": the floor pages (/scan, /g/<tag>) and the home page share no narrower path.
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {
      /* the app still works online */
    });
  });
})();
