import { defineConfig } from 'vite';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The web app is built into dist/web, which apps/api serves at `/` (WEB_DIR).
 * In development (`npx vite --config apps/web/vite.config.ts`) GraphQL is proxied to an API on :3000.
 */
export default defineConfig({
  root: here,
  base: '/',
  publicDir: resolve(here, 'public'),
  build: {
    outDir: resolve(here, '../../dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: true,
  },
  server: {
    proxy: { '/graphql': { target: 'http://localhost:3000', ws: true } },
  },
});
