import { Writable } from 'node:stream';

/** A log destination that keeps every line, for in-process tests of the logger. */
export interface CapturedLines {
  readonly stream: Writable;
  /** The lines written so far, parsed. */
  lines(): Array<Record<string, unknown>>;
  /** The raw text written so far. */
  text(): string;
}

/** Builds a {@link CapturedLines}: pass `stream` as `instrument({ logDestination })`. */
export function captureLines(): CapturedLines {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  return {
    stream,
    text: () => text,
    lines: () => text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}
