/*
 * Charts document optional keys as commented-out YAML in values.yaml (the Grafana chart's
 * `# storageClassName: default` under `persistence:`); the templates read them all the same. This
 * scanner recovers them: a comment line `# key: ...` is a key at the indentation of its `#`, plus
 * any spaces beyond the first after it (`#    root_url:` nests under a `# server:` above it).
 * Block scalars (`config: |`) are skipped, and keys inside lists are ignored (lists are free).
 *
 * Charts also ship config templates inside values.yaml (Loki's `loki.config`, tempo-distributed's
 * `config`); every `.Values.a.b` they read is a key the chart uses (`templateReadKeys`).
 */

const REAL_KEY = /^(\s*)([A-Za-z_$][\w.$/-]*|"[^"]+"|'[^']+'):(\s|$)/;
const COMMENT_KEY = /^(\s*)#( *)([A-Za-z_][\w.-]*):(\s|$)/;
const LIST_ITEM = /^(\s*)(#\s*)?- /;
const BLOCK_SCALAR = /:\s*[|>][-+0-9]*\s*(#.*)?$/;

interface Frame {
  readonly indent: number;
  readonly key: string;
}

/** Paths (as key lists) of keys that values.yaml documents only in comments, with their parents. */
export function documentedKeys(valuesYaml: string): string[][] {
  const out: string[][] = [];
  const stack: Frame[] = [];
  let blockIndent = -1;
  const place = (indent: number, key: string): string[] => {
    while (stack.length > 0 && (stack[stack.length - 1] as Frame).indent >= indent) stack.pop();
    const path = [...stack.map((f) => f.key), key];
    stack.push({ indent, key });
    return path;
  };
  for (const line of valuesYaml.split('\n')) {
    if (line.trim() === '') continue;
    const indent = line.length - line.trimStart().length;
    if (blockIndent >= 0) {
      if (indent > blockIndent) continue;
      blockIndent = -1;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      const at = (item[1] ?? '').length + (item[2] ? (item[2].length > 2 ? item[2].length - 2 : 0) : 0);
      place(at, '[]');
      continue;
    }
    const real = REAL_KEY.exec(line);
    if (real && !line.trimStart().startsWith('#')) {
      place(indent, unquote(real[2] ?? ''));
      if (BLOCK_SCALAR.test(line)) blockIndent = indent;
      continue;
    }
    const commented = COMMENT_KEY.exec(line);
    if (commented) {
      const at = (commented[1] ?? '').length + Math.max(0, (commented[2] ?? '').length - 1);
      const path = place(at, commented[3] ?? '');
      if (!path.includes('[]')) out.push(path);
    }
  }
  return out;
}

function unquote(key: string): string {
  return /^["'].*["']$/.test(key) ? key.slice(1, -1) : key;
}

const VALUES_REF = /\.Values\.([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)/g;

/** Paths the templates inside values.yaml read (`{{ .Values.storage.trace.s3 }}`). */
export function templateReadKeys(valuesYaml: string): string[][] {
  const seen = new Set<string>();
  for (const m of valuesYaml.matchAll(VALUES_REF)) seen.add(m[1] ?? '');
  return [...seen].filter(Boolean).map((p) => p.split('.'));
}
