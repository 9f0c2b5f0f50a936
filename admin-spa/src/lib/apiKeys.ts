// An API key's state: active, expiring, expired or revoked.

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
