import { describe, expect, it } from "vitest";
import { apiKeyState } from "./apiKeys";

describe("API key state", () => {
  const now = new Date("2026-11-27T12:00:00Z");

  it("puts revoked before expired, expired before expiring", () => {
    expect(apiKeyState({ revokedAt: "2026-11-01T00:00:00Z", expiresAt: "2026-01-01T00:00:00Z" }, now)).toEqual({
      label: "revoked",
      since: "2026-11-01T00:00:00Z",
      tone: "fail",
    });
    expect(apiKeyState({ expiresAt: "2026-11-27T12:00:00Z" }, now).label).toBe("expired");
    expect(apiKeyState({ expiresAt: "2026-12-01T00:00:00Z" }, now)).toEqual({ label: "expires", since: "2026-12-01T00:00:00Z", tone: "warn" });
    expect(apiKeyState({ expiresAt: null, revokedAt: null }, now)).toEqual({ label: "active", since: null, tone: "pass" });
  });
});
