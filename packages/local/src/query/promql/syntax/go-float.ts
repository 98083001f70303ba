/**
 * Go's float formatting, which Prometheus' JSON and query printing use, reproduced for JS numbers.
 * JS `Number#toString` already yields the shortest round-trip digits; only the layout differs.
 */

/** Shortest digits and decimal exponent of a finite positive number: value = 0.d1d2... × 10^dp. */
function shortestDigits(x: number): { digits: string; dp: number } {
  const [mant, expPart] = x.toExponential().split('e') as [string, string];
  const digits = mant.replace('.', '');
  return { digits, dp: Number(expPart) + 1 };
}

/** `strconv.FormatFloat(x, 'f', -1, 64)`: plain decimal, never an exponent; `NaN`, `+Inf`, `-Inf`. */
export function formatFloatF(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const plain = String(x);
  if (!plain.includes('e')) return plain;
  const sign = x < 0 ? '-' : '';
  const { digits, dp } = shortestDigits(Math.abs(x));
  if (dp <= 0) return `${sign}0.${'0'.repeat(-dp)}${digits}`;
  if (dp >= digits.length) return `${sign}${digits}${'0'.repeat(dp - digits.length)}`;
  return `${sign}${digits.slice(0, dp)}.${digits.slice(dp)}`;
}

/** `fmt.Sprint(x)` for a float64 (`%v`, i.e. shortest `%g`): `1e+06`, `123456`, `1.5e-07`, `+Inf`. */
export function formatFloatG(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const sign = x < 0 ? '-' : '';
  const { digits, dp } = shortestDigits(Math.abs(x));
  const exp = dp - 1;
  let eprec = 6;
  if (eprec > digits.length && digits.length >= dp) eprec = digits.length;
  if (exp < -4 || exp >= eprec) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp);
    return `${sign}${mant}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  }
  return formatFloatF(x);
}

/** `fmt.Sprintf("%.<prec>g", x)`: `prec` significant digits, trailing zeros dropped, exponent form outside [1e-4, 10^prec). */
export function formatFloatGPrec(x: number, prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mant, expPart] = Math.abs(x).toExponential(Math.max(0, prec - 1)).split('e') as [string, string];
  const exp = Number(expPart);
  const sign = x < 0 ? '-' : '';
  const digits = mant.replace('.', '').replace(/0+$/, '') || '0';
  if (exp < -4 || exp >= prec) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${Math.abs(exp) < 10 ? '0' : ''}${Math.abs(exp)}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/** `strconv.FormatFloat(x, 'e', -1, 64)`: shortest digits in exponent form, `1e+00`, `1.2345e+03`. */
export function formatFloatE(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  if (x === 0) return Object.is(x, -0) ? '-0e+00' : '0e+00';
  const [mant, expPart] = x.toExponential().split('e') as [string, string];
  const exp = Number(expPart);
  return `${mant}e${exp < 0 ? '-' : '+'}${Math.abs(exp) < 10 ? '0' : ''}${Math.abs(exp)}`;
}
