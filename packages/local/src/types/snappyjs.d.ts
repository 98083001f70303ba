// snappyjs ships no types: the two functions the receivers and tests use.
declare module 'snappyjs' {
  /** Raw (block) snappy decompression; throws when the stream is invalid or longer than `maxLength`. */
  export function uncompress<T extends Uint8Array | ArrayBuffer>(compressed: T, maxLength?: number): T;
  /** Raw (block) snappy compression. */
  export function compress<T extends Uint8Array | ArrayBuffer>(uncompressed: T): T;
}
