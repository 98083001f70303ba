import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** A TCP socket a process listens on, as the kernel reports it. */
export interface ListeningSocket {
  /** `127.0.0.1`, `0.0.0.0`, `::1`, `::`... */
  readonly address: string;
  readonly port: number;
}

function ipv4(hex: string): string {
  // /proc/net/tcp writes the address as one little-endian 32-bit word.
  const n = Number.parseInt(hex, 16);
  return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24].join('.');
}

function ipv6(hex: string): string {
  const words: string[] = [];
  for (let i = 0; i < 32; i += 8) {
    const le = hex.slice(i, i + 8);
    const be = le.match(/../g)!.reverse().join('');
    words.push(be.slice(0, 4), be.slice(4, 8));
  }
  const full = words.map((w) => Number.parseInt(w, 16).toString(16)).join(':');
  if (full === '0:0:0:0:0:0:0:0') return '::';
  if (full === '0:0:0:0:0:0:0:1') return '::1';
  return full;
}

/**
 * Every TCP socket `pid` listens on (Linux): its socket inodes from /proc/<pid>/fd matched against
 * the LISTEN rows of /proc/net/tcp and tcp6. What the kernel says, not what the program claims.
 */
export function listeningSockets(pid: number): ListeningSocket[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      // The descriptor closed while we looked.
    }
  }
  const out: ListeningSocket[] = [];
  for (const [file, decode] of [
    ['tcp', ipv4],
    ['tcp6', ipv6],
  ] as const) {
    let text = '';
    try {
      text = readFileSync(`/proc/${pid}/net/${file}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || cols[3] !== '0A' || !inodes.has(cols[9]!)) continue;
      const [addr, port] = cols[1]!.split(':');
      out.push({ address: decode(addr!), port: Number.parseInt(port!, 16) });
    }
  }
  return out;
}
