import { useState } from "react";
import { useAction, useAdmin } from "../admin";
import { splitErrors, type SplitErrors, type UserError } from "../api/errors";
import { graphql } from "../gql";
import type { OrderQuery } from "../gql/graphql";
import { localError } from "../lib/commerce";
import { formatMoney, minorToDecimal } from "../lib/money";
import { errorsByLine, linesMinor, newIdempotencyKey, outcomeOf, parseRefundAmount, pickedLines, pricesExcludeTax, refundableMinor } from "../lib/payments";
import { ConfirmDialog } from "./ConfirmDialog";
import { ErrorList, ErrorNotice, FieldErrors } from "./Notice";
import { PendingNotice, refusal, type ActionNotice } from "./PaymentNotices";

const RefundCreateDocument = graphql(`
  mutation RefundCreate($input: RefundCreateInput!) {
    refundCreate(input: $input) { refund { id status amount { amount currency } } errors { code field message } }
  }
`);

type Order = NonNullable<OrderQuery["order"]>;

interface RefundDialogProps {
  order: Order;
  onClose: () => void;
  onDone: (notice: ActionNotice) => void;
  onChanged: () => void;
}

/**
 * Give back money captured on the order: an amount (the picked lines' share by default), the
 * lines it covers, a reason, and whether their reserved stock goes back. One key per opening.
 */
export function RefundDialog({ order, onClose, onDone, onChanged }: RefundDialogProps) {
  const { session } = useAdmin();
  const run = useAction();
  const [key] = useState(newIdempotencyKey);
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [amountText, setAmountText] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const [restock, setRestock] = useState(false);
  const [errors, setErrors] = useState<SplitErrors>(splitErrors([], []));
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState(false);
  const currency = order.currency;
  const lines = order.lines.filter((line) => line.quantity > line.refundedQuantity);
  const fields = ["amount", "reason", "restock", ...lines.map((line) => `lines.${line.id}`)];
  const picked = pickedLines(lines, typed);
  const linesAmount = picked.ok ? linesMinor(lines, picked.lines, pricesExcludeTax(order.totals)) : 0;
  // The amount follows the picked lines until it is typed by hand.
  const amount = amountText ?? (linesAmount > 0 ? minorToDecimal(linesAmount, currency) : "");

  const submit = async () => {
    const parsed = parseRefundAmount(amount, currency);
    const local: UserError[] = picked.ok ? [] : [...picked.errors];
    if (!parsed.ok) {
      local.push(localError("amount", parsed.message));
    }
    if (reason.trim() === "") {
      local.push(localError("reason", "Say why, for the order's record."));
    }
    if (!parsed.ok || !picked.ok || local.length > 0) {
      setErrors(splitErrors(local, fields));
      return;
    }
    const input = { orderId: order.id, idempotencyKey: key, amount: { amount: parsed.minor, currency }, lines: picked.lines, reason: reason.trim(), restock };
    setBusy(true);
    const result = await run(() => session.client.request(RefundCreateDocument, { input }));
    setBusy(false);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    setFailure(null);
    const payload = result.value.refundCreate;
    const outcome = outcomeOf(payload.errors, payload.refund?.status, "SUCCEEDED");
    setErrors(splitErrors(outcome === "invalid" ? errorsByLine(payload.errors, picked.lines) : [], fields));
    setPending(outcome === "pending");
    if (outcome === "pending") {
      onChanged();
    } else if (outcome === "refused") {
      onDone(refusal(`the refund of ${formatMoney(input.amount)}`, payload.errors));
    } else if (outcome === "done") {
      onDone({ tone: "info", text: `Refunded ${formatMoney(input.amount)}.` });
    }
  };

  const invalid = (field: string) => (errors.byField[field] ? true : undefined);
  return (
    <ConfirmDialog title={`Refund order ${order.number}`} confirmLabel={pending ? "Try again" : "Refund"} busy={busy} onConfirm={() => void submit()} onCancel={onClose}>
      {/* While the provider has not answered, the same request is sent again, unchanged. */}
      <fieldset className="post-fields" disabled={pending}>
        {lines.length > 0 && <legend>Lines it covers (optional)</legend>}
        {lines.map((line, index) => (
          <div className="field" key={line.id}>
            <label htmlFor={`refund-line-${index}`}>
              Units of {line.sku} to refund ({line.quantity - line.refundedQuantity} left)
            </label>
            <input
              id={`refund-line-${index}`}
              type="text"
              inputMode="numeric"
              value={typed[line.id] ?? ""}
              onChange={(event) => setTyped({ ...typed, [line.id]: event.target.value })}
              aria-invalid={invalid(`lines.${line.id}`)}
              aria-describedby={`refund-line-${index}-error`}
            />
            <FieldErrors id={`refund-line-${index}-error`} messages={errors.byField[`lines.${line.id}`]} />
          </div>
        ))}
        <label htmlFor="refund-amount">Amount ({currency})</label>
        <input
          id="refund-amount"
          type="text"
          inputMode="decimal"
          value={amount}
          onChange={(event) => setAmountText(event.target.value)}
          aria-invalid={invalid("amount")}
          aria-describedby="refund-amount-hint refund-amount-error"
        />
        <span id="refund-amount-hint" className="muted">
          At most {formatMoney({ amount: refundableMinor(order.payments), currency })}; the picked lines' share unless typed.
        </span>
        <FieldErrors id="refund-amount-error" messages={errors.byField.amount} />
        <label htmlFor="refund-reason">Reason</label>
        <textarea id="refund-reason" value={reason} maxLength={500} onChange={(event) => setReason(event.target.value)} aria-invalid={invalid("reason")} aria-describedby="refund-reason-error" />
        <FieldErrors id="refund-reason-error" messages={errors.byField.reason} />
        <span className="field-check">
          <input id="refund-restock" type="checkbox" checked={restock} onChange={(event) => setRestock(event.target.checked)} />
          <label htmlFor="refund-restock">Put the lines' reserved stock back on sale</label>
        </span>
        <FieldErrors id="refund-restock-error" messages={errors.byField.restock} />
      </fieldset>
      {pending && <PendingNotice />}
      <ErrorList messages={errors.general} />
      <ErrorNotice error={failure} />
    </ConfirmDialog>
  );
}
