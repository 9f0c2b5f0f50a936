import { describe, expect, it } from "vitest";
import { EMPTY_AUDIT_FILTER, auditFilterOf } from "./audit";

describe("auditFilterOf", () => {
  it("sends blanks as null", () => {
    expect(auditFilterOf({ ...EMPTY_AUDIT_FILTER, type: "  " })).toEqual({
      type: null,
      actor: null,
      aggregateType: null,
      aggregateId: null,
      since: null,
      until: null,
    });
  });

  it("trims what is typed and sends local times as UTC instants", () => {
    const form = {
      type: " commerce.discount.* ",
      actor: "user:42",
      aggregateType: "commerce.discount",
      aggregateId: " 0190 ",
      since: "2026-12-01T10:30",
      until: "",
    };
    expect(auditFilterOf(form)).toEqual({
      type: "commerce.discount.*",
      actor: "user:42",
      aggregateType: "commerce.discount",
      aggregateId: "0190",
      since: new Date(2026, 11, 1, 10, 30).toISOString(),
      until: null,
    });
  });
});
