import type { ComponentChildren, JSX } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { readState, writeState, type PageState } from './lib/url-state.js';

/*
 * A router in a page: the History API, a hook that re-renders on navigation, and links that
 * navigate without reloading. The URL is the page's state, so back/forward and shared links work.
 */

const listeners = new Set<() => void>();

/** Goes to a console URL without reloading the page. */
export function navigate(href: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', href);
  else window.history.pushState(null, '', href);
  for (const l of listeners) l();
}

/** The current path and query; re-renders the caller when they change. */
export function useLocation(): { readonly pathname: string; readonly search: string } {
  const read = (): { pathname: string; search: string } => ({ pathname: window.location.pathname, search: window.location.search });
  const [loc, setLoc] = useState(read);
  useEffect(() => {
    const update = (): void => setLoc(read());
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return loc;
}

/**
 * A page's state in the URL: the current values, and a setter that writes them (push by default,
 * so the back button undoes a query; `replace` for typing).
 */
export function useUrlState<K extends string>(defaults: PageState<K>): [PageState<K>, (next: Partial<PageState<K>>, options?: { replace?: boolean }) => void] {
  const { pathname, search } = useLocation();
  const state = readState(search, defaults);
  const set = useCallback(
    (next: Partial<PageState<K>>, options: { replace?: boolean } = {}) => {
      const merged = { ...readState(window.location.search, defaults), ...next };
      navigate(`${pathname}${writeState(merged, defaults)}`, options);
    },
    // defaults are module constants of each page.
    [pathname],
  );
  return [state, set];
}

/** A link inside the console: navigates in place, except with a modifier key (new tab). */
export function Link(props: { href: string; children: ComponentChildren } & Omit<JSX.HTMLAttributes<HTMLAnchorElement>, 'href'>): JSX.Element {
  const { href, children, onClick, ...rest } = props;
  return (
    <a
      {...rest}
      href={href}
      onClick={(e) => {
        if (typeof onClick === 'function') onClick.call(e.currentTarget, e);
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(href);
      }}
    >
      {children}
    </a>
  );
}
