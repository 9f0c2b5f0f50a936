import { describe, expect, it } from "vitest";
import { localInputHoursBefore, localToUtc, utcToLocalInput } from "./time";

describe("datetime-local values", () => {
  it("sends blank as null and a local time as its UTC instant", () => {
    expect(localToUtc(" ")).toBeNull();
    expect(localToUtc("2026-12-01T10:30")).toBe(new Date(2026, 11, 1, 10, 30).toISOString());
    expect(localToUtc("soon")).toBe("soon");
  });

  it("writes a time some hours back in the browser's zone, which reads back as the same instant", () => {
    const now = new Date(2026, 10, 27, 3, 5, 42);
    expect(localInputHoursBefore(now, 24)).toBe("2026-11-26T03:05");
    expect(localToUtc(localInputHoursBefore(now, 0))).toBe(new Date(2026, 10, 27, 3, 5).toISOString());
  });

  it("shows an instant from the API as a local input value, which reads back as that instant", () => {
    const instant = new Date(2026, 11, 1, 10, 30).toISOString();
    expect(utcToLocalInput(instant)).toBe("2026-12-01T10:30");
    expect(localToUtc(utcToLocalInput(instant))).toBe(instant);
    expect(utcToLocalInput(null)).toBe("");
    expect(utcToLocalInput("never")).toBe("");
  });
});
