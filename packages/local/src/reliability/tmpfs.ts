import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A small real filesystem, so that a full disk is a real ENOSPC and not a simulated one. */
export interface Tmpfs {
  readonly dir: string;
  /** Grows (or shrinks) the filesystem in place: `mount -o remount,size=`. */
  resize(bytes: number): void;
  /** Unmounts (lazily, should a file still be open) and removes the mount point; idempotent. */
  unmount(): void;
}

/** Mounts a tmpfs of `bytes` on a fresh folder. Needs root; throws with mount's message otherwise. */
export function mountTmpfs(bytes: number): Tmpfs {
  const dir = mkdtempSync(join(tmpdir(), 'srcobs-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes},mode=0700`, 'tmpfs', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    rmdirSync(dir);
    throw error;
  }
  let mounted = true;
  return {
    dir,
    resize(size) {
      execFileSync('mount', ['-o', `remount,size=${size}`, dir], { stdio: ['ignore', 'ignore', 'pipe'] });
    },
    unmount() {
      if (!mounted) return;
      mounted = false;
      execFileSync('umount', ['-l', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
      rmdirSync(dir);
    },
  };
}
