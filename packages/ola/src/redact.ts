/**
 * Secret patterns the local stack redacts from log lines that reach it, the counterpart of Alloy's
 * `loki.secretfilter` on Kubernetes (which uses gitleaks' rules; these are the common ones).
 * The SDK never writes a secret in the first place: this is for third-party lines.
 */
export interface SecretPattern {
  readonly id: string;
  /** A regex whose first capture group, when present, is the secret; otherwise the whole match is. */
  readonly pattern: RegExp;
  /**
   * Literals (compared case-insensitively) of which every match holds at least one: a line with
   * none of them skips the pattern, which is what makes redaction cheap on ordinary lines.
   */
  readonly keywords: readonly string[];
}

/** The patterns, most specific first. */
export const SECRET_PATTERNS: readonly SecretPattern[] = [
  { id: 'authorization-header', pattern: /\b(?:authorization|proxy-authorization)["']?\s*[:=]\s*["']?((?:bearer|basic|token|digest)\s+[^\s"',;]+|[^\s"',;]{8,})/gi, keywords: ['authorization'] },
  { id: 'cookie-header', pattern: /\b(?:cookie|set-cookie)["']?\s*[:=]\s*["']?([^"'\n]{4,}?)(?=["']?\s*(?:[,}]|$))/gim, keywords: ['cookie'] },
  { id: 'jwt', pattern: /\b(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})/g, keywords: ['eyJ'] },
  { id: 'aws-access-key', pattern: /\b((?:AKIA|ASIA)[A-Z0-9]{16})\b/g, keywords: ['AKIA', 'ASIA'] },
  { id: 'github-token', pattern: /\b(gh[pousr]_[A-Za-z0-9]{36,})\b/g, keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'] },
  { id: 'slack-token', pattern: /\b(xox[baprs]-[A-Za-z0-9-]{10,})\b/g, keywords: ['xoxb-', 'xoxa-', 'xoxp-', 'xoxr-', 'xoxs-'] },
  { id: 'grafana-token', pattern: /\b(glsa_[A-Za-z0-9_]{32,}|glc_[A-Za-z0-9+/=]{32,})\b/g, keywords: ['glsa_', 'glc_'] },
  { id: 'private-key', pattern: /(-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----)/g, keywords: ['-----BEGIN '] },
  {
    id: 'password-field',
    pattern: /["']?\b(?:password|passwd|pwd|secret|api[_-]?key|access[_-]?token|refresh[_-]?token|client[_-]?secret)["']?\s*[:=]\s*["']?([^\s"',;&}]{1,})/gi, keywords: ['password', 'passwd', 'pwd', 'secret', 'apikey', 'api_key', 'api-key', 'access_token', 'access-token', 'accesstoken', 'refresh_token', 'refresh-token', 'refreshtoken'],
  },
];

/** What replaces a secret, with the pattern's id so a reader knows what was there. */
export function redactionMarker(id: string): string {
  return `<REDACTED:${id}>`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One case-insensitive test for any keyword of a pattern set, built once per set. */
const prefilters = new WeakMap<readonly SecretPattern[], RegExp>();
function prefilterOf(patterns: readonly SecretPattern[]): RegExp {
  let re = prefilters.get(patterns);
  if (!re) {
    re = new RegExp(patterns.flatMap((p) => p.keywords.map(escapeRegExp)).join('|'), 'i');
    prefilters.set(patterns, re);
  }
  return re;
}

/** The line with every secret replaced, and how many were found (0 means the line is unchanged). */
export function redactSecrets(line: string, patterns: readonly SecretPattern[] = SECRET_PATTERNS): { line: string; redacted: number } {
  // Nearly every line holds no keyword at all: one scan instead of one per pattern.
  if (!prefilterOf(patterns).test(line)) return { line, redacted: 0 };
  let redacted = 0;
  let out = line;
  const lower = line.toLowerCase();
  for (const { id, pattern, keywords } of patterns) {
    if (!keywords.some((k) => lower.includes(k.toLowerCase()))) continue;
    pattern.lastIndex = 0;
    out = out.replace(pattern, (match: string, group?: string) => {
      const secret = group ?? match;
      // A line may pass through twice (SDK output re-ingested): never redact a marker.
      if (secret.startsWith('<REDACTED')) return match;
      redacted++;
      return match.replace(secret, redactionMarker(id));
    });
  }
  return { line: out, redacted };
}
