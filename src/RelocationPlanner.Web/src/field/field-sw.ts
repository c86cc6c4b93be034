/// <reference lib="webworker" />
// The field app's service worker: the app shell is precached (the list of built files is put
// in by vite-plugin-pwa at build time), so /field/ opens with no network. The package itself
// (households, sites, features) lives in IndexedDB, not here; the API is never cached, so a
// change is only "sent" when the server answered it.
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope;

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// Any page of the app (/field/, /field/?x, a reload offline) is the one shell.
registerRoute(new NavigationRoute(createHandlerBoundToURL('/field/index.html'), { allowlist: [/^\/field\/?/] }));

// A new version takes over at once: the shell is all precached, the data is in IndexedDB.
self.addEventListener('install', () => { void self.skipWaiting(); });
self.addEventListener('activate', (e) => { e.waitUntil(self.clients.claim()); });
