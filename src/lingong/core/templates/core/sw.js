// Lingong's service worker (rendered by lingong.core.pwa.service_worker): precaches the shell and shows the
// offline page when a page cannot be loaded. Pages, the API and every form submission stay online-only.
"use strict";
const CACHE = {{ cache_name|safe }};
const OFFLINE_URL = {{ offline_url|safe }};
const PRECACHE = {{ precache|safe }};
const ONLINE_ONLY = {{ online_only|safe }};

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: "reload" }))))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  // Drop the shells of earlier deployments, then control the pages already open.
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(
        names.filter((name) => name.startsWith("lingong-") && name !== CACHE).map((name) => caches.delete(name))
      ))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;  // forms and API writes go to the network, never to a cache
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (ONLINE_ONLY.some((prefix) => url.pathname.startsWith(prefix))) return;
  if (request.mode === "navigate") {
    // Always the live page; only when the network fails, the offline page (the address bar keeps the URL,
    // so reloading after the network is back opens the page that was asked for).
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE_URL)));
    return;
  }
  if (PRECACHE.includes(url.pathname)) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
  }
});
