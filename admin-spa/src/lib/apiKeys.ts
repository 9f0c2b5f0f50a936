// An API key's state and the expiry the create form sends.

export interface ApiKeyDates {
  expiresAt?: string | null;
  revokedAt?: string | null;
}

export interface ApiKeyState {
  label: "active" | "expires" | "expired" | "revoked";
  /** When it was revoked, expired or expires. */
  since: string | null;
  tone: "pass" | "warn" | "fail";
}

/** Revoked, expired, active until a date, or active for good: as of `now`. */
export function apiKeyState(key: ApiKeyDates, now: Date): ApiKeyState {
  if (key.revokedAt) {
    return { label: "revoked", since: key.revokedAt, tone: "fail" };
  }
  if (key.expiresAt && new Date(key.expiresAt) <= now) {
    return { label: "expired", since: key.expiresAt, tone: "fail" };
  }
  if (key.expiresAt) {
    return { label: "expires", since: key.expiresAt, tone: "warn" };
  }
  return { label: "active", since: null, tone: "pass" };
}

/**
 * A `datetime-local` value (the browser's time zone, no offset) as the UTC instant the API
 * wants; null when blank. A value the browser cannot read goes as typed for the server to refuse.
 */
export function localToUtc(value: string): string | null {
  if (value.trim() === "") {
    return null;
  }
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? value : parsed.toISOString();
}
