import { QueryLimitError, QueryTimeoutError } from '../../model/errors.js';
import type { ReadHints } from '../../model/store.js';

/** Enforces ReadHints while a read goes, so it fails before it has built a huge result. */
export class ReadBudget {
  private series = 0;
  private samples = 0;

  constructor(
    private readonly hints: ReadHints | undefined,
    private readonly what: 'series' | 'streams' = 'series',
  ) {}

  deadline(): void {
    const d = this.hints?.deadline;
    if (d !== undefined && Date.now() > d) throw new QueryTimeoutError();
  }

  addSeries(n = 1): void {
    this.series += n;
    const max = this.hints?.maxSeries;
    if (max !== undefined && this.series > max)
      throw new QueryLimitError('series', `the query selects more than ${max} ${this.what}: add label matchers to select fewer, or raise the limit`);
  }

  addSamples(n: number): void {
    this.samples += n;
    const max = this.hints?.maxSamples;
    if (max !== undefined && this.samples > max)
      throw new QueryLimitError('samples', `the query loads more than ${max} samples: shorten the time range, select fewer series, or raise the limit`);
  }
}
