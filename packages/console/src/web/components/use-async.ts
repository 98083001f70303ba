import { useEffect, useState } from 'preact/hooks';

/** The state of one async load. */
export type AsyncState<T> = { readonly status: 'loading' } | { readonly status: 'error'; readonly error: unknown } | { readonly status: 'done'; readonly value: T };

/**
 * Runs `load` whenever `deps` change (and every `refreshMs`, when given), aborting the previous
 * run, so a page never shows an answer to a query the user has since changed.
 */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[], refreshMs?: number): AsyncState<T> {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  useEffect(() => {
    let controller = new AbortController();
    let first = true;
    const run = (): void => {
      const c = controller;
      if (first) setState({ status: 'loading' });
      first = false;
      load(c.signal).then(
        (value) => {
          if (!c.signal.aborted) setState({ status: 'done', value });
        },
        (error: unknown) => {
          if (!c.signal.aborted) setState({ status: 'error', error });
        },
      );
    };
    run();
    const timer = refreshMs
      ? window.setInterval(() => {
          controller.abort();
          controller = new AbortController();
          run();
        }, refreshMs)
      : undefined;
    return () => {
      controller.abort();
      if (timer !== undefined) window.clearInterval(timer);
    };
    // The caller lists what the load depends on, as with useEffect.
  }, deps);
  return state;
}
