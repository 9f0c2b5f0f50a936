import { describe, expect, it } from "vitest";
import { EMPTY_ORDER_FILTER, discountSummary, orderFilterOf, stateLabel, stateTone } from "./orders";

describe("orderFilterOf", () => {
  it("filters nothing when nothing is chosen", () => {
    expect(orderFilterOf(EMPTY_ORDER_FILTER)).toBeNull();
  });

  it("sends each chosen state as a one-value list and the times as UTC instants", () => {
    const form = {
      status: "PLACED" as const,
      paymentStatus: "UNPAID" as const,
      fulfilmentStatus: "" as const,
      placedFrom: "2026-11-27T09:30",
      placedTo: "",
    };
    expect(orderFilterOf(form)).toEqual({
      status: ["PLACED"],
      paymentStatus: ["UNPAID"],
      placedFrom: new Date("2026-11-27T09:30").toISOString(),
    });
  });

  it("passes a time the browser cannot read as typed, for the API to refuse", () => {
    expect(orderFilterOf({ ...EMPTY_ORDER_FILTER, placedTo: "soon" })).toEqual({ placedTo: "soon" });
  });
});

describe("states", () => {
  it("read in words and tones", () => {
    expect(stateLabel("PARTIALLY_REFUNDED")).toBe("partially refunded");
    expect([stateTone("PAID"), stateTone("PLACED"), stateTone("CANCELLED")]).toEqual(["pass", "warn", "fail"]);
    expect([stateTone("CAPTURED"), stateTone("PENDING"), stateTone("FAILED")]).toEqual(["pass", "warn", "fail"]);
    expect([stateTone("SHIPPED"), stateTone("CREATED")]).toEqual(["pass", "warn"]);
  });
});

describe("discountSummary", () => {
  const eur = (amount: number) => ({ amount, currency: "EUR" });
  it("shows the total alone when no discount was used", () => {
    expect(discountSummary(eur(0), [], "en-GB")).toBe("€0.00");
  });
  it("names each discount by code, else by name, with what it took", () => {
    const used = [
      { code: "SAVE10", name: "Ten off", amount: eur(620) },
      { code: null, name: "Hat sale", amount: eur(500) },
    ];
    expect(discountSummary(eur(1120), used, "en-GB")).toBe("€11.20 (SAVE10 €6.20, Hat sale €5.00)");
  });
});
