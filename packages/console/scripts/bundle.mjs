#!/usr/bin/env node
// Bundles the browser app (src/web/main.tsx) with esbuild into dist/public: index.html and
// assets/ with one content-hashed JS and one CSS file, so the local stack can cache them forever.
// Prints the sizes raw and gzipped. `--quiet` prints nothing on success.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'public');
const assets = join(out, 'assets');
const quiet = process.argv.includes('--quiet');

rmSync(out, { recursive: true, force: true });
mkdirSync(assets, { recursive: true });
const result = await build({
  entryPoints: [join(root, 'src', 'web', 'main.tsx')],
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['chrome100', 'firefox100', 'safari15'],
  platform: 'browser',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  outdir: assets,
  entryNames: '[name]-[hash]',
  sourcemap: 'linked',
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
});
const outputs = Object.keys(result.metafile.outputs).map((p) => join(process.cwd(), p));
const js = outputs.find((p) => p.endsWith('.js'));
const css = outputs.find((p) => p.endsWith('.css'));
if (!js || !css) throw new Error(`esbuild wrote no ${js ? 'CSS' : 'JS'} file: check src/web/main.tsx imports its styles`);
const html = readFileSync(join(root, 'src', 'web', 'index.html'), 'utf8').replace('%JS%', basename(js)).replace('%CSS%', basename(css));
writeFileSync(join(out, 'index.html'), html);

if (!quiet) {
  let rawTotal = 0;
  let gzTotal = 0;
  for (const file of [join(out, 'index.html'), js, css]) {
    const bytes = readFileSync(file);
    const gz = gzipSync(bytes, { level: 9 }).length;
    rawTotal += bytes.length;
    gzTotal += gz;
    console.log(`console: ${relative(root, file).padEnd(36)} ${(bytes.length / 1024).toFixed(1).padStart(8)} KiB  ${(gz / 1024).toFixed(1).padStart(7)} KiB gzip`);
  }
  console.log(`console: total ${(rawTotal / 1024).toFixed(1)} KiB, ${(gzTotal / 1024).toFixed(1)} KiB gzip (${readdirSync(assets).filter((f) => statSync(join(assets, f)).isFile()).length} files in dist/public/assets)`);
}
