// Fulfilments on an order's page: what is left to ship per line and what the fulfil dialog sends.
import type { UserError } from "../api/errors";

/** An order line as the fulfil dialog sees it. */
export interface FulfillableLine {
  id: string;
  quantity: number;
  fulfilledQuantity: number;
  refundedQuantity: number;
}

/** The units of a line neither fulfilled nor refunded yet: what may still leave. */
export function leftToFulfil(line: FulfillableLine): number {
  return Math.max(0, line.quantity - line.fulfilledQuantity - line.refundedQuantity);
}

/** The lines with something left to fulfil, in the order's order. */
export function fulfillableLines<T extends FulfillableLine>(lines: readonly T[]): T[] {
  return lines.filter((line) => leftToFulfil(line) > 0);
}

export type FulfilmentLines = { ok: true; lines: { orderLineId: string; quantity: number }[] } | { ok: false; errors: UserError[] };

/**
 * The typed quantities (by line ID; untouched: all that is left; empty or 0: none of it) as
 * `FulfilmentLineInput`s. At least one unit must leave.
 */
export function fulfilmentLinesOf(lines: readonly FulfillableLine[], typed: Readonly<Record<string, string>>): FulfilmentLines {
  const picked: { orderLineId: string; quantity: number }[] = [];
  const errors: UserError[] = [];
  for (const line of fulfillableLines(lines)) {
    const left = leftToFulfil(line);
    const text = (typed[line.id] ?? String(left)).trim();
    if (text === "" || text === "0") {
      continue;
    }
    const quantity = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(quantity) || quantity > left) {
      errors.push({ code: "VALIDATION", field: `lines.${line.id}.quantity`, message: `a whole number from 0 to ${left}` });
    } else {
      picked.push({ orderLineId: line.id, quantity });
    }
  }
  if (errors.length === 0 && picked.length === 0) {
    errors.push({ code: "VALIDATION", field: "lines", message: "Fulfil at least one unit." });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, lines: picked };
}
