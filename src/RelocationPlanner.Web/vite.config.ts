// The build lands in the service's wwwroot (gitignored build output): the planner's map at /,
// the field app at /field/ (a second entry with its own service worker, made by vite-plugin-pwa
// from src/field/field-sw.ts with the list of files to precache injected).
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

export default defineConfig({
  base: '/',
  build: {
    // Relative to this folder (Vite's root).
    outDir: '../RelocationPlanner.Api/wwwroot',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      input: { main: new URL('index.html', import.meta.url).pathname, field: new URL('field/index.html', import.meta.url).pathname },
      output: {
        // OpenLayers and chart.js change less often than our code: separate, cacheable chunks.
        manualChunks: { ol: ['ol'], charts: ['chart.js'] },
      },
    },
  },
  plugins: [
    VitePWA({
      strategies: 'injectManifest',
      // Built beside the pages as /field-sw.js (wherever --outDir puts them, as the Dockerfile
      // does); its scope is the field app alone.
      srcDir: 'src/field',
      filename: 'field-sw.ts',
      scope: '/field/',
      // The manifest is our own file (public/field/), and the app registers the worker itself:
      // the planner's map at / must get neither.
      manifest: false,
      injectRegister: false,
      injectManifest: {
        // The field app's shell; the planner's own entry and charts are not needed offline.
        globPatterns: ['field/index.html', 'field/*.{webmanifest,svg,png}', 'assets/*.{js,css}'],
        globIgnores: ['assets/charts-*', 'assets/main-*', 'field-sw.js'],
        // Paths are relative to the output folder, which is the site's root.
        modifyURLPrefix: { '': '/' },
        maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
      },
    }),
  ],
  server: {
    // `npm run dev` proxies the API to a running service (tools/run).
    proxy: { '/api': 'http://127.0.0.1:5080', '/ogc': 'http://127.0.0.1:5080', '/tiles': 'http://127.0.0.1:5080' },
  },
});
