import { describe, expect, it } from "vitest";
import { splitErrors } from "../api/errors";
import { fromFields, toFields } from "./settings";

describe("settings form", () => {
  it("makes one field per key, typed by its value", () => {
    const fields = toFields({ max_items: 10, label: "Widgets", on: true, tags: ["a"] });
    expect(fields).toEqual([
      { key: "max_items", kind: "number", text: "10" },
      { key: "label", kind: "string", text: "Widgets" },
      { key: "on", kind: "boolean", text: "true" },
      { key: "tags", kind: "json", text: '[\n  "a"\n]' },
    ]);
  });

  it("turns the fields back into values, leaving bad numbers for the server to explain", () => {
    const fields = toFields({ max_items: 10, label: "x", on: false, tags: [] });
    const edited = fields.map((field) => (field.key === "max_items" ? { ...field, text: "lots" } : field));
    expect(fromFields(edited)).toEqual({
      values: { max_items: "lots", label: "x", on: false, tags: [] },
      problems: {},
    });
  });

  it("reports JSON it cannot parse", () => {
    expect(fromFields([{ key: "tags", kind: "json", text: "[" }]).problems).toEqual({ tags: "Not valid JSON." });
  });

  it("has no fields for something that is not an object", () => {
    expect(toFields(null)).toEqual([]);
    expect(toFields([1])).toEqual([]);
  });
});

describe("splitErrors", () => {
  it("puts errors next to their field and keeps the rest general", () => {
    const errors = [
      { code: "VALIDATION", field: "settings.max_items", message: "too small" },
      { code: "VALIDATION", field: "settings.nested.deep", message: "bad" },
      { code: "VALIDATION", field: "settings.unknown", message: "unknown setting" },
      { code: "CONFLICT", field: null, message: "busy" },
    ];
    expect(splitErrors(errors, ["max_items", "nested"], "settings.")).toEqual({
      byField: { max_items: ["too small"], nested: ["bad"] },
      general: ["settings.unknown: unknown setting", "busy"],
    });
  });
});
