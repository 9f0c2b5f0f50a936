// Commerce: a stock change typed in the adjust dialog, and how its refusals read.
import type { UserError } from "../api/errors";

export type StockMode = "by" | "to";

export type StockChange =
  | { ok: true; change: { onHandDelta: number } | { onHand: number } }
  | { ok: false; field: "onHandDelta" | "onHand"; message: string };

/** `by`: a signed change of the count on hand (`-3`, `+5`); `to`: the new count (`12`). */
export function parseStockChange(mode: StockMode, text: string): StockChange {
  const typed = text.trim();
  const field = mode === "by" ? "onHandDelta" : "onHand";
  const pattern = mode === "by" ? /^[+-]?\d+$/ : /^\d+$/;
  if (!pattern.test(typed)) {
    const message = mode === "by" ? "a whole number, negative to take stock away (-3)" : "a whole number from 0";
    return { ok: false, field, message };
  }
  const value = Number(typed);
  if (!Number.isSafeInteger(value)) {
    return { ok: false, field, message: "too large a number" };
  }
  if (mode === "by" && value === 0) {
    return { ok: false, field, message: "a change other than 0" };
  }
  return { ok: true, change: mode === "by" ? { onHandDelta: value } : { onHand: value } };
}

/** The API's errors with INSUFFICIENT_STOCK spelled out (its message alone says only how many). */
export function explainStockErrors(errors: readonly UserError[]): UserError[] {
  return errors.map((error) =>
    error.code === "INSUFFICIENT_STOCK"
      ? { ...error, message: `Too few in stock: the rest is promised to orders (${error.message}).` }
      : error,
  );
}

export interface OptionLine {
  name: string;
  values: string[];
}

/** Product options typed one a line, `Size: S, M, L`: trimmed, blanks dropped, values once each. */
export function parseOptions(text: string): OptionLine[] {
  const options: OptionLine[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") {
      continue;
    }
    const colon = line.indexOf(":");
    const name = (colon < 0 ? line : line.slice(0, colon)).trim();
    const listed = colon < 0 ? [] : line.slice(colon + 1).split(",");
    const values = [...new Set(listed.map((value) => value.trim()).filter((value) => value !== ""))];
    options.push({ name, values });
  }
  return options;
}

export interface VariantRow {
  sku: string;
  title: string;
  price: string;
  /** The value picked per option name. */
  choices: Record<string, string>;
}

export const EMPTY_VARIANT: VariantRow = { sku: "", title: "", price: "", choices: {} };

/** Errors of the form's own checks (before sending), in the API's shape and at its fields. */
export function localError(field: string, message: string): UserError {
  return { code: "VALIDATION", field, message };
}

/** The option values a variant row sends: one per option, the first value unless picked. */
export function optionValuesOf(options: readonly OptionLine[], row: VariantRow): { name: string; value: string }[] {
  return options.map((option) => ({ name: option.name, value: row.choices[option.name] ?? option.values[0] ?? "" }));
}

/** A change of a count with its sign (`+5`, `−3`, `0`), as stock trails show it. */
export function signed(delta: number): string {
  if (delta > 0) {
    return `+${delta}`;
  }
  return delta < 0 ? `\u2212${Math.abs(delta)}` : "0";
}
