import { describe, expect, it } from "vitest";
import { describePermissions, groupPermissions, moduleOf, permissionErrors, toggle } from "./permissions";
import { roleChanges } from "./roles";

describe("permission groups", () => {
  it("groups by module, core first, each sorted and without duplicates", () => {
    const groups = groupPermissions([
      { name: "webhooks.view_endpoints", description: "w1" },
      { name: "blog.manage_posts", description: "b1" },
      { name: "core.view_modules", description: "c2" },
      { name: "core.manage_modules", description: "c1" },
      { name: "blog.manage_posts", description: "b1" },
    ]);
    expect(groups.map((group) => [group.module, group.permissions.map((permission) => permission.name)])).toEqual([
      ["core", ["core.manage_modules", "core.view_modules"]],
      ["blog", ["blog.manage_posts"]],
      ["webhooks", ["webhooks.view_endpoints"]],
    ]);
  });

  it("names the module before the first dot", () => {
    expect(moduleOf("commerce.manage_products")).toBe("commerce");
    expect(moduleOf("odd")).toBe("odd");
  });

  it("describes the names given from the catalog, blank when it is not known", () => {
    expect(describePermissions(["a.x", "b.y"], [{ name: "a.x", description: "X" }])).toEqual([
      { name: "a.x", description: "X" },
      { name: "b.y", description: "" },
    ]);
  });

  it("toggles a name in a sorted selection", () => {
    expect(toggle(["b.y"], "a.x", true)).toEqual(["a.x", "b.y"]);
    expect(toggle(["a.x", "b.y"], "a.x", false)).toEqual(["b.y"]);
    expect(toggle(["a.x"], "a.x", true)).toEqual(["a.x"]);
  });

  it("names the permission an error at permissions.<i> is about", () => {
    const errors = [
      { field: "permissions.1", message: "you do not hold core.manage_roles, so you cannot grant it" },
      { field: "permissions.0", message: "a platform permission" },
      { field: "permissions", message: "give at least one" },
      { field: "name", message: "taken" },
    ];
    expect(permissionErrors(errors, ["core.manage_tenants", "core.manage_roles"])).toEqual([
      "you do not hold core.manage_roles, so you cannot grant it",
      "core.manage_tenants: a platform permission",
      "give at least one",
    ]);
  });
});

describe("role changes", () => {
  it("assigns what is wanted and missing, unassigns what is held and unwanted", () => {
    expect(roleChanges(["r1", "r2"], ["r2", "r3", "r0"])).toEqual({ assign: ["r0", "r3"], unassign: ["r1"] });
    expect(roleChanges(["r1"], ["r1"])).toEqual({ assign: [], unassign: [] });
  });
});
