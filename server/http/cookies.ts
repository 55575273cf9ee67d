// Reading and writing the session cookie and the device cookie.
import type { IncomingMessage } from 'node:http';
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE_S } from '../auth/device-cookie.ts';
import { SESSION_COOKIE } from '../auth/session.ts';

export function readCookie(req: IncomingMessage, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      // A value that is not valid percent-encoding was not set by us: as good as no cookie.
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

function isHttps(req: IncomingMessage): boolean {
  return (req.socket as { encrypted?: boolean }).encrypted === true || req.headers['x-forwarded-proto'] === 'https';
}

export function sessionCookie(req: IncomingMessage, token: string, expiresAt: Date): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  const secure = isHttps(req) ? '; Secure' : '';
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}; Expires=${expiresAt.toUTCString()}${secure}`;
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
}

/**
 * The device cookie (server/auth/device-cookie.ts): long-lived, sent only to the API, never readable by
 * scripts. Sign-out leaves it: it signs nobody in, it only says the browser knew the password once.
 */
export function deviceCookie(req: IncomingMessage, value: string): string {
  const secure = isHttps(req) ? '; Secure' : '';
  return `${DEVICE_COOKIE}=${value}; Path=/trpc; HttpOnly; SameSite=Lax; Max-Age=${DEVICE_COOKIE_MAX_AGE_S}${secure}`;
}
