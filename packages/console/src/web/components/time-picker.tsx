import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { QUICK_RANGES, describeRange, displayTime, parseTimeExpr, type TimeRange } from '../lib/time-range.js';

/** Props of {@link TimePicker}. */
export interface TimePickerProps {
  readonly range: TimeRange;
  readonly onChange: (range: TimeRange) => void;
}

const CUSTOM = 'custom';

/** Quick ranges (last 5 m … 7 d) and a custom from/to, as Grafana's picker offers. */
export function TimePicker({ range, onChange }: TimePickerProps): JSX.Element {
  const quick = range.to === 'now' && QUICK_RANGES.some((q) => q.from === range.from) ? range.from : CUSTOM;
  const [custom, setCustom] = useState(quick === CUSTOM);
  const [from, setFrom] = useState(displayTime(range.from));
  const [to, setTo] = useState(displayTime(range.to));
  const [problem, setProblem] = useState<string>();

  const apply = (e: Event): void => {
    e.preventDefault();
    try {
      const now = Date.now();
      if (parseTimeExpr(from, now) >= parseTimeExpr(to, now)) throw new Error('the start must be before the end');
      setProblem(undefined);
      onChange({ from, to });
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <div class="time-picker">
      <label>
        <span class="sr-only">Time range</span>
        <select
          aria-label="Time range"
          value={custom ? CUSTOM : quick}
          onChange={(e) => {
            const v = (e.currentTarget as HTMLSelectElement).value;
            if (v === CUSTOM) {
              setCustom(true);
              return;
            }
            setCustom(false);
            setFrom(v);
            setTo('now');
            onChange({ from: v, to: 'now' });
          }}
        >
          {QUICK_RANGES.map((q) => (
            <option value={q.from}>{q.label}</option>
          ))}
          <option value={CUSTOM}>{quick === CUSTOM ? describeRange(range) : 'Custom range…'}</option>
        </select>
      </label>
      {custom && (
        <form class="custom-range" onSubmit={apply}>
          <label>
            From <input value={from} onInput={(e) => setFrom((e.currentTarget as HTMLInputElement).value)} size={22} placeholder="now-1h or 2024-05-01T10:00:00Z" />
          </label>
          <label>
            To <input value={to} onInput={(e) => setTo((e.currentTarget as HTMLInputElement).value)} size={22} />
          </label>
          <button type="submit">Apply</button>
          {problem && (
            <span class="field-error" role="alert">
              {problem}
            </span>
          )}
        </form>
      )}
    </div>
  );
}
