// Costume Tracker's service worker: the floor pages keep opening without signal.
// Served by the app at /sw.js, which fills in the version and the files to cache; a new
// version (any cached file changed) replaces the old caches as soon as it activates.
"use strict";

var VERSION = "__VERSION__";
var STATIC_FILES = ["__STATIC__"];
var PAGES = ["__PAGES__"];
var CACHE = "costume-tracker-" + VERSION;
var OFFLINE_GARMENT = PAGES[PAGES.length - 1];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(STATIC_FILES).then(function () { return warm(cache); });
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("costume-tracker-") === 0 && name !== CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

// Only complete, successful answers from this site are kept: never an error page, a
// redirect to sign-in or another site's answer.
function cacheable(response) {
  return response && response.ok && response.type === "basic" && !response.redirected;
}

// The pages the floor needs (batch scan, the offline page for a label), when the user may
// open them; a sign-in redirect or a refusal is simply not kept.
function warm(cache) {
  return Promise.all(PAGES.map(function (url) {
    return cache.match(url).then(function (found) {
      if (found) return null;
      return fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (cacheable(response)) return cache.put(url, response);
        return null;
      }).catch(function () { return null; });
    });
  }));
}

// A label's page is one page whatever the letter case of its address.
function pageKey(url) {
  var match = url.pathname.match(/^\/g\/([^/]+)\/?$/i);
  if (match) return url.origin + "/g/" + decodeURIComponent(match[1]).toUpperCase();
  return url.origin + url.pathname;
}

function isFloorPage(url) {
  return url.pathname === "/" || url.pathname === "/scan" || /^\/g\//i.test(url.pathname) ||
    PAGES.indexOf(url.pathname) !== -1;
}

// Pages: the network first, so what is shown is current; offline, the copy last seen.
// A proxy's "bad gateway" or "unavailable" means the app is out of reach, as offline.
var UNREACHABLE = [502, 503, 504];

function page(request, url) {
  var key = pageKey(url);
  return fetch(request).then(function (response) {
    if (UNREACHABLE.indexOf(response.status) !== -1) {
      return caches.match(key).then(function (found) { return found || response; });
    }
    if (cacheable(response) && isFloorPage(url)) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) {
        cache.put(key, copy);
        return warm(cache);
      });
    }
    return response;
  }).catch(function (error) {
    return caches.open(CACHE).then(function (cache) {
      return cache.match(key).then(function (found) {
        if (found) return found;
        // A label never opened here: a page that can still queue an action for it.
        if (/^\/g\//i.test(url.pathname)) return cache.match(OFFLINE_GARMENT);
        return null;
      });
    }).then(function (found) {
      if (found) return found;
      throw error;
    });
  });
}

// Static files: from the cache (this version's copy), else the network.
function staticFile(request) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(request).then(function (found) {
      return found || fetch(request).then(function (response) {
        if (cacheable(response)) cache.put(request, response.clone());
        return response;
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  // Posts (scans, sign-out…) always go to the network and are never kept.
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(staticFile(request));
  } else if (request.mode === "navigate") {
    event.respondWith(page(request, url));
  }
});
