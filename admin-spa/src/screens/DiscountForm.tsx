import { useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { useAction, useAdmin } from "../admin";
import { splitErrors, type SplitErrors } from "../api/errors";
import { DiscountTargets } from "../components/DiscountTargets";
import { ErrorList, ErrorNotice, FieldErrors } from "../components/Notice";
import { graphql } from "../gql";
import type { DiscountKind, DiscountStatus, DiscountTarget } from "../gql/graphql";
import {
  DISCOUNT_FIELDS,
  EMPTY_DISCOUNT_FORM,
  discountFormOf,
  discountInputOf,
  type DiscountForm as Form,
} from "../lib/discounts";
import type { Discount } from "./Discounts";

const DiscountCreateDocument = graphql(`
  mutation DiscountCreate($input: DiscountCreateInput!) {
    discountCreate(input: $input) { discount { id code name } errors { code field message } }
  }
`);

const DiscountUpdateDocument = graphql(`
  mutation DiscountUpdate($input: DiscountUpdateInput!) {
    discountUpdate(input: $input) { discount { id code name } errors { code field message } }
  }
`);

const NO_ERRORS = splitErrors([], []);
const PREFIX = "discount";

interface DiscountFormProps {
  /** The discount to edit; null for a new one. */
  discount: Discount | null;
  /** Saved: its code, or its name when automatic. */
  onSaved: (title: string) => void;
  onCancel: () => void;
}

/** Create or edit a discount; each error at its field, the rest above the buttons. */
export function DiscountForm({ discount, onSaved, onCancel }: DiscountFormProps) {
  const { session } = useAdmin();
  const run = useAction();
  const [form, setForm] = useState<Form>(discount ? discountFormOf(discount) : EMPTY_DISCOUNT_FORM);
  const [errors, setErrors] = useState<SplitErrors>(NO_ERRORS);
  const [failure, setFailure] = useState<unknown>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (discount) {
      heading.current?.scrollIntoView({ block: "start" });
      heading.current?.focus();
    }
  }, [discount]);
  const set = <K extends keyof Form>(field: K, value: Form[K]) => setForm((previous) => ({ ...previous, [field]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const mapped = discountInputOf(form);
    if (!mapped.ok) {
      setErrors({ byField: mapped.errors, general: [] });
      return;
    }
    const result = await run(async () =>
      discount
        ? (await session.client.request(DiscountUpdateDocument, { input: { id: discount.id, ...mapped.input } })).discountUpdate
        : (await session.client.request(DiscountCreateDocument, { input: mapped.input })).discountCreate,
    );
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    setFailure(null);
    setErrors(splitErrors(result.value.errors, DISCOUNT_FIELDS));
    const saved = result.value.discount;
    if (saved) {
      setForm(EMPTY_DISCOUNT_FORM);
      onSaved(saved.code ?? saved.name);
    }
  };

  const field = (name: (typeof DISCOUNT_FIELDS)[number], label: string, control: ReactNode, hint?: string) => (
    <>
      <label htmlFor={`${PREFIX}-${name}`}>{label}</label>
      {hint && (
        <span className="muted" id={`${PREFIX}-${name}-hint`}>
          {hint}
        </span>
      )}
      {control}
      <FieldErrors id={`${PREFIX}-${name}-error`} messages={errors.byField[name]} />
    </>
  );
  const described = (name: (typeof DISCOUNT_FIELDS)[number], hint = false) => ({
    id: `${PREFIX}-${name}`,
    "aria-invalid": errors.byField[name] ? true : undefined,
    "aria-describedby": `${hint ? `${PREFIX}-${name}-hint ` : ""}${PREFIX}-${name}-error`,
  });
  const text = (name: "code" | "name" | "value" | "currency" | "minSubtotal" | "usageLimit" | "usageLimitPerCustomer", hint = false) => (
    <input type="text" value={form[name]} onChange={(event) => set(name, event.target.value)} {...described(name, hint)} />
  );

  const title = discount ? `Edit discount ${discount.code ?? discount.name}` : "New discount";
  return (
    <form onSubmit={submit} className="card" aria-labelledby="discount-form-heading">
      <h2 id="discount-form-heading" ref={heading} tabIndex={-1}>
        {title}
      </h2>
      <fieldset className="choices">
        <legend>How it applies</legend>
        <span className="field-check">
          <input id="discount-with-code" type="radio" name="discount-mode" checked={!form.isAutomatic} onChange={() => set("isAutomatic", false)} />
          <label htmlFor="discount-with-code">Customers enter a code</label>
        </span>
        <span className="field-check">
          <input id="discount-automatic" type="radio" name="discount-mode" checked={form.isAutomatic} onChange={() => set("isAutomatic", true)} />
          <label htmlFor="discount-automatic">Automatically, without a code</label>
        </span>
      </fieldset>
      {!form.isAutomatic && field("code", "Code", text("code", true), "A-Z, 0-9, - and _; stored in upper case, unique in the shop.")}
      {form.isAutomatic && <FieldErrors id={`${PREFIX}-code-error`} messages={errors.byField.code} />}
      {field("name", "Name (staff see it)", text("name"))}
      {field(
        "kind",
        "Kind",
        <select value={form.kind} onChange={(event) => set("kind", event.target.value as DiscountKind)} {...described("kind")}>
          <option value="PERCENTAGE">Percentage off</option>
          <option value="FIXED">Fixed amount off</option>
        </select>,
      )}
      {field("value", form.kind === "PERCENTAGE" ? "Percent off (like 12.5)" : "Amount off (in the currency, like 5.00)", text("value"))}
      {field("currency", "Currency (like EUR)", text("currency", true), "Needed for a fixed amount or a minimum; it then applies only to carts in it.")}
      {field(
        "target",
        "Applies to",
        <select value={form.target} onChange={(event) => set("target", event.target.value as DiscountTarget)} {...described("target")}>
          <option value="ORDER">The whole order</option>
          <option value="PRODUCTS">Some products</option>
          <option value="CATEGORIES">Products in some categories</option>
        </select>,
      )}
      {form.target !== "ORDER" && (
        <DiscountTargets
          key={form.target}
          id={`${PREFIX}-targetIds`}
          target={form.target}
          selected={form.targetIds}
          onChange={(ids) => set("targetIds", ids)}
          messages={errors.byField.targetIds}
        />
      )}
      {field("minSubtotal", "Minimum subtotal (blank: none)", text("minSubtotal"))}
      {field("usageLimit", "Usage limit, in orders (blank: no limit)", text("usageLimit"))}
      {field("usageLimitPerCustomer", "Limit per customer (blank: no limit)", text("usageLimitPerCustomer"))}
      {field("startsAt", "Starts", <input type="datetime-local" value={form.startsAt} onChange={(event) => set("startsAt", event.target.value)} {...described("startsAt")} />)}
      {field("endsAt", "Ends", <input type="datetime-local" value={form.endsAt} onChange={(event) => set("endsAt", event.target.value)} {...described("endsAt")} />)}
      <span className="field-check">
        <input id="discount-combinable" type="checkbox" checked={form.combinable} onChange={(event) => set("combinable", event.target.checked)} />
        <label htmlFor="discount-combinable">Combines with other combinable discounts</label>
      </span>
      {field(
        "status",
        "Status",
        <select value={form.status} onChange={(event) => set("status", event.target.value as DiscountStatus)} {...described("status")}>
          <option value="ACTIVE">Active (applies within its dates)</option>
          <option value="DISABLED">Disabled (never applies)</option>
        </select>,
      )}
      <ErrorList messages={errors.general} />
      <ErrorNotice error={failure} />
      <div className="actions">
        <button type="submit" className="primary">
          {discount ? "Save discount" : "Create discount"}
        </button>
        {discount && (
          <button type="button" onClick={onCancel}>
            Cancel editing
          </button>
        )}
      </div>
    </form>
  );
}
