import { defineConfig, type Plugin } from 'vite';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = resolve(here, '../../dist/web');
const publicDir = resolve(here, 'public');

/**
 * Writes dist/web/sw.js from the hand-written apps/web/sw/sw.js with the list of files of this build
 * (index.html, hashed assets, the public files; no source maps) and a version made from their names, so
 * every build that changes a file installs a new shell and drops the old one.
 */
function serviceWorker(): Plugin {
  return {
    name: 'anpi-service-worker',
    apply: 'build',
    writeBundle(_options, bundle) {
      const built = Object.keys(bundle).filter((f) => !f.endsWith('.map'));
      const publicFiles = listFiles(publicDir).map((f) => relative(publicDir, f).split('\\').join('/'));
      const shell = [...new Set([...built, ...publicFiles])].map((f) => `/${f}`).sort();
      const version = createHash('sha256').update(shell.join('\n')).digest('hex').slice(0, 12);
      const source = readFileSync(join(here, 'sw', 'sw.js'), 'utf8')
        .replace("'__ANPI_VERSION__'", JSON.stringify(version))
        .replace('__ANPI_SHELL__', JSON.stringify(shell));
      writeFileSync(join(outDir, 'sw.js'), source);
    },
  };
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}

/**
 * The web app is built into dist/web, which apps/api serves at `/` (WEB_DIR).
 * In development (`npx vite --config apps/web/vite.config.ts`) GraphQL is proxied to an API on :3000.
 */
export default defineConfig({
  root: here,
  base: '/',
  publicDir,
  plugins: [serviceWorker()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: true,
  },
  server: {
    proxy: { '/graphql': { target: 'http://localhost:3000', ws: true } },
  },
});
