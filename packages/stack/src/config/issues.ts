import * as z from 'zod';
import type { ConfigIssue } from '../errors.js';
import { nearestName } from '../nearest.js';

/*
 * zod lets a schema customise an issue's message but not add fields to it, so the schema helpers
 * below encode `{ problem, fix }` (or a list of unknown keys) as JSON in the message, and
 * `toConfigIssues` decodes it. The encoding never leaves this module.
 */
const MARK = '\u0000srcobs:';

interface Encoded {
  readonly problem?: string;
  readonly fix?: string;
  readonly unknownKeys?: readonly { readonly key: string; readonly fix: string }[];
}

type RawIssue = z.core.$ZodRawIssue;

function encode(value: Encoded): string {
  return MARK + JSON.stringify(value);
}

/** How a value looks in a message: strings quoted, objects as compact JSON, long ones cut. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** A generic description of what is wrong, from zod's issue code and the input it saw. */
export function describeProblem(issue: RawIssue): string {
  const input = issue.input;
  switch (issue.code) {
    case 'invalid_type':
      return input === undefined ? 'is required' : `expected ${issue.expected}, got ${show(input)}`;
    case 'invalid_value':
      return `${show(input)} is not one of ${issue.values.map((v) => show(v)).join(', ')}`;
    case 'invalid_format':
      return `${show(input)} is not a valid value here`;
    case 'too_small':
      return `${show(input)} is below the minimum ${String(issue.minimum)}`;
    case 'too_big':
      return `${show(input)} is above the maximum ${String(issue.maximum)}`;
    case 'not_multiple_of':
      return `${show(input)} is not a whole number`;
    case 'invalid_union':
      return `${show(input)} matches none of the allowed shapes`;
    default:
      return `${show(input)} is not valid here`;
  }
}

/**
 * The error option for a leaf schema: every way the value can be wrong gets the same fix, and a
 * problem described from the input (or by `problem` when the caller knows better).
 */
export function fixError(fix: string | ((input: unknown) => string), problem?: (issue: RawIssue) => string | undefined): (issue: RawIssue) => string {
  return (issue) =>
    encode({
      problem: problem?.(issue) ?? describeProblem(issue),
      fix: typeof fix === 'string' ? fix : fix(issue.input),
    });
}

/**
 * A closed object: an unknown key is an error naming the nearest real key (or one of `hints`,
 * for keys users are known to reach for, such as a password where a Secret reference belongs).
 */
export function closedObject<Shape extends z.core.$ZodLooseShape>(shape: Shape, options: { readonly example: string; readonly hints?: Readonly<Record<string, string>> }) {
  const keys = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === 'unrecognized_keys') {
        return encode({ unknownKeys: issue.keys.map((key) => ({ key, fix: unknownKeyFix(key, keys, options.hints) })) });
      }
      return encode({ problem: describeProblem(issue), fix: `write an object such as ${options.example}` });
    },
  });
}

function unknownKeyFix(key: string, keys: readonly string[], hints?: Readonly<Record<string, string>>): string {
  const hint = hints?.[key];
  if (hint) return hint;
  const near = nearestName(key, keys);
  const known = `the keys here are ${keys.join(', ')}`;
  return near ? `did you mean "${near}"? (${known})` : `remove it (${known})`;
}

/** `services[0].port` from zod's `['services', 0, 'port']`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** zod's issues as the config's own: one per problem, each with a path and a fix. */
export function toConfigIssues(issues: readonly z.core.$ZodIssue[]): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of issues) {
    const path = formatPath(issue.path);
    const decoded = decode(issue.message);
    if (decoded?.unknownKeys) {
      for (const u of decoded.unknownKeys) out.push({ path: formatPath([...issue.path, u.key]), problem: 'unknown key', fix: u.fix });
    } else if (issue.code === 'custom' && typeof issue.params?.['fix'] === 'string') {
      out.push({ path, problem: issue.message, fix: issue.params['fix'] });
    } else if (decoded?.problem !== undefined && decoded.fix !== undefined) {
      out.push({ path, problem: decoded.problem, fix: decoded.fix });
    } else {
      // A schema without a custom error: still say something actionable.
      out.push({ path, problem: issue.message, fix: 'see srcobs.schema.json for the allowed values' });
    }
  }
  return out;
}

function decode(message: string): Encoded | undefined {
  if (!message.startsWith(MARK)) return undefined;
  try {
    return JSON.parse(message.slice(MARK.length)) as Encoded;
  } catch {
    return undefined;
  }
}
