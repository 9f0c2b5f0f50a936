// Payments and refunds on an order's page: which payment an action is for, what the refund
// dialog sends, and how a provider's answer reads. Amounts stay integer minor units.
import type { UserError } from "../api/errors";
import type { PaymentState, RefundStatus } from "../gql/graphql";
import { parseAmount, type Parsed } from "./money";

interface Money {
  amount: number;
  currency: string;
}

/** The newest authorized payment (payments come oldest first): the one to capture or void. */
export function authorizedPayment<T extends { status: PaymentState }>(payments: readonly T[]): T | null {
  return [...payments].reverse().find((payment) => payment.status === "AUTHORIZED") ?? null;
}

/** The most one refund may give back: what the fullest captured payment still holds. */
export function refundableMinor(payments: readonly { captured: Money; refunded: Money }[]): number {
  return payments.reduce((most, payment) => Math.max(most, payment.captured.amount - payment.refunded.amount), 0);
}

/** A key naming one operation, so that sending it again cannot do it twice. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") {
    return crypto.randomUUID();
  }
  // randomUUID needs a secure context; getRandomValues does not.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** How the provider answered: done, not yet, refused, or the request was refused before it. */
export type Outcome = "done" | "pending" | "refused" | "invalid";

/**
 * The outcome of a payment or refund payload from its errors and the status it returned, given
 * the status that means done (`CAPTURED`, `VOIDED`, `SUCCEEDED`). Any other status without errors
 * is a call left unanswered: a capture or void in flight keeps the payment `AUTHORIZED`.
 */
export function outcomeOf(
  errors: readonly UserError[],
  status: PaymentState | RefundStatus | undefined,
  done: PaymentState | RefundStatus,
): Outcome {
  if (errors.some((error) => error.code === "PAYMENT_FAILED") || status === "FAILED") {
    return "refused";
  }
  if (errors.length > 0 || status === undefined) {
    return "invalid";
  }
  return status === done ? "done" : "pending";
}

/** An amount to refund, typed in major units: at least one minor unit, never a fraction of one. */
export function parseRefundAmount(text: string, currency: string): Parsed {
  const parsed = parseAmount(text, currency);
  return parsed.ok && parsed.minor === 0 ? { ok: false, message: "more than 0" } : parsed;
}

/** An order line as the refund dialog sees it. */
export interface RefundableLine {
  id: string;
  quantity: number;
  refundedQuantity: number;
  total: Money;
  tax: Money;
}

export type PickedLines = { ok: true; lines: { orderLineId: string; quantity: number }[] } | { ok: false; errors: UserError[] };

/** The typed quantities (by line ID; empty or 0: not refunded) as `RefundLineInput`s. */
export function pickedLines(lines: readonly RefundableLine[], typed: Readonly<Record<string, string>>): PickedLines {
  const picked: { orderLineId: string; quantity: number }[] = [];
  const errors: UserError[] = [];
  for (const line of lines) {
    const text = (typed[line.id] ?? "").trim();
    const left = line.quantity - line.refundedQuantity;
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
  return errors.length > 0 ? { ok: false, errors } : { ok: true, lines: picked };
}

/** Whether the order's prices exclude tax (its total then adds the tax): a line's refund adds its tax. */
export function pricesExcludeTax(totals: { subtotal: Money; discount: Money; shipping: Money; tax: Money; total: Money }): boolean {
  const beforeTax = totals.subtotal.amount - totals.discount.amount + totals.shipping.amount;
  return totals.tax.amount > 0 && totals.total.amount === beforeTax + totals.tax.amount;
}

/** What the picked quantities of the lines cost, in minor units: each line's share, rounded half up. */
export function linesMinor(lines: readonly RefundableLine[], picked: readonly { orderLineId: string; quantity: number }[], withTax: boolean): number {
  let sum = 0n;
  for (const { orderLineId, quantity } of picked) {
    const line = lines.find((candidate) => candidate.id === orderLineId);
    if (line === undefined || line.quantity === 0) {
      continue;
    }
    const paid = BigInt(line.total.amount) + (withTax ? BigInt(line.tax.amount) : 0n);
    const of = BigInt(line.quantity);
    sum += (2n * paid * BigInt(quantity) + of) / (2n * of);
  }
  return Number(sum);
}

/** The server's `lines.N.…` (N: the position in what was sent) as `lines.<line ID>.…`, the dialog's rows. */
export function errorsByLine(errors: readonly UserError[], sent: readonly { orderLineId: string }[]): UserError[] {
  return errors.map((error) => {
    const match = /^lines\.(\d+)(\..*)?$/.exec(error.field ?? "");
    const line = match ? sent[Number(match[1])] : undefined;
    return match && line ? { ...error, field: `lines.${line.orderLineId}${match[2] ?? ""}` } : error;
  });
}

