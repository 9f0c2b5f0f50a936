import { describe, expect, it } from "vitest";
import { counted } from "./plural";

describe("counted", () => {
  it("uses the singular for exactly one", () => {
    expect([0, 1, 2].map((count) => counted(count, "delivery", "deliveries"))).toEqual(["0 deliveries", "1 delivery", "2 deliveries"]);
  });
});
