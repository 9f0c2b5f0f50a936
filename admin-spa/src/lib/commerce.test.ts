import { describe, expect, it } from "vitest";
import { explainStockErrors, optionValuesOf, parseOptions, parseStockChange, signed } from "./commerce";

describe("parseStockChange", () => {
  it("reads a signed change or a new count", () => {
    expect(parseStockChange("by", "-3")).toEqual({ ok: true, change: { onHandDelta: -3 } });
    expect(parseStockChange("by", " +5 ")).toEqual({ ok: true, change: { onHandDelta: 5 } });
    expect(parseStockChange("to", "0")).toEqual({ ok: true, change: { onHand: 0 } });
  });

  it("refuses what is not a whole number, a zero change and a negative count, at the API's field", () => {
    expect(parseStockChange("by", "1.5")).toMatchObject({ ok: false, field: "onHandDelta" });
    expect(parseStockChange("by", "0")).toEqual({ ok: false, field: "onHandDelta", message: "a change other than 0" });
    expect(parseStockChange("to", "-1")).toEqual({ ok: false, field: "onHand", message: "a whole number from 0" });
    expect(parseStockChange("to", "")).toMatchObject({ ok: false, field: "onHand" });
  });
});

describe("explainStockErrors", () => {
  it("says why an adjustment was refused for want of stock and leaves other errors alone", () => {
    const errors = [
      { code: "INSUFFICIENT_STOCK", field: "onHand", message: "only 2 available" },
      { code: "VALIDATION", field: "note", message: "too long" },
    ];
    expect(explainStockErrors(errors)).toEqual([
      { code: "INSUFFICIENT_STOCK", field: "onHand", message: "Too few in stock: the rest is promised to orders (only 2 available)." },
      { code: "VALIDATION", field: "note", message: "too long" },
    ]);
  });
});

describe("parseOptions", () => {
  it("reads one option a line with its comma-separated values", () => {
    expect(parseOptions("Size: S, M , L\n\n Colour : red,red, blue \n")).toEqual([
      { name: "Size", values: ["S", "M", "L"] },
      { name: "Colour", values: ["red", "blue"] },
    ]);
  });

  it("keeps a line without values, for the API to refuse at its field", () => {
    expect(parseOptions("Size")).toEqual([{ name: "Size", values: [] }]);
  });
});

describe("optionValuesOf", () => {
  it("sends each option's picked value, else its first", () => {
    const options = [
      { name: "Size", values: ["S", "M"] },
      { name: "Colour", values: ["red", "blue"] },
    ];
    const row = { sku: "", title: "", price: "", choices: { Colour: "blue" } };
    expect(optionValuesOf(options, row)).toEqual([
      { name: "Size", value: "S" },
      { name: "Colour", value: "blue" },
    ]);
  });
});

describe("signed", () => {
  it("shows the direction of a change", () => {
    expect(signed(5)).toBe("+5");
    expect(signed(-3)).toBe("\u22123");
    expect(signed(0)).toBe("0");
  });
});
