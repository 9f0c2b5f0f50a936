import { describe, expect, it } from "vitest";
import { fulfillableLines, fulfilmentLinesOf, leftToFulfil } from "./fulfilments";

const line = (id: string, quantity: number, fulfilledQuantity = 0, refundedQuantity = 0) => ({ id, quantity, fulfilledQuantity, refundedQuantity });

describe("leftToFulfil", () => {
  it("is the quantity less what was fulfilled and what was refunded, never below 0", () => {
    expect(leftToFulfil(line("a", 5))).toBe(5);
    expect(leftToFulfil(line("a", 5, 2, 1))).toBe(2);
    expect(leftToFulfil(line("a", 2, 1, 1))).toBe(0);
    expect(leftToFulfil(line("a", 2, 2, 1))).toBe(0);
  });

  it("hides the lines with nothing left", () => {
    expect(fulfillableLines([line("a", 2, 2), line("b", 3, 1), line("c", 1, 0, 1)]).map((kept) => kept.id)).toEqual(["b"]);
  });
});

describe("fulfilmentLinesOf", () => {
  const lines = [line("a", 3, 1), line("b", 2), line("c", 1, 1)];

  it("sends what is left of each line unless typed", () => {
    expect(fulfilmentLinesOf(lines, {})).toEqual({ ok: true, lines: [{ orderLineId: "a", quantity: 2 }, { orderLineId: "b", quantity: 2 }] });
  });

  it("leaves out a line typed empty or 0, and sends what is typed", () => {
    expect(fulfilmentLinesOf(lines, { a: " 1 ", b: "0" })).toEqual({ ok: true, lines: [{ orderLineId: "a", quantity: 1 }] });
    expect(fulfilmentLinesOf(lines, { a: "", b: "1" })).toEqual({ ok: true, lines: [{ orderLineId: "b", quantity: 1 }] });
  });

  it("refuses more than is left, a fraction, or nothing at all", () => {
    expect(fulfilmentLinesOf(lines, { a: "3", b: "1.5" })).toEqual({
      ok: false,
      errors: [
        { code: "VALIDATION", field: "lines.a.quantity", message: "a whole number from 0 to 2" },
        { code: "VALIDATION", field: "lines.b.quantity", message: "a whole number from 0 to 2" },
      ],
    });
    expect(fulfilmentLinesOf(lines, { a: "0", b: "" })).toEqual({
      ok: false,
      errors: [{ code: "VALIDATION", field: "lines", message: "Fulfil at least one unit." }],
    });
  });
});
