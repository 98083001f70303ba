import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';
import type { TestContext } from 'node:test';
import { chromium, type BrowserContext } from 'playwright-core';

/** Flags for a quiet, offline headless Chromium: no sandbox (root in CI), no GPU, no background traffic. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A binary name as found on PATH, as an absolute path: Playwright wants the file itself. */
function onPath(name: string): string {
  if (isAbsolute(name)) return name;
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) if (dir && existsSync(join(dir, name))) return join(dir, name);
  return name;
}

/**
 * Debian's Chromium, driven by playwright-core (which never downloads a browser), with a fresh
 * profile and a 1280×800 window, closed and its profile removed when the test ends.
 */
export async function launchChromium(t: TestContext, executablePath: string): Promise<BrowserContext> {
  const profile = await mkdtemp(join(tmpdir(), 'srcobs-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: onPath(executablePath), headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 800 } });
  t.after(async () => {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  });
  return context;
}
