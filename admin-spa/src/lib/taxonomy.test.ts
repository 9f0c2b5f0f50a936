import { describe, expect, it } from "vitest";
import { flattenCategories } from "./taxonomy";

describe("flattenCategories", () => {
  it("lists parents before their children, with depth and trail", () => {
    const tree = [
      { id: "1", name: "News", children: [{ id: "2", name: "Local", children: [{ id: "3", name: "Town" }] }] },
      { id: "4", name: "Guides", children: [] },
    ];
    expect(flattenCategories(tree)).toEqual([
      { id: "1", name: "News", depth: 0, trail: "News" },
      { id: "2", name: "Local", depth: 1, trail: "News › Local" },
      { id: "3", name: "Town", depth: 2, trail: "News › Local › Town" },
      { id: "4", name: "Guides", depth: 0, trail: "Guides" },
    ]);
  });

  it("gives nothing for no categories", () => {
    expect(flattenCategories([])).toEqual([]);
  });
});
