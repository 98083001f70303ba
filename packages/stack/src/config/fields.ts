import * as z from 'zod';
import { fixError } from './issues.js';

/*
 * Leaf schemas of the config. Each knows what a good value looks like, so its error says what to
 * write instead, computed from what the user wrote where that is possible ("50GB" -> "50Gi").
 * zod takes the error option per check, so each helper passes the same one to every check.
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Prometheus' duration: units from years down to milliseconds, largest first, e.g. `30d`, `1h30m`. */
const PROM_DURATION = /^(?!$)(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$/;
/** Go's `time.ParseDuration`: no `d` unit, so Tempo's retention of 14 days is `336h`. */
const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;
/** A Kubernetes resource quantity as used for volume sizes. */
const QUANTITY = /^\d+(\.\d+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;
/** Prometheus' `retentionSize` units. */
const PROM_SIZE = /^\d+(\.\d+)?(B|KB|MB|GB|TB|PB|EB)$/;
const URL_PATH = /^\/([A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*)?$/;

function text(input: unknown): string {
  return typeof input === 'string' ? input : String(input ?? '');
}

/** The nearest DNS-1123 label to what the user wrote, for the fix. */
export function toDnsLabel(input: unknown, fallback: string, maxLength = 63): string {
  const cleaned = text(input)
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .slice(0, maxLength)
    .replace(/^-+|-+$/g, '');
  return cleaned || fallback;
}

/** A Kubernetes name that must be a DNS-1123 label: namespaces, Services, Helm releases (53). */
export function dnsLabel(fallback: string, maxLength = 63) {
  const error = fixError((input) => `write a DNS-1123 label (lower-case letters, digits and '-', at most ${maxLength} characters), e.g. "${toDnsLabel(input, fallback, maxLength)}"`);
  return z.string({ error }).min(1, { error }).max(maxLength, { error }).regex(DNS_LABEL, { error });
}

/** A DNS-1123 subdomain: host names, Secret and StorageClass names. */
export function dnsSubdomain(example: string) {
  const error = fixError((input) => {
    const guess = text(input).toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
    return `write a DNS-1123 name (lower-case letters, digits, '-' and '.'), e.g. "${guess || example}"`;
  });
  return z.string({ error }).min(1, { error }).max(253, { error }).regex(DNS_SUBDOMAIN, { error });
}

/** A volume size such as `50Gi`. `50GB` is a common slip: the fix offers `50Gi`. */
export function quantity() {
  const error = fixError((input) => {
    const m = /^(\d+(?:\.\d+)?)\s*([KMGTPE])i?B?$/i.exec(text(input));
    return `write a Kubernetes quantity such as "${m ? `${m[1]}${(m[2] ?? 'G').toUpperCase()}i` : '50Gi'}"`;
  });
  return z.string({ error }).regex(QUANTITY, { error });
}

/** Prometheus' `retentionSize`, e.g. `45GB` (Prometheus units, not Kubernetes ones). */
export function promSize() {
  const error = fixError((input) => {
    const m = /^(\d+(?:\.\d+)?)\s*([KMGTPE])i?B?$/i.exec(text(input));
    return `write a Prometheus size such as "${m ? `${m[1]}${(m[2] ?? 'G').toUpperCase()}B` : '45GB'}"`;
  });
  return z.string({ error }).regex(PROM_SIZE, { error });
}

/** A Prometheus duration (`30d`, `15s`, `1h30m`). */
export function promDuration(example: string) {
  const error = fixError((input) => {
    const m = /^(\d+)\s*(days?|hours?|minutes?|seconds?)$/i.exec(text(input));
    const unit = { d: 'd', h: 'h', m: 'm', s: 's' }[(m?.[2] ?? '').charAt(0).toLowerCase()];
    return `write a Prometheus duration such as "${m && unit ? `${m[1]}${unit}` : example}"`;
  });
  return z.string({ error }).regex(PROM_DURATION, { error });
}

/** A Go duration (`336h`); days written as `14d` get the fix in hours. */
export function goDuration(example: string) {
  const error = fixError((input) => {
    const m = /^(\d+)d$/.exec(text(input));
    return m ? `Go durations have no "d" unit: write "${Number(m[1]) * 24}h"` : `write a Go duration such as "${example}"`;
  });
  return z.string({ error }).regex(GO_DURATION, { error });
}

/** A URL path Grafana is served under: `/` or `/grafana` (no trailing slash). */
export function urlPath() {
  const error = fixError((input) => {
    const guess = `/${text(input).replace(/^\/+|\/+$/g, '')}`;
    return `write "/" or a path such as "${URL_PATH.test(guess) ? guess : '/grafana'}" (leading "/", no trailing "/")`;
  });
  return z.string({ error }).regex(URL_PATH, { error });
}

/** A non-empty string with a fix of the caller's choosing. */
export function nonEmpty(fix: string) {
  const error = fixError(fix);
  return z.string({ error }).min(1, { error });
}

/** A boolean; "true"/"yes" strings are common in YAML written by hand. */
export function flag(fix: string) {
  return z.boolean({ error: fixError(fix) });
}

/** A number in a range (both bounds inclusive unless `exclusive`). */
export function ratio(fix: string) {
  const error = fixError(fix);
  return z.number({ error }).gt(0, { error }).lte(1, { error });
}

/** A whole number in [min, max]. */
export function wholeNumber(min: number, max: number, fix: string) {
  const error = fixError(fix);
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

/** A positive number of seconds. */
export function positiveNumber(fix: string) {
  const error = fixError(fix);
  return z.number({ error }).positive({ error });
}

/** One of `values`, or an error naming the closest (case-insensitive) and, for renamed values, the new name. */
export function oneOf<const V extends readonly [string, ...string[]]>(values: V, renamed: Readonly<Record<string, { readonly to: V[number]; readonly why: string }>> = {}) {
  return z.enum(values, {
    error: fixError(
      (input) => {
        const was = renamed[text(input)];
        if (was) return `write "${was.to}"`;
        const same = values.find((v) => v.toLowerCase() === text(input).toLowerCase());
        return same ? `write "${same}" (the case matters)` : `write one of ${values.map((v) => `"${v}"`).join(', ')}`;
      },
      (issue) => {
        const was = renamed[text(issue.input)];
        return was ? `"${text(issue.input)}" ${was.why}` : undefined;
      },
    ),
  });
}

/**
 * A union told apart by `key` (Loki's `mode`, object storage's `type`): a wrong tag gets the
 * closest tag, or the new name of a renamed one, as its fix.
 */
export function taggedUnion<const Options extends readonly [z.core.$ZodTypeDiscriminable, ...z.core.$ZodTypeDiscriminable[]]>(
  key: string,
  tags: readonly string[],
  options: Options,
  example: string,
  renamed: Readonly<Record<string, { readonly to: string; readonly why: string }>> = {},
) {
  return z.discriminatedUnion(key, options, {
    error: fixError(
      (input) => {
        if (typeof input !== 'object' || input === null) return `write an object such as ${example}`;
        const tag = text((input as Record<string, unknown>)[key]);
        const was = renamed[tag];
        if (was) return `write "${was.to}"`;
        const same = tags.find((t) => t.toLowerCase() === tag.toLowerCase());
        return same ? `write "${same}" (the case matters)` : `write ${key}: one of ${tags.map((t) => `"${t}"`).join(', ')}`;
      },
      (issue) => {
        const input = issue.input;
        if (typeof input !== 'object' || input === null) return `expected an object, got ${JSON.stringify(input) ?? 'nothing'}`;
        const tag = (input as Record<string, unknown>)[key];
        if (tag === undefined) return `"${key}" is required`;
        const was = renamed[text(tag)];
        return was ? `"${text(tag)}" ${was.why}` : `${JSON.stringify(tag)} is not a known ${key}`;
      },
    ),
  });
}
