import { describe, expect, it } from "vitest";
import { splitErrors } from "../api/errors";
import {
  attemptOutcome,
  deliveryTone,
  endpointFields,
  endpointState,
  headersToSend,
  isSuccess,
  parseEventTypes,
  sentHeaderRows,
} from "./webhooks";

describe("event type patterns", () => {
  it("splits lines, commas and spaces and drops the blanks", () => {
    expect(parseEventTypes("blog.post.published,\n commerce.order.*\n\n*  ")).toEqual([
      "blog.post.published",
      "commerce.order.*",
      "*",
    ]);
    expect(parseEventTypes("  \n")).toEqual([]);
  });
});

describe("custom headers", () => {
  const rows = [
    { name: " X-Token ", value: "abc" },
    { name: "", value: "" },
    { name: "", value: "orphan" },
  ];

  it("sends every row that is not blank, names trimmed, values as typed", () => {
    expect(headersToSend(rows)).toEqual([
      { name: "X-Token", value: "abc" },
      { name: "", value: "orphan" },
    ]);
    expect(sentHeaderRows(rows)).toEqual([0, 2]);
  });

  it("puts each header's errors before the endpoint's own fields", () => {
    const errors = [
      { code: "VALIDATION", field: "headers.1.name", message: "'' is not a header name" },
      { code: "VALIDATION", field: "eventTypes.0", message: "nope.* matches no event type" },
      { code: "VALIDATION", field: "headers", message: "give at most 20 headers" },
    ];
    expect(splitErrors(errors, endpointFields(2))).toEqual({
      byField: {
        "headers.1.name": ["'' is not a header name"],
        eventTypes: ["nope.* matches no event type"],
        headers: ["give at most 20 headers"],
      },
      general: [],
    });
  });
});

describe("endpoint state", () => {
  it("tells on, off and disabled by deliveries apart", () => {
    expect(endpointState({ isActive: true, disabledReason: null })).toEqual({ label: "active", reason: null, tone: "pass" });
    expect(endpointState({ isActive: false, disabledReason: null })).toEqual({ label: "off", reason: null, tone: "warn" });
    expect(endpointState({ isActive: false, disabledReason: "gone" })).toEqual({
      label: "disabled",
      reason: "the receiver answered 410 Gone",
      tone: "fail",
    });
    expect(endpointState({ isActive: false, disabledReason: "failing" }).reason).toBe("its deliveries failed for too long");
    expect(endpointState({ isActive: false, disabledReason: "other" }).reason).toBe("other");
  });
});

describe("attempts", () => {
  it("says what came back, or why nothing did", () => {
    expect(attemptOutcome({ status: 200, latencyMs: 12, error: null })).toBe("200 in 12 ms");
    expect(attemptOutcome({ status: null, latencyMs: 15000, error: "timeout" })).toBe("no answer after 15000 ms: timeout");
    expect(attemptOutcome({ status: null, latencyMs: 3 })).toBe("no answer after 3 ms");
  });

  it("counts only 2xx as delivered", () => {
    expect([199, 200, 204, 299, 300, 410, null].map(isSuccess)).toEqual([false, true, true, true, false, false, false]);
  });

  it("colours delivery states", () => {
    expect(["delivered", "pending", "skipped", "dead"].map(deliveryTone)).toEqual(["pass", "warn", "warn", "fail"]);
  });
});
