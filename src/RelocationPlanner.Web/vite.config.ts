// The build lands in the service's wwwroot (gitignored build output), served at /.
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  build: {
    // Relative to this folder (Vite's root).
    outDir: '../RelocationPlanner.Api/wwwroot',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        // OpenLayers and chart.js change less often than our code: separate, cacheable chunks.
        manualChunks: { ol: ['ol'], charts: ['chart.js'] },
      },
    },
  },
  server: {
    // `npm run dev` proxies the API to a running service (tools/run).
    proxy: { '/api': 'http://127.0.0.1:5080', '/ogc': 'http://127.0.0.1:5080', '/tiles': 'http://127.0.0.1:5080' },
  },
});
