import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The playground's fixed demo accounts. These are not secrets: they exist so that loadgen and a
 * person with curl can produce successful and failed logins. Only their hashes are kept in memory.
 */
export const DEMO_USERS: Readonly<Record<string, { readonly password: string; readonly admin: boolean }>> = {
  alice: { password: 'wonderland', admin: true },
  bob: { password: 'builder', admin: false },
};

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();
const HASHES = new Map(Object.entries(DEMO_USERS).map(([name, u]) => [name, { hash: digest(u.password), admin: u.admin }]));

/** `unknown_user`, `bad_password`, or the user's role. Compares in constant time. */
export function checkPassword(username: string, password: string): { ok: true; admin: boolean } | { ok: false; reason: 'unknown user' | 'bad password' } {
  const user = HASHES.get(username);
  if (!user) return { ok: false, reason: 'unknown user' };
  return timingSafeEqual(user.hash, digest(password)) ? { ok: true, admin: user.admin } : { ok: false, reason: 'bad password' };
}

/** True when `username` is a demo account with the admin role. */
export function isAdmin(username: string): boolean {
  return HASHES.get(username)?.admin === true;
}
