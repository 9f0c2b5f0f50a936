import { describe, expect, it } from "vitest";
import { regionsOf } from "./shipping";

describe("regionsOf", () => {
  it("reads countries and regions after a slash, upper-casing the country", () => {
    expect(regionsOf(" de, AT ,us/ CA ")).toEqual([
      { country: "DE", region: null },
      { country: "AT", region: null },
      { country: "US", region: "CA" },
    ]);
  });

  it("skips empty parts and keeps what the server should judge", () => {
    expect(regionsOf(",, ,")).toEqual([]);
    expect(regionsOf("xx/")).toEqual([{ country: "XX", region: null }]);
  });
});
