import { describe, expect, it } from "vitest";
import { disableBlockers, enableConsequences, type ModuleState } from "./modules";

const modules: ModuleState[] = [
  { name: "content", enabled: false, dependsOn: [], dependents: ["blog"] },
  { name: "blog", enabled: false, dependsOn: ["content"], dependents: ["feeds"] },
  { name: "feeds", enabled: false, dependsOn: ["blog", "content"], dependents: [] },
  { name: "commerce", enabled: true, dependsOn: [], dependents: [] },
];

describe("enableConsequences", () => {
  it("lists every disabled dependency, transitively, once", () => {
    expect(enableConsequences("feeds", modules)).toEqual(["blog", "content"]);
  });

  it("leaves out dependencies already enabled", () => {
    const enabled = modules.map((module) => ({ ...module, enabled: module.name === "content" }));
    expect(enableConsequences("feeds", enabled)).toEqual(["blog"]);
  });

  it("is empty for a module without dependencies", () => {
    expect(enableConsequences("commerce", modules)).toEqual([]);
  });
});

describe("disableBlockers", () => {
  it("lists the enabled direct dependents", () => {
    const enabled = modules.map((module) => ({ ...module, enabled: true }));
    expect(disableBlockers("content", enabled)).toEqual(["blog"]);
  });

  it("is empty when the dependents are disabled", () => {
    expect(disableBlockers("content", modules)).toEqual([]);
  });
});
