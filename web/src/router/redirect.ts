import type { LocationQueryValue } from 'vue-router';

const BASE = 'http://cq-pathway.invalid';

/**
 * Returns the path to go to after signing in, or null when the value is not a path on this site
 * (absolute or protocol-relative URLs, backslash tricks, control characters, the sign-in page itself).
 */
export function safeRedirect(value: LocationQueryValue | LocationQueryValue[] | undefined): string | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (typeof raw !== 'string' || raw === '') return null;
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\')) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE || url.pathname === '/sign-in') return null;
  return `${url.pathname}${url.search}${url.hash}`;
}
