import { describe, expect, it } from "vitest";
import { currencyDigits, formatMoney, minorToDecimal, normalCurrency, parseAmount } from "./money";

describe("currencyDigits", () => {
  it("knows each currency's minor unit", () => {
    expect(currencyDigits("USD")).toBe(2);
    expect(currencyDigits("JPY")).toBe(0);
    expect(currencyDigits("KWD")).toBe(3);
  });
});

describe("normalCurrency", () => {
  it("upper-cases a three-letter code and refuses anything else", () => {
    expect(normalCurrency(" eur ")).toBe("EUR");
    expect(normalCurrency("EURO")).toBeNull();
    expect(normalCurrency("")).toBeNull();
  });
});

describe("parseAmount", () => {
  it("turns major units into minor units without floating point", () => {
    expect(parseAmount("12.50", "USD")).toEqual({ ok: true, minor: 1250 });
    expect(parseAmount("12.5", "USD")).toEqual({ ok: true, minor: 1250 });
    expect(parseAmount("0.29", "USD")).toEqual({ ok: true, minor: 29 });
    expect(parseAmount("12", "USD")).toEqual({ ok: true, minor: 1200 });
    expect(parseAmount(" 1200 ", "JPY")).toEqual({ ok: true, minor: 1200 });
    expect(parseAmount("1.005", "KWD")).toEqual({ ok: true, minor: 1005 });
    expect(parseAmount("0", "USD")).toEqual({ ok: true, minor: 0 });
  });

  it("keeps amounts up to the API's limit exact", () => {
    expect(parseAmount("90071992547409.91", "USD")).toEqual({ ok: true, minor: 9007199254740991 });
    expect(parseAmount("90071992547409.92", "USD")).toEqual({ ok: false, message: "too large an amount" });
  });

  it("refuses more decimals than the currency has, and what is not a number", () => {
    expect(parseAmount("12.505", "USD")).toEqual({ ok: false, message: "USD takes at most 2 decimals" });
    expect(parseAmount("12.5", "JPY")).toEqual({ ok: false, message: "JPY takes no decimals" });
    expect(parseAmount("-3", "USD")).toEqual({ ok: false, message: "a number like 12.50" });
    expect(parseAmount("twelve", "JPY")).toEqual({ ok: false, message: "a whole number, like 1200" });
    expect(parseAmount("", "USD").ok).toBe(false);
  });
});

describe("minorToDecimal and formatMoney", () => {
  it("writes minor units back as major units, exactly", () => {
    expect(minorToDecimal(1250, "USD")).toBe("12.50");
    expect(minorToDecimal(5, "USD")).toBe("0.05");
    expect(minorToDecimal(-5, "USD")).toBe("-0.05");
    expect(minorToDecimal(1200, "JPY")).toBe("1200");
    expect(minorToDecimal(9007199254740991, "USD")).toBe("90071992547409.91");
  });

  it("formats for people in a locale", () => {
    expect(formatMoney({ amount: 1250, currency: "USD" }, "en-US")).toBe("$12.50");
    expect(formatMoney({ amount: 1200, currency: "JPY" }, "en-US")).toBe("¥1,200");
    expect(formatMoney({ amount: 9007199254740991, currency: "USD" }, "en-US")).toBe("$90,071,992,547,409.91");
  });
});
