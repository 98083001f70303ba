import { SECRET_PATTERNS } from '@srcobs/ola';
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml';
import type { RenderedFile } from '../render/types.js';
import type { Finding, Validator } from './types.js';

const CHECK = 'secrets';

/**
 * Literal values that must never be in a rendered file, beyond the generic patterns: the
 * kube-prometheus-stack Grafana default password (E5), password and key fields with a literal
 * value, S3 secret keys, and PEM blocks. Each names what it found, never the value itself.
 */
const LITERAL_CHECKS: ReadonlyArray<{ readonly id: string; readonly pattern: RegExp; readonly what: string }> = [
  { id: 'prom-operator', pattern: /prom-operator/, what: "kube-prometheus-stack's default Grafana password `prom-operator` (E5)" },
  { id: 'admin-password', pattern: /\badminPassword["']?\s*[:=]\s*["']?([^\s"'#,}]+)/, what: 'a literal `adminPassword`' },
  { id: 'secret-access-key', pattern: /\bsecret_?access_?key["']?\s*[:=]\s*["']?([^\s"'#,}]+)/i, what: 'a literal S3 secret access key' },
  { id: 'pem-block', pattern: /-----BEGIN [A-Z ]+-----/, what: 'a PEM block (private key or certificate)' },
  { id: 'password-field', pattern: /\b[\w.-]*password["']?\s*[:=]\s*["']?([^\s"'#,}]+)/i, what: 'a literal password' },
];

/**
 * A value that names where a secret comes from rather than holding one: environment and file
 * references (`${env:X}`, `$__file{…}`, `sys.env("X")`), templates, placeholders, and empty values.
 */
function isReference(value: string): boolean {
  return value === '' || value === 'null' || value === '~' || /^(\$\{|\$__|\{\{|<|%|\*{3}|sys\.env\(|env\()/.test(value) || value.includes('REDACTED');
}

/** Where each line's text starts, and the dotted YAML path of any offset (for `helm-values` and manifests). */
function yamlPaths(content: string): ((offset: number) => string | undefined) | undefined {
  let docs;
  try {
    docs = parseAllDocuments(content, { lineCounter: new LineCounter() });
  } catch {
    return undefined;
  }
  if (!Array.isArray(docs) || docs.some((d) => d.errors.length > 0)) return undefined;
  return (offset) => {
    for (const [i, doc] of docs.entries()) {
      const path = findPath(doc.contents as Node | null, offset, []);
      if (path) return `${docs.length > 1 ? `document ${i + 1}: ` : ''}${path.join('.') || '(root)'}`;
    }
    return undefined;
  };
}

function findPath(node: Node | null, offset: number, path: string[]): string[] | undefined {
  if (!node || !node.range || offset < node.range[0] || offset > node.range[2]) return undefined;
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '?';
      const keyRange = (pair.key as Node | null)?.range;
      if (keyRange && offset >= keyRange[0] && offset <= keyRange[2]) return [...path, key];
      const inner = findPath(pair.value as Node | null, offset, [...path, key]);
      if (inner) return inner;
    }
    return path;
  }
  if (isSeq(node)) {
    for (const [i, item] of node.items.entries()) {
      const inner = findPath(item as Node | null, offset, [...path, String(i)]);
      if (inner) return inner;
    }
    return path;
  }
  return path;
}

const YAML_KINDS = new Set(['helm-values', 'helmfile', 'manifest', 'collector', 'prometheus-rules', 'prometheus-rules-test', 'loki-rules']);

/** The secrets in one file, as findings that say where and what kind, never the value. */
export function findSecrets(file: RenderedFile): Finding[] {
  const out: Finding[] = [];
  const pathAt = YAML_KINDS.has(file.kind) ? yamlPaths(file.content) : undefined;
  let lineStart = 0;
  for (const [index, line] of file.content.split('\n').entries()) {
    const report = (column: number, what: string): void => {
      const yamlPath = pathAt?.(lineStart + column);
      out.push({
        severity: 'error',
        check: CHECK,
        file: file.path,
        path: yamlPath ?? `${index + 1}:${column + 1}`,
        message: `${what} at line ${index + 1}: rendered files must not carry secrets`,
        fix: 'reference a Kubernetes Secret instead (existingSecret, secretKeyRef, or an env var from a Secret), and rotate the exposed value',
      });
    };
    // One finding per line, the most specific first: a line is fixed once, whatever it matched.
    const literal = LITERAL_CHECKS.map((check) => ({ check, match: check.pattern.exec(line) })).find(
      ({ match }) => match && (match[1] === undefined || !isReference(match[1])),
    );
    if (literal?.match) report(literal.match.index, literal.check.what);
    else {
      for (const { id, pattern } of SECRET_PATTERNS) {
        // One line at a time: a key whose value is on the next line is a mapping, not a secret.
        const match = new RegExp(pattern.source, pattern.flags.replace('g', '')).exec(line);
        if (!match || isReference((match[1] ?? match[0]).replace(/^["']/, ''))) continue;
        report(match.index, `a value matching the \`${id}\` secret pattern of @srcobs/ola`);
        break;
      }
    }
    lineStart += line.length + 1;
  }
  return out;
}

/**
 * The secrets check of `srcobs validate`: no password, token or key in any rendered file. It
 * scans every file with the redaction patterns of `@srcobs/ola` plus literal checks (see
 * {@link LITERAL_CHECKS}); a file that carries one is an error naming the file and the values path
 * (or line and column), and never repeating the secret.
 */
export const validateSecrets: Validator = (files) => files.flatMap(findSecrets);
