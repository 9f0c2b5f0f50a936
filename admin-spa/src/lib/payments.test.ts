import { describe, expect, it } from "vitest";
import {
  authorizedPayment,
  errorsByLine,
  linesMinor,
  newIdempotencyKey,
  outcomeOf,
  parseRefundAmount,
  pickedLines,
  pricesExcludeTax,
  refundableMinor,
  type RefundableLine,
} from "./payments";

const usd = (amount: number) => ({ amount, currency: "USD" });

const LINES: RefundableLine[] = [
  { id: "a", quantity: 2, refundedQuantity: 0, total: usd(2500), tax: usd(200) },
  { id: "b", quantity: 3, refundedQuantity: 1, total: usd(1000), tax: usd(0) },
];

describe("authorizedPayment", () => {
  it("picks the newest authorized payment, or none", () => {
    const payments = [
      { id: "1", status: "FAILED" as const },
      { id: "2", status: "AUTHORIZED" as const },
      { id: "3", status: "VOIDED" as const },
      { id: "4", status: "AUTHORIZED" as const },
    ];
    expect(authorizedPayment(payments)?.id).toBe("4");
    expect(authorizedPayment(payments.slice(0, 1))).toBeNull();
  });
});

describe("refundableMinor", () => {
  it("is what the fullest captured payment still holds", () => {
    const payments = [
      { captured: usd(5000), refunded: usd(4000) },
      { captured: usd(3000), refunded: usd(500) },
    ];
    expect(refundableMinor(payments)).toBe(2500);
    expect(refundableMinor([])).toBe(0);
  });
});

describe("newIdempotencyKey", () => {
  it("is new each time and fits the API's 1 to 100 characters", () => {
    const key = newIdempotencyKey();
    expect(key).not.toBe(newIdempotencyKey());
    expect(key.length).toBeGreaterThan(0);
    expect(key.length).toBeLessThanOrEqual(100);
  });
});

describe("outcomeOf", () => {
  it("reads the provider's answer against the status that means done", () => {
    expect(outcomeOf([], "CAPTURED", "CAPTURED")).toBe("done");
    expect(outcomeOf([], "SUCCEEDED", "SUCCEEDED")).toBe("done");
    expect(outcomeOf([], "PENDING", "SUCCEEDED")).toBe("pending");
    expect(outcomeOf([], "AUTHORIZED", "CAPTURED")).toBe("pending");
    expect(outcomeOf([{ code: "PAYMENT_FAILED", message: "declined" }], "FAILED", "SUCCEEDED")).toBe("refused");
    expect(outcomeOf([{ code: "VALIDATION", field: "reason", message: "empty" }], undefined, "SUCCEEDED")).toBe("invalid");
    expect(outcomeOf([], undefined, "VOIDED")).toBe("invalid");
  });
});

describe("parseRefundAmount", () => {
  it("takes major units as minor units and refuses nothing or a fraction of a cent", () => {
    expect(parseRefundAmount("12.5", "USD")).toEqual({ ok: true, minor: 1250 });
    expect(parseRefundAmount("0.00", "USD")).toEqual({ ok: false, message: "more than 0" });
    expect(parseRefundAmount("0.005", "USD")).toEqual({ ok: false, message: "USD takes at most 2 decimals" });
    expect(parseRefundAmount("1.5", "JPY")).toEqual({ ok: false, message: "JPY takes no decimals" });
  });
});

describe("pickedLines", () => {
  it("sends the lines with a quantity, and refuses more than is left to refund", () => {
    expect(pickedLines(LINES, { a: "1", b: " " })).toEqual({ ok: true, lines: [{ orderLineId: "a", quantity: 1 }] });
    expect(pickedLines(LINES, {})).toEqual({ ok: true, lines: [] });
    expect(pickedLines(LINES, { a: "0", b: "3" })).toEqual({
      ok: false,
      errors: [{ code: "VALIDATION", field: "lines.b.quantity", message: "a whole number from 0 to 2" }],
    });
    expect(pickedLines(LINES, { a: "1.5" }).ok).toBe(false);
  });
});

describe("linesMinor", () => {
  it("adds each line's share, with its tax when prices exclude it", () => {
    const picked = [
      { orderLineId: "a", quantity: 1 },
      { orderLineId: "b", quantity: 2 },
    ];
    expect(linesMinor(LINES, picked, false)).toBe(1250 + 667);
    expect(linesMinor(LINES, picked, true)).toBe(1350 + 667);
    expect(linesMinor(LINES, [{ orderLineId: "a", quantity: 2 }], true)).toBe(2700);
    expect(linesMinor(LINES, [], true)).toBe(0);
  });
});

describe("pricesExcludeTax", () => {
  it("is seen from a total that adds the tax", () => {
    const totals = { subtotal: usd(1000), discount: usd(0), shipping: usd(500), tax: usd(150), total: usd(1650) };
    expect(pricesExcludeTax(totals)).toBe(true);
    expect(pricesExcludeTax({ ...totals, total: usd(1500) })).toBe(false);
    expect(pricesExcludeTax({ ...totals, tax: usd(0), total: usd(1500) })).toBe(false);
  });
});

describe("errorsByLine", () => {
  it("names the dialog's row instead of the position sent", () => {
    const sent = [{ orderLineId: "b" }];
    const errors = [
      { code: "VALIDATION", field: "lines.0.quantity", message: "only 2 left" },
      { code: "VALIDATION", field: "amount.amount", message: "too much" },
    ];
    expect(errorsByLine(errors, sent)).toEqual([
      { code: "VALIDATION", field: "lines.b.quantity", message: "only 2 left" },
      { code: "VALIDATION", field: "amount.amount", message: "too much" },
    ]);
  });
});
