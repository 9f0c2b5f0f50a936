// Orders: the list's filter form as the API's `OrderFilter`, and how states read and look.
import type { FulfilmentState, FulfilmentStatus, OrderFilter, OrderStatus, PaymentState, PaymentStatus, RefundStatus } from "../gql/graphql";
import { formatMoney } from "./money";
import { localToUtc } from "./time";

export const ORDER_STATUSES: readonly OrderStatus[] = ["PLACED", "COMPLETED", "CANCELLED"];
export const PAYMENT_STATUSES: readonly PaymentStatus[] = [
  "UNPAID",
  "AUTHORIZED",
  "PAID",
  "PARTIALLY_REFUNDED",
  "REFUNDED",
  "VOIDED",
];
export const FULFILMENT_STATUSES: readonly FulfilmentStatus[] = ["UNFULFILLED", "PARTIALLY_FULFILLED", "FULFILLED"];

/** What the filter form holds: a status of each kind ("" for any), `datetime-local` bounds. */
export interface OrderFilterForm {
  status: OrderStatus | "";
  paymentStatus: PaymentStatus | "";
  fulfilmentStatus: FulfilmentStatus | "";
  placedFrom: string;
  placedTo: string;
}

export const EMPTY_ORDER_FILTER: OrderFilterForm = {
  status: "",
  paymentStatus: "",
  fulfilmentStatus: "",
  placedFrom: "",
  placedTo: "",
};

/** The form as the API's filter; null when it filters nothing. Times go as UTC instants. */
export function orderFilterOf(form: OrderFilterForm): OrderFilter | null {
  const filter: OrderFilter = {};
  if (form.status !== "") {
    filter.status = [form.status];
  }
  if (form.paymentStatus !== "") {
    filter.paymentStatus = [form.paymentStatus];
  }
  if (form.fulfilmentStatus !== "") {
    filter.fulfilmentStatus = [form.fulfilmentStatus];
  }
  const from = localToUtc(form.placedFrom);
  const to = localToUtc(form.placedTo);
  if (from !== null) {
    filter.placedFrom = from;
  }
  if (to !== null) {
    filter.placedTo = to;
  }
  return Object.keys(filter).length === 0 ? null : filter;
}

/** An enum value for people: `PARTIALLY_REFUNDED` → `partially refunded`. */
export function stateLabel(value: string): string {
  return value.toLowerCase().replace(/_/g, " ");
}

/** Any state an order, a payment, a refund or a fulfilment shows as a badge. */
export type State = OrderStatus | PaymentStatus | FulfilmentStatus | PaymentState | RefundStatus | FulfilmentState;

/** The badge tone of a state: done and settled pass, waiting warns, undone or refused fails. */
export function stateTone(value: State): "pass" | "warn" | "fail" {
  switch (value) {
    case "COMPLETED":
    case "PAID":
    case "FULFILLED":
    case "CAPTURED":
    case "SUCCEEDED":
    case "SHIPPED":
      return "pass";
    case "CANCELLED":
    case "REFUNDED":
    case "VOIDED":
    case "FAILED":
      return "fail";
    default:
      return "warn";
  }
}

interface Amount {
  amount: number;
  currency: string;
}

/** An order's discount, followed by what each discount took (its code, else its name). */
export function discountSummary(total: Amount, discounts: readonly { code?: string | null; name: string; amount: Amount }[], locale?: string): string {
  const whole = formatMoney(total, locale);
  if (discounts.length === 0) return whole;
  const each = discounts.map((d) => `${d.code ?? d.name} ${formatMoney(d.amount, locale)}`);
  return `${whole} (${each.join(", ")})`;
}
