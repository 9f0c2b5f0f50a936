// Discounts: how their value, target, window, usage and state read, and the admin's form as the
// API's input. Percentages are typed in percent (`12.5`) and sent as basis points (1250); fixed
// amounts and minimums in major units of the currency, sent as minor units.
import type { DiscountCreateInput, DiscountKind, DiscountStatus, DiscountTarget } from "../gql/graphql";
import { formatMoney, minorToDecimal, normalCurrency, parseAmount } from "./money";
import { counted } from "./plural";
import { localToUtc, utcToLocalInput } from "./time";

/** A discount as the list and the form read it. */
export interface DiscountFacts {
  code?: string | null;
  name: string;
  isAutomatic: boolean;
  kind: DiscountKind;
  value: number;
  currency?: string | null;
  target: DiscountTarget;
  targets: readonly string[];
  minSubtotal?: { amount: number; currency: string } | null;
  usageLimit?: number | null;
  usageLimitPerCustomer?: number | null;
  usageCount: number;
  startsAt?: string | null;
  endsAt?: string | null;
  combinable: boolean;
  status: DiscountStatus;
}

/** What the form holds: text as typed, `datetime-local` values for the window. */
export interface DiscountForm {
  isAutomatic: boolean;
  code: string;
  name: string;
  kind: DiscountKind;
  value: string;
  currency: string;
  target: DiscountTarget;
  targetIds: readonly string[];
  minSubtotal: string;
  usageLimit: string;
  usageLimitPerCustomer: string;
  startsAt: string;
  endsAt: string;
  combinable: boolean;
  status: DiscountStatus;
}

export const EMPTY_DISCOUNT_FORM: DiscountForm = {
  isAutomatic: false,
  code: "",
  name: "",
  kind: "PERCENTAGE",
  value: "",
  currency: "",
  target: "ORDER",
  targetIds: [],
  minSubtotal: "",
  usageLimit: "",
  usageLimitPerCustomer: "",
  startsAt: "",
  endsAt: "",
  combinable: false,
  status: "ACTIVE",
};

/** Every input field, in form order: the fields errors are shown at. */
export const DISCOUNT_FIELDS = [
  "code",
  "name",
  "kind",
  "value",
  "currency",
  "target",
  "targetIds",
  "minSubtotal",
  "usageLimit",
  "usageLimitPerCustomer",
  "startsAt",
  "endsAt",
  "status",
] as const;

export type DiscountField = (typeof DISCOUNT_FIELDS)[number];

/** Basis points as a percentage without trailing zeros: 1000 → `10`, 1250 → `12.5`. */
export function percentOf(basisPoints: number): string {
  return minorToDecimal(basisPoints, "USD").replace(/\.?0+$/, "") || "0";
}

/** A percentage typed as `10` or `12.5` (at most 2 decimals) as basis points. */
export function parsePercent(text: string): { ok: true; basisPoints: number } | { ok: false; message: string } {
  const match = /^(\d{1,5})(?:\.(\d{0,2}))?$/.exec(text.trim());
  if (match === null) {
    return { ok: false, message: "a percentage like 10 or 12.5 (at most 2 decimals)" };
  }
  return { ok: true, basisPoints: Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0")) };
}

/** The value for people: `10% off`, `€5.00 off`. */
export function formatDiscountValue(discount: Pick<DiscountFacts, "kind" | "value" | "currency">, locale?: string): string {
  if (discount.kind === "PERCENTAGE" || !discount.currency) {
    return `${percentOf(discount.value)}% off`;
  }
  return `${formatMoney({ amount: discount.value, currency: discount.currency }, locale)} off`;
}

/** What it applies to: `the whole order`, `2 products`, `1 category`. */
export function describeTarget(discount: Pick<DiscountFacts, "target" | "targets">): string {
  switch (discount.target) {
    case "ORDER":
      return "the whole order";
    case "PRODUCTS":
      return counted(discount.targets.length, "product", "products");
    case "CATEGORIES":
      return counted(discount.targets.length, "category", "categories");
  }
}

/** When it applies: `always`, `from …`, `until …` or `… – …`, instants shown by `show`. */
export function describeWindow(
  discount: Pick<DiscountFacts, "startsAt" | "endsAt">,
  show: (instant: string) => string = (instant) => new Date(instant).toLocaleString(),
): string {
  const { startsAt, endsAt } = discount;
  if (startsAt && endsAt) {
    return `${show(startsAt)} – ${show(endsAt)}`;
  }
  if (startsAt) {
    return `from ${show(startsAt)}`;
  }
  return endsAt ? `until ${show(endsAt)}` : "always";
}

/** Uses so far over the limit: `3 / 100`, `3 / no limit`. */
export function describeUsage(discount: Pick<DiscountFacts, "usageCount" | "usageLimit">): string {
  return `${discount.usageCount} / ${discount.usageLimit ?? "no limit"}`;
}

export type DiscountState = "active" | "scheduled" | "ended" | "used up" | "disabled";

/** Whether it applies at `now`, and if not why. */
export function discountState(discount: Pick<DiscountFacts, "status" | "usageCount" | "usageLimit" | "startsAt" | "endsAt">, now: Date): DiscountState {
  if (discount.status === "DISABLED") {
    return "disabled";
  }
  if (discount.usageLimit !== null && discount.usageLimit !== undefined && discount.usageCount >= discount.usageLimit) {
    return "used up";
  }
  if (discount.startsAt && new Date(discount.startsAt) > now) {
    return "scheduled";
  }
  return discount.endsAt && new Date(discount.endsAt) <= now ? "ended" : "active";
}

/** The badge tone of a state. */
export function discountTone(state: DiscountState): "pass" | "warn" | "fail" {
  return state === "active" ? "pass" : state === "scheduled" ? "warn" : "fail";
}

/** A discount as the form shows it for editing. */
export function discountFormOf(discount: DiscountFacts): DiscountForm {
  const currency = discount.currency ?? discount.minSubtotal?.currency ?? "";
  const value = discount.kind === "FIXED" && currency ? minorToDecimal(discount.value, currency) : percentOf(discount.value);
  return {
    isAutomatic: discount.isAutomatic,
    code: discount.code ?? "",
    name: discount.name,
    kind: discount.kind,
    value,
    currency,
    target: discount.target,
    targetIds: [...discount.targets],
    minSubtotal: discount.minSubtotal ? minorToDecimal(discount.minSubtotal.amount, discount.minSubtotal.currency) : "",
    usageLimit: discount.usageLimit?.toString() ?? "",
    usageLimitPerCustomer: discount.usageLimitPerCustomer?.toString() ?? "",
    startsAt: utcToLocalInput(discount.startsAt),
    endsAt: utcToLocalInput(discount.endsAt),
    combinable: discount.combinable,
    status: discount.status,
  };
}

export type DiscountInputResult =
  | { ok: true; input: Required<DiscountCreateInput> }
  | { ok: false; errors: Partial<Record<DiscountField, string[]>> };

/** The form as the API's input (every field given, so an update replaces them all). */
export function discountInputOf(form: DiscountForm): DiscountInputResult {
  const errors: Partial<Record<DiscountField, string[]>> = {};
  const problem = (field: DiscountField, message: string) => (errors[field] ??= []).push(message);
  const currency = currencyOf(form, problem);
  const value = valueOf(form, currency, problem);
  const minSubtotal = amountOrNull(form.minSubtotal, currency, (message) => problem("minSubtotal", message));
  const usageLimit = limitOf(form.usageLimit, (message) => problem("usageLimit", message));
  const usageLimitPerCustomer = limitOf(form.usageLimitPerCustomer, (message) => problem("usageLimitPerCustomer", message));
  if (Object.keys(errors).length > 0) {
    return { ok: false, errors };
  }
  const input: Required<DiscountCreateInput> = {
    code: form.isAutomatic ? null : form.code.trim(),
    name: form.name.trim(),
    isAutomatic: form.isAutomatic,
    kind: form.kind,
    value,
    currency,
    target: form.target,
    targetIds: form.target === "ORDER" ? [] : [...form.targetIds],
    minSubtotal,
    usageLimit,
    usageLimitPerCustomer,
    startsAt: localToUtc(form.startsAt),
    endsAt: localToUtc(form.endsAt),
    combinable: form.combinable,
    status: form.status,
  };
  return { ok: true, input };
}

type Problem = (field: DiscountField, message: string) => void;

function currencyOf(form: DiscountForm, problem: Problem): string | null {
  if (form.currency.trim() === "") {
    if (form.kind === "FIXED") {
      problem("currency", "a fixed amount needs a currency");
    } else if (form.minSubtotal.trim() !== "") {
      problem("currency", "a minimum subtotal needs a currency");
    }
    return null;
  }
  const currency = normalCurrency(form.currency);
  if (currency === null) {
    problem("currency", "a three-letter ISO 4217 code, like EUR");
  }
  return currency;
}

function valueOf(form: DiscountForm, currency: string | null, problem: Problem): number {
  if (form.kind === "PERCENTAGE") {
    const parsed = parsePercent(form.value);
    if (!parsed.ok) {
      problem("value", parsed.message);
    }
    return parsed.ok ? parsed.basisPoints : 0;
  }
  return amountOrNull(form.value, currency, (message) => problem("value", message), true) ?? 0;
}

function amountOrNull(text: string, currency: string | null, problem: (message: string) => void, required = false): number | null {
  if (text.trim() === "") {
    if (required) {
      problem("an amount, like 5.00");
    }
    return null;
  }
  if (currency === null) {
    return null;
  }
  const parsed = parseAmount(text, currency);
  if (!parsed.ok) {
    problem(parsed.message);
  }
  return parsed.ok ? parsed.minor : null;
}

function limitOf(text: string, problem: (message: string) => void): number | null {
  const typed = text.trim();
  if (typed === "") {
    return null;
  }
  if (!/^\d{1,9}$/.test(typed)) {
    problem("a whole number, or blank for no limit");
    return null;
  }
  return Number(typed);
}
