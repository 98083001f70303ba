import { dig, list, stringMap } from '../objects.js';

/**
 * Whether `labels` match a Kubernetes label selector (`matchLabels` and `matchExpressions` with
 * In, NotIn, Exists, DoesNotExist). An empty selector matches everything, as in Kubernetes.
 */
export function selects(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  for (const [key, value] of Object.entries(stringMap(dig(selector, 'matchLabels')))) if (labels[key] !== value) return false;
  for (const expression of list(dig(selector, 'matchExpressions'))) {
    const key = String(dig(expression, 'key'));
    const values = list(dig(expression, 'values')).map(String);
    const has = key in labels;
    switch (dig(expression, 'operator')) {
      case 'In':
        if (!has || !values.includes(labels[key] ?? '')) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[key] ?? '')) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** `a=b, c=d` for messages. */
export function formatLabels(labels: Readonly<Record<string, string>>): string {
  const entries = Object.entries(labels);
  return entries.length === 0 ? '(no labels)' : entries.map(([k, v]) => `${k}=${v}`).join(', ');
}
