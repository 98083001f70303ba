/** Go's `time.Parse` for the layouts LogQL templates use (`toDate`, `toDateInZone`, `unixToTime`...). */
import { GoTime, MONTHS, DAYS, chunks } from './go-time.js';

/** `time.Parse` failed; the message is Go's gist. */
export class GoTimeParseError extends Error {
  override readonly name = 'GoTimeParseError';
}

const FIELD_PATTERNS: Readonly<Record<string, string>> = {
  January: `(${MONTHS.join('|')})`,
  Jan: `(${MONTHS.map((m) => m.slice(0, 3)).join('|')})`,
  Monday: `(?:${DAYS.join('|')})`,
  Mon: `(?:${DAYS.map((m) => m.slice(0, 3)).join('|')})`,
  MST: '([A-Z]{3,5})',
  '2006': '(\\d{4})',
  '06': '(\\d{2})',
  '01': '(\\d{2})',
  '1': '(\\d{1,2})',
  '02': '(\\d{2})',
  '2': '(\\d{1,2})',
  _2: ' ?(\\d{1,2})',
  '002': '(\\d{3})',
  __2: ' {0,2}(\\d{1,3})',
  '15': '(\\d{2})',
  '03': '(\\d{2})',
  '3': '(\\d{1,2})',
  '04': '(\\d{2})',
  '4': '(\\d{1,2})',
  '05': '(\\d{2})(?:[.,](\\d+))?',
  '5': '(\\d{1,2})(?:[.,](\\d+))?',
  PM: '(AM|PM)',
  pm: '(am|pm)',
};

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** `time.ParseInLocation(layout, value, UTC or the given offset)`. */
export function parseGoTime(layout: string, value: string, defaultOffsetSeconds = 0): GoTime {
  const parts = chunks(layout);
  let src = '^';
  const kinds: string[] = [];
  for (const c of parts) {
    if ('lit' in c) {
      src += escapeRe(c.lit);
      continue;
    }
    const s = c.std;
    if (s.startsWith('.') || s.startsWith(',')) {
      src += s[1] === '9' ? '(?:[.,](\\d+))?' : `[.,](\\d{${s.length - 1}})`;
      kinds.push('frac');
      continue;
    }
    const p = FIELD_PATTERNS[s];
    if (p) {
      src += p;
      kinds.push(s);
      if (s === '05' || s === '5') kinds.push('frac');
      continue;
    }
    src += s.startsWith('Z') ? '(Z|[+-]\\d{2}(?::?\\d{2}(?::?\\d{2})?)?)' : '([+-]\\d{2}(?::?\\d{2}(?::?\\d{2})?)?)';
    kinds.push('zone');
  }
  const m = new RegExp(`${src}$`).exec(value);
  if (!m) throw new GoTimeParseError(`parsing time ${JSON.stringify(value)} as ${JSON.stringify(layout)}: cannot parse`);
  let year = 1;
  let month = 1;
  let day = 1;
  let hour = 0;
  let pm: boolean | undefined;
  let min = 0;
  let sec = 0;
  let nanos = 0;
  let offset = defaultOffsetSeconds;
  let zone = defaultOffsetSeconds === 0 ? 'UTC' : '';
  kinds.forEach((k, i) => {
    const v = m[i + 1];
    if (v === undefined) return;
    switch (k) {
      case 'January':
      case 'Jan':
        month = MONTHS.findIndex((x) => x.startsWith(v)) + 1;
        break;
      case '2006':
        year = Number(v);
        break;
      case '06':
        year = Number(v) + (Number(v) >= 69 ? 1900 : 2000);
        break;
      case '01':
      case '1':
        month = Number(v);
        break;
      case '02':
      case '2':
      case '_2':
        day = Number(v);
        break;
      case '15':
        hour = Number(v);
        break;
      case '03':
      case '3':
        hour = Number(v) % 12;
        break;
      case 'PM':
      case 'pm':
        pm = v.toUpperCase() === 'PM';
        break;
      case '04':
      case '4':
        min = Number(v);
        break;
      case '05':
      case '5':
        sec = Number(v);
        break;
      case 'frac':
        nanos = Number(v.padEnd(9, '0').slice(0, 9));
        break;
      case 'MST':
        zone = v;
        if (v === 'UTC' || v === 'GMT') offset = 0;
        break;
      case 'zone': {
        if (v === 'Z') {
          offset = 0;
          zone = 'UTC';
          break;
        }
        const digits = v.slice(1).replace(/:/g, '');
        offset = (v[0] === '-' ? -1 : 1) * (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2, 4) || 0) * 60 + Number(digits.slice(4, 6) || 0));
        zone = '';
        break;
      }
    }
  });
  if (pm !== undefined && pm) hour += 12;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || min > 59 || sec > 59) throw new GoTimeParseError(`parsing time ${JSON.stringify(value)}: value out of range`);
  const ms = Date.UTC(year, month - 1, day, hour, min, sec) - offset * 1000;
  return new GoTime(BigInt(ms) * 1_000_000n + BigInt(nanos), offset, zone);
}
