/*
 * Anpi's service worker, written by hand (no Workbox). The Vite build (apps/web/vite.config.mts) writes it to
 * dist/web/sw.js with the two constants below filled in: the build's version and the list of files of the
 * app shell (index.html, the hashed JS/CSS/images, the manifest and icons).
 *
 * - install: keep the whole shell in a cache named after the build (anpi-shell-<version>);
 * - activate: delete the shells of older builds, take over open tabs;
 * - fetch: pages (navigations) network first, the kept index.html when offline; the shell's files cache
 *   first (their names change with their content); everything else — GraphQL, map tiles, other hosts —
 *   is not touched.
 *
 * Personal data never lands here: GraphQL answers are not cached by the worker. The app keeps the task
 * list and map data in IndexedDB, which logout deletes; ticks go through the app's own outbox, sent on app
 * start, on 'online' and by a timer — not Background Sync, which Safari lacks.
 */
/* eslint-disable no-restricted-globals */
const VERSION = '__ANPI_VERSION__';
const SHELL = /** @type {string[]} */ (__ANPI_SHELL__);
const CACHE = `anpi-shell-${VERSION}`;
const INDEX = '/index.html';

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // `reload`: straight from the server, not from the HTTP cache (index.html is cached for an hour there).
      await cache.addAll(SHELL.map((url) => new Request(url, { cache: 'reload' })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith('anpi-shell-') && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return; // map tiles and other hosts: the network as usual
  if (url.pathname.startsWith('/graphql') || url.pathname === '/health' || url.pathname === '/sw.js') return;

  if (request.mode === 'navigate') {
    event.respondWith(
      (async () => {
        try {
          return await fetch(request);
        } catch {
          const cache = await caches.open(CACHE);
          return (await cache.match(INDEX)) ?? Response.error();
        }
      })(),
    );
    return;
  }

  if (!SHELL.includes(url.pathname)) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      const hit = await cache.match(url.pathname);
      if (hit) return hit;
      const response = await fetch(request);
      if (response.ok) await cache.put(url.pathname, response.clone());
      return response;
    })(),
  );
});
