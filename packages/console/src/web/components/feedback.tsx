import type { ComponentChildren, JSX } from 'preact';

/** A query or request failed: the message says what to do. */
export function ErrorBox({ error }: { error: unknown }): JSX.Element {
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div class="error-box" role="alert">
      {message}
    </div>
  );
}

/** Nothing matched: said plainly, never an empty area. */
export function Empty({ children }: { children: ComponentChildren }): JSX.Element {
  return <p class="empty">{children}</p>;
}

/** Work in progress, announced to screen readers. */
export function Loading({ what }: { what: string }): JSX.Element {
  return (
    <p class="loading" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}
