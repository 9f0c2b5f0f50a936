import { describe, expect, it } from "vitest";
import {
  EMPTY_DISCOUNT_FORM,
  describeTarget,
  describeUsage,
  describeWindow,
  discountFormOf,
  discountInputOf,
  discountState,
  formatDiscountValue,
  parsePercent,
  percentOf,
  type DiscountFacts,
} from "./discounts";

const TEN_OFF: DiscountFacts = {
  code: "TEN",
  name: "Ten off",
  isAutomatic: false,
  kind: "PERCENTAGE",
  value: 1000,
  currency: null,
  target: "ORDER",
  targets: [],
  minSubtotal: null,
  usageLimit: null,
  usageLimitPerCustomer: null,
  usageCount: 0,
  startsAt: null,
  endsAt: null,
  combinable: false,
  status: "ACTIVE",
};

describe("percentages", () => {
  it("reads percent as basis points and writes them back without trailing zeros", () => {
    expect(parsePercent("10")).toEqual({ ok: true, basisPoints: 1000 });
    expect(parsePercent(" 12.5 ")).toEqual({ ok: true, basisPoints: 1250 });
    expect(parsePercent("0.05")).toEqual({ ok: true, basisPoints: 5 });
    expect(percentOf(1000)).toBe("10");
    expect(percentOf(1250)).toBe("12.5");
    expect(percentOf(10000)).toBe("100");
    expect(percentOf(5)).toBe("0.05");
  });

  it("refuses more than 2 decimals and what is not a number", () => {
    const refusal = { ok: false, message: "a percentage like 10 or 12.5 (at most 2 decimals)" };
    expect(parsePercent("12.345")).toEqual(refusal);
    expect(parsePercent("-5")).toEqual(refusal);
    expect(parsePercent("")).toEqual(refusal);
  });
});

describe("how a discount reads", () => {
  it("shows the value as a percentage or an amount off", () => {
    expect(formatDiscountValue(TEN_OFF)).toBe("10% off");
    expect(formatDiscountValue({ kind: "FIXED", value: 500, currency: "EUR" }, "en-US")).toBe("€5.00 off");
  });

  it("names the target, the window and the usage", () => {
    expect(describeTarget(TEN_OFF)).toBe("the whole order");
    expect(describeTarget({ target: "PRODUCTS", targets: ["a", "b"] })).toBe("2 products");
    expect(describeTarget({ target: "CATEGORIES", targets: ["a"] })).toBe("1 category");
    const show = (instant: string) => instant.slice(0, 10);
    expect(describeWindow(TEN_OFF, show)).toBe("always");
    expect(describeWindow({ startsAt: "2026-12-01T00:00:00Z" }, show)).toBe("from 2026-12-01");
    expect(describeWindow({ endsAt: "2026-12-31T00:00:00Z" }, show)).toBe("until 2026-12-31");
    expect(describeWindow({ startsAt: "2026-12-01T00:00:00Z", endsAt: "2026-12-31T00:00:00Z" }, show)).toBe(
      "2026-12-01 – 2026-12-31",
    );
    expect(describeUsage({ usageCount: 3, usageLimit: 100 })).toBe("3 / 100");
    expect(describeUsage({ usageCount: 3, usageLimit: null })).toBe("3 / no limit");
  });

  it("says whether it applies now, and why not", () => {
    const now = new Date("2026-12-10T12:00:00Z");
    expect(discountState(TEN_OFF, now)).toBe("active");
    expect(discountState({ ...TEN_OFF, status: "DISABLED" }, now)).toBe("disabled");
    expect(discountState({ ...TEN_OFF, usageLimit: 3, usageCount: 3 }, now)).toBe("used up");
    expect(discountState({ ...TEN_OFF, startsAt: "2026-12-11T00:00:00Z" }, now)).toBe("scheduled");
    expect(discountState({ ...TEN_OFF, endsAt: "2026-12-10T12:00:00Z" }, now)).toBe("ended");
  });
});

describe("discountInputOf", () => {
  it("sends every field: percent as basis points, amounts as minor units, times as UTC", () => {
    const form = {
      ...EMPTY_DISCOUNT_FORM,
      code: " winter ",
      name: "Winter",
      value: "12.5",
      currency: "eur",
      target: "PRODUCTS" as const,
      targetIds: ["UHJvZHVjdDox"],
      minSubtotal: "50",
      usageLimit: "100",
      usageLimitPerCustomer: "1",
      startsAt: "2026-12-01T10:30",
      combinable: true,
    };
    expect(discountInputOf(form)).toEqual({
      ok: true,
      input: {
        code: "winter",
        name: "Winter",
        isAutomatic: false,
        kind: "PERCENTAGE",
        value: 1250,
        currency: "EUR",
        target: "PRODUCTS",
        targetIds: ["UHJvZHVjdDox"],
        minSubtotal: 5000,
        usageLimit: 100,
        usageLimitPerCustomer: 1,
        startsAt: new Date(2026, 11, 1, 10, 30).toISOString(),
        endsAt: null,
        combinable: true,
        status: "ACTIVE",
      },
    });
  });

  it("sends no code for an automatic discount and no targets on the order", () => {
    const form = { ...EMPTY_DISCOUNT_FORM, isAutomatic: true, code: "KEPT", name: "Auto", kind: "FIXED" as const, value: "5", currency: "USD", targetIds: ["x"] };
    const result = discountInputOf(form);
    expect(result.ok && result.input).toMatchObject({ code: null, value: 500, currency: "USD", targetIds: [] });
  });

  it("refuses at their fields what it cannot send", () => {
    const form = {
      ...EMPTY_DISCOUNT_FORM,
      kind: "FIXED" as const,
      value: "5.001",
      currency: "USD",
      minSubtotal: "ten",
      usageLimit: "1.5",
      usageLimitPerCustomer: "-1",
    };
    expect(discountInputOf(form)).toEqual({
      ok: false,
      errors: {
        value: ["USD takes at most 2 decimals"],
        minSubtotal: ["a number like 12.50"],
        usageLimit: ["a whole number, or blank for no limit"],
        usageLimitPerCustomer: ["a whole number, or blank for no limit"],
      },
    });
    expect(discountInputOf({ ...EMPTY_DISCOUNT_FORM, kind: "FIXED", value: "5" })).toEqual({
      ok: false,
      errors: { currency: ["a fixed amount needs a currency"] },
    });
    expect(discountInputOf({ ...EMPTY_DISCOUNT_FORM, value: "10", minSubtotal: "20", currency: "euro" })).toEqual({
      ok: false,
      errors: { currency: ["a three-letter ISO 4217 code, like EUR"] },
    });
  });
});

describe("discountFormOf", () => {
  it("fills the form so that sending it unchanged sends the same discount", () => {
    const stored: DiscountFacts = {
      ...TEN_OFF,
      kind: "FIXED",
      value: 550,
      currency: "EUR",
      target: "CATEGORIES",
      targets: ["Q2F0OjE="],
      minSubtotal: { amount: 2000, currency: "EUR" },
      usageLimit: 10,
      startsAt: new Date(2026, 11, 1, 10, 30).toISOString(),
    };
    const form = discountFormOf(stored);
    expect(form).toMatchObject({ code: "TEN", value: "5.50", currency: "EUR", minSubtotal: "20.00", usageLimit: "10", usageLimitPerCustomer: "" });
    const result = discountInputOf(form);
    expect(result.ok && result.input).toMatchObject({
      code: "TEN",
      value: 550,
      minSubtotal: 2000,
      targetIds: ["Q2F0OjE="],
      startsAt: stored.startsAt,
      endsAt: null,
    });
  });
});
