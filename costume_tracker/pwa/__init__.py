"""The installable app: web manifest, service worker and the page a phone shows offline."""
