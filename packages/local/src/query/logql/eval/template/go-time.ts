/**
 * Go's `time.Time` as templates use it (`__timestamp__`, `now`, `toDate`, `date`): a nanosecond
 * instant with a zone offset, formatted and parsed with Go reference layouts
 * (`2006-01-02T15:04:05.999999999Z07:00`). The local stack runs templates in UTC, where Loki
 * would use its server's local zone.
 */
export class GoTime {
  constructor(
    /** Nanoseconds since the epoch. */
    readonly ns: bigint,
    /** Zone offset east of UTC, in seconds. */
    readonly offsetSeconds = 0,
    readonly zone = 'UTC',
  ) {}

  static fromMillis(ms: number): GoTime {
    return new GoTime(BigInt(Math.round(ms)) * 1_000_000n);
  }
}

export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

type Chunk = { readonly lit: string } | { readonly std: string };

const STD_PREFIXES = [
  'January', 'Jan', 'Monday', 'Mon', 'MST',
  '2006', '002', '01', '02', '03', '04', '05', '06', '15', '_2', '__2',
  '-07:00:00', '-070000', '-07:00', '-0700', '-07', 'Z07:00:00', 'Z070000', 'Z07:00', 'Z0700', 'Z07',
  'PM', 'pm', '1', '2', '3', '4', '5',
];

/** Splits a Go layout into literal text and standard chunks (Go's `nextStdChunk`). */
export function chunks(layout: string): Chunk[] {
  const out: Chunk[] = [];
  let lit = '';
  for (let i = 0; i < layout.length; ) {
    const frac = /^[.,](0+|9+)(?!\d)/.exec(layout.slice(i));
    if (frac && i > 0 && /5$/.test(layout.slice(0, i))) {
      if (lit) out.push({ lit });
      lit = '';
      out.push({ std: frac[0] });
      i += frac[0].length;
      continue;
    }
    const std = STD_PREFIXES.find((p) => layout.startsWith(p, i));
    if (std) {
      if (lit) out.push({ lit });
      lit = '';
      out.push({ std });
      i += std.length;
    } else {
      lit += layout[i];
      i++;
    }
  }
  if (lit) out.push({ lit });
  return out;
}

function pad(n: number, width: number, ch = '0'): string {
  return String(n).padStart(width, ch);
}

function zoneText(offset: number, std: string): string {
  if (std.startsWith('Z') && offset === 0) return 'Z';
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const h = pad(Math.floor(abs / 3600), 2);
  const m = pad(Math.floor((abs % 3600) / 60), 2);
  const s = pad(abs % 60, 2);
  const body = std.replace(/^[Z-]/, '');
  switch (body) {
    case '07:00:00':
      return `${sign}${h}:${m}:${s}`;
    case '070000':
      return `${sign}${h}${m}${s}`;
    case '07:00':
      return `${sign}${h}:${m}`;
    case '0700':
      return `${sign}${h}${m}`;
    default:
      return `${sign}${h}`;
  }
}

/** `t.Format(layout)`. */
export function formatGoTime(t: GoTime, layout: string): string {
  const localNs = t.ns + BigInt(t.offsetSeconds) * 1_000_000_000n;
  const ms = Number(localNs / 1_000_000n) - (localNs % 1_000_000n < 0n ? 1 : 0);
  const d = new Date(ms);
  const nanos = Number(((localNs % 1_000_000_000n) + 1_000_000_000n) % 1_000_000_000n);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth();
  const day = d.getUTCDate();
  const hour = d.getUTCHours();
  const yday = Math.floor((Date.UTC(year, month, day) - Date.UTC(year, 0, 1)) / 86_400_000) + 1;
  let out = '';
  for (const c of chunks(layout)) {
    if ('lit' in c) {
      out += c.lit;
      continue;
    }
    const s = c.std;
    if (s.startsWith('.') || s.startsWith(',')) {
      const digits = s.length - 1;
      let f = pad(nanos, 9).slice(0, digits);
      if (s[1] === '9') {
        f = f.replace(/0+$/, '');
        out += f ? s[0] + f : '';
      } else out += s[0] + f;
      continue;
    }
    switch (s) {
      case 'January':
        out += MONTHS[month];
        break;
      case 'Jan':
        out += MONTHS[month]!.slice(0, 3);
        break;
      case 'Monday':
        out += DAYS[d.getUTCDay()];
        break;
      case 'Mon':
        out += DAYS[d.getUTCDay()]!.slice(0, 3);
        break;
      case 'MST':
        out += t.zone !== '' ? t.zone : zoneText(t.offsetSeconds, '-0700');
        break;
      case '2006':
        out += pad(year, 4);
        break;
      case '06':
        out += pad(year % 100, 2);
        break;
      case '01':
        out += pad(month + 1, 2);
        break;
      case '1':
        out += String(month + 1);
        break;
      case '02':
        out += pad(day, 2);
        break;
      case '2':
        out += String(day);
        break;
      case '_2':
        out += pad(day, 2, ' ');
        break;
      case '002':
        out += pad(yday, 3);
        break;
      case '__2':
        out += pad(yday, 3, ' ');
        break;
      case '15':
        out += pad(hour, 2);
        break;
      case '03':
        out += pad(hour % 12 === 0 ? 12 : hour % 12, 2);
        break;
      case '3':
        out += String(hour % 12 === 0 ? 12 : hour % 12);
        break;
      case '04':
        out += pad(d.getUTCMinutes(), 2);
        break;
      case '4':
        out += String(d.getUTCMinutes());
        break;
      case '05':
        out += pad(d.getUTCSeconds(), 2);
        break;
      case '5':
        out += String(d.getUTCSeconds());
        break;
      case 'PM':
        out += hour >= 12 ? 'PM' : 'AM';
        break;
      case 'pm':
        out += hour >= 12 ? 'pm' : 'am';
        break;
      default:
        out += zoneText(t.offsetSeconds, s);
    }
  }
  return out;
}
