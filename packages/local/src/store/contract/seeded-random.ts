/**
 * A small seeded generator (mulberry32) for fuzz-style tests: the same seed gives the same cases,
 * so a failure names its seed and reproduces.
 */
export class SeededRandom {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Any float64 bit pattern (NaN payloads, subnormals, infinities included). */
  anyFloat(): number {
    const view = new DataView(new ArrayBuffer(8));
    view.setUint32(0, Math.floor(this.next() * 4294967296));
    view.setUint32(4, Math.floor(this.next() * 4294967296));
    return view.getFloat64(0);
  }

  /** A string of `length` code points from ASCII, Latin-1, CJK and astral planes. */
  text(length: number): string {
    let s = '';
    for (let i = 0; i < length; i++) {
      const r = this.next();
      const cp = r < 0.7 ? this.int(32, 126) : r < 0.8 ? this.int(0xa0, 0xff) : r < 0.9 ? this.int(0x4e00, 0x9fff) : r < 0.95 ? this.int(0x1f300, 0x1faff) : this.int(0, 31);
      s += String.fromCodePoint(cp);
    }
    return s;
  }
}
