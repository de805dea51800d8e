// The scanner's service worker (scope /portal/scan): the scan page and its assets are kept on the phone, so the
// till opens in a mountain commune or a crowded fair with no network. The page itself is fetched afresh whenever
// the network answers (it is personal and changes with deploys); assets are versioned, so a kept copy is never
// stale. API calls are never answered from here: a sale is sent by the page, or waits in its outbox.
'use strict';

const SHELL = '/portal/scan';
// Named after the hash of every portal asset (the page passes it in the worker's address): a deploy that
// changes an asset installs a new worker with a new cache, and the old cache is deleted when it takes over.
const PREFIX = 'ocop-scan-';
const CACHE = PREFIX + (new URL(self.location.href).searchParams.get('shell') || 'dev');
// A connection that neither answers nor fails (one bar at a crowded fair) gets this long before the kept page.
const PATIENCE_MS = 4000;

self.addEventListener('install', function (event) {
  event.waitUntil(precache().then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys()
    .then(function (names) {
      return Promise.all(names.filter(function (n) { return n.indexOf(PREFIX) === 0 && n !== CACHE; })
        .map(function (n) { return caches.delete(n); }));
    })
    .then(function () { return self.clients.claim(); }));
});

self.addEventListener('fetch', function (event) {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && url.pathname === SHELL) event.respondWith(page(request));
  else if (url.pathname.indexOf('/portal/assets/') === 0) event.respondWith(asset(request));
  // Everything else (the API above all) goes to the network untouched.
});

// The page as the server renders it now, and every asset it links (scripts, styles, manifest, icons, jsQR).
async function precache() {
  const cache = await caches.open(CACHE);
  const response = await fetch(SHELL, { credentials: 'same-origin', redirect: 'manual', cache: 'no-store' });
  if (!keepable(response)) throw new Error('The scan page did not load (signed out?); nothing to keep.');
  const html = await response.clone().text();
  await cache.put(SHELL, response);
  await cache.addAll(assetsOf(html));
}

function assetsOf(html) {
  const found = html.replace(/&amp;/g, '&').match(/\/portal\/assets\/[^"'\s<>]+/g) || [];
  const unique = found.filter(function (u, i) { return found.indexOf(u) === i && u.indexOf('/scan-sw.js') < 0; });
  return unique.concat(['/portal/assets/scan-icon-192.png', '/portal/assets/scan-icon-512.png']);
}

function keepable(response) {
  return response.ok && response.type === 'basic' && !response.redirected &&
    (response.headers.get('content-type') || '').indexOf('text/html') === 0;
}

async function page(request) {
  const network = fetch(request).then(async function (response) {
    if (keepable(response)) await (await caches.open(CACHE)).put(SHELL, response.clone());
    return response;
  });
  const kept = await caches.match(SHELL, { cacheName: CACHE, ignoreVary: true });
  if (!kept) return network;
  const late = new Promise(function (resolve) { setTimeout(resolve, PATIENCE_MS, kept); });
  return Promise.race([network.catch(function () { return kept; }), late]);
}

async function asset(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request, { ignoreVary: true });
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok && new URL(request.url).searchParams.has('v')) await cache.put(request, response.clone());
  return response;
}
