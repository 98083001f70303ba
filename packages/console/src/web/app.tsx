import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import { matchPage, PAGE_PATHS, type PageMatch } from '../routes.js';
import { DashboardList, DashboardPage } from './pages/dashboards.js';
import { ExploreLogs } from './pages/explore-logs.js';
import { ExploreMetrics } from './pages/explore-metrics.js';
import { Home } from './pages/home.js';
import { Ola } from './pages/ola.js';
import { Status } from './pages/status.js';
import { TraceView } from './pages/trace-view.js';
import { Traces } from './pages/traces.js';
import { Link, useLocation } from './router.js';

const NAV: ReadonlyArray<{ readonly href: string; readonly label: string; readonly pages: readonly PageMatch['page'][] }> = [
  { href: PAGE_PATHS.home, label: 'Home', pages: ['home'] },
  { href: PAGE_PATHS.metrics, label: 'Metrics', pages: ['metrics'] },
  { href: PAGE_PATHS.logs, label: 'Logs', pages: ['logs'] },
  { href: PAGE_PATHS.traces, label: 'Traces', pages: ['traces', 'trace'] },
  { href: PAGE_PATHS.dashboards, label: 'Dashboards', pages: ['dashboards', 'dashboard'] },
  { href: PAGE_PATHS.ola, label: 'OLA', pages: ['ola'] },
  { href: PAGE_PATHS.status, label: 'Status', pages: ['status'] },
];

const TITLES: Readonly<Record<PageMatch['page'], string>> = {
  home: 'Home',
  metrics: 'Explore metrics',
  logs: 'Explore logs',
  traces: 'Traces',
  trace: 'Trace',
  dashboards: 'Dashboards',
  dashboard: 'Dashboard',
  ola: 'OLA compliance',
  status: 'Status',
};

function Page({ match }: { match: PageMatch }): JSX.Element {
  switch (match.page) {
    case 'home':
      return <Home />;
    case 'metrics':
      return <ExploreMetrics />;
    case 'logs':
      return <ExploreLogs />;
    case 'traces':
      return <Traces />;
    case 'trace':
      return <TraceView traceId={match.id!} />;
    case 'dashboards':
      return <DashboardList />;
    case 'dashboard':
      return <DashboardPage uid={match.id!} />;
    case 'ola':
      return <Ola />;
    case 'status':
      return <Status />;
  }
}

/** The console: a header with the pages, and the page the URL names. */
export function App(): JSX.Element {
  const { pathname } = useLocation();
  const match = matchPage(pathname);
  useEffect(() => {
    document.title = `${match ? TITLES[match.page] : 'Not found'} · srcobs`;
    // A new page moves focus to its heading, so screen readers announce it as a page load would.
    const heading = document.getElementById('page-title');
    heading?.setAttribute('tabindex', '-1');
    heading?.focus({ preventScroll: true });
  }, [pathname]);
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="top-bar">
        <span class="brand">srcobs</span>
        <nav aria-label="Pages">
          <ul>
            {NAV.map((n) => (
              <li>
                <Link href={n.href} aria-current={match && n.pages.includes(match.page) ? 'page' : undefined}>
                  {n.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" key={pathname}>
        {match ? (
          <Page match={match} />
        ) : (
          <section>
            <h1 id="page-title">Not found</h1>
            <p>
              The console has no page at <code>{pathname}</code>. <Link href="/">Go to the overview.</Link>
            </p>
          </section>
        )}
      </main>
    </>
  );
}
