import { useState } from "react";
import { useAction, useAdmin } from "../admin";
import { splitErrors, type SplitErrors } from "../api/errors";
import { graphql } from "../gql";
import type { OrderAction, OrderQuery } from "../gql/graphql";
import { formatMoney } from "../lib/money";
import { authorizedPayment, newIdempotencyKey, outcomeOf } from "../lib/payments";
import { ConfirmDialog } from "./ConfirmDialog";
import { FulfilDialog } from "./FulfilDialog";
import { ErrorList, ErrorNotice, FieldErrors } from "./Notice";
import { PendingNotice, refusal, type ActionNotice } from "./PaymentNotices";
import { RefundDialog } from "./RefundDialog";

const OrderCancelDocument = graphql(`
  mutation OrderCancel($input: OrderCancelInput!) {
    orderCancel(input: $input) { order { id status } errors { code field message } }
  }
`);

const PaymentCaptureDocument = graphql(`
  mutation PaymentCapture($input: PaymentCaptureInput!) {
    paymentCapture(input: $input) { payment { id status } errors { code field message } }
  }
`);

const OrderCompleteDocument = graphql(`
  mutation OrderComplete($input: OrderCompleteInput!) {
    orderComplete(input: $input) { order { id status } errors { code field message } }
  }
`);

const PaymentVoidDocument = graphql(`
  mutation PaymentVoid($input: PaymentVoidInput!) {
    paymentVoid(input: $input) { payment { id status } errors { code field message } }
  }
`);

type Order = NonNullable<OrderQuery["order"]>;
type Payment = Order["payments"][number];

type Dialog = { kind: "cancel" | "refund" | "fulfil" | "complete" } | { kind: "capture" | "void"; payment: Payment };

/**
 * The order's actions, a button for each `allowedActions` entry (the server decides), and their
 * dialogs. `onDone` closes with a notice; `onChanged` reloads the order while a dialog waits.
 */
export function OrderActions({ order, onDone, onChanged }: { order: Order; onDone: (notice: ActionNotice) => void; onChanged: () => void }) {
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const payment = authorizedPayment(order.payments);
  const close = () => setDialog(null);
  const finish = (notice: ActionNotice) => {
    setDialog(null);
    onDone(notice);
  };
  const button = (action: OrderAction) => {
    switch (action) {
      case "CANCEL":
        return <button key={action} type="button" className="danger" onClick={() => setDialog({ kind: "cancel" })}>Cancel order</button>;
      case "CAPTURE_PAYMENT":
      case "VOID_PAYMENT": {
        const kind = action === "CAPTURE_PAYMENT" ? "capture" : "void";
        return (
          <button key={action} type="button" className={kind === "void" ? "danger" : undefined} disabled={payment === null} onClick={() => payment && setDialog({ kind, payment })}>
            {kind === "capture" ? "Capture payment" : "Void payment"}
          </button>
        );
      }
      case "REFUND":
        return <button key={action} type="button" onClick={() => setDialog({ kind: "refund" })}>Refund</button>;
      case "FULFIL":
        return <button key={action} type="button" onClick={() => setDialog({ kind: "fulfil" })}>Fulfil</button>;
      case "COMPLETE":
        return <button key={action} type="button" onClick={() => setDialog({ kind: "complete" })}>Complete order</button>;
      default:
        // An action newer than this admin: shown, not usable.
        return <button key={action} type="button" disabled title="Not in this admin yet">{action}</button>;
    }
  };
  return (
    <>
      {order.allowedActions.length > 0 && (
        <div className="actions" aria-label="Order actions" role="group">
          {order.allowedActions.map(button)}
        </div>
      )}
      {dialog?.kind === "cancel" && <CancelDialog order={order} onClose={close} onCancelled={() => finish({ tone: "info", text: `Order ${order.number} cancelled.` })} />}
      {(dialog?.kind === "capture" || dialog?.kind === "void") && <PaymentDialog kind={dialog.kind} payment={dialog.payment} onClose={close} onDone={finish} onChanged={onChanged} />}
      {dialog?.kind === "refund" && <RefundDialog order={order} onClose={close} onDone={finish} onChanged={onChanged} />}
      {dialog?.kind === "fulfil" && <FulfilDialog order={order} onClose={close} onDone={finish} />}
      {dialog?.kind === "complete" && <CompleteDialog order={order} onClose={close} onCompleted={() => finish({ tone: "info", text: `Order ${order.number} completed.` })} />}
    </>
  );
}

interface PaymentDialogProps {
  kind: "capture" | "void";
  payment: Payment;
  onClose: () => void;
  onDone: (notice: ActionNotice) => void;
  onChanged: () => void;
}

/** Capture or void one authorized payment; a capture sends one key per opening of the dialog. */
function PaymentDialog({ kind, payment, onClose, onDone, onChanged }: PaymentDialogProps) {
  const { session } = useAdmin();
  const run = useAction();
  const [key] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState(false);
  const [general, setGeneral] = useState<string[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const amount = formatMoney(payment.amount);
  const send = async () => {
    setBusy(true);
    const result = await run(async () =>
      kind === "capture"
        ? (await session.client.request(PaymentCaptureDocument, { input: { paymentId: payment.id, idempotencyKey: key } })).paymentCapture
        : (await session.client.request(PaymentVoidDocument, { input: { id: payment.id } })).paymentVoid,
    );
    setBusy(false);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    setFailure(null);
    const { errors, payment: answered } = result.value;
    const outcome = outcomeOf(errors, answered?.status, kind === "capture" ? "CAPTURED" : "VOIDED");
    setGeneral(outcome === "invalid" ? splitErrors(errors, []).general : []);
    setPending(outcome === "pending");
    if (outcome === "pending") {
      onChanged();
    } else if (outcome === "refused") {
      onDone(refusal(`to ${kind} the payment`, errors));
    } else if (outcome === "done") {
      onDone({ tone: "info", text: kind === "capture" ? `Payment of ${amount} captured.` : `Payment of ${amount} voided.` });
    }
  };
  const capture = kind === "capture";
  return (
    <ConfirmDialog
      title={capture ? `Capture ${amount}?` : `Void the payment of ${amount}?`}
      confirmLabel={pending ? "Try again" : capture ? "Capture payment" : "Void payment"}
      busy={busy}
      onConfirm={() => void send()}
      onCancel={onClose}
    >
      <p>
        {capture
          ? `Take the ${payment.method} payment in full${payment.provider === "manual" ? ": do this once the money is in" : ""}.`
          : "Release the authorization: nothing is taken, and the order may be paid anew or cancelled."}
      </p>
      {pending && <PendingNotice />}
      <ErrorList messages={general} />
      <ErrorNotice error={failure} />
    </ConfirmDialog>
  );
}

function CancelDialog({ order, onClose, onCancelled }: { order: Order; onClose: () => void; onCancelled: () => void }) {
  const { session } = useAdmin();
  const run = useAction();
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<SplitErrors>(splitErrors([], []));
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const cancel = async () => {
    if (reason.trim() === "") {
      setErrors(splitErrors([{ code: "VALIDATION", field: "reason", message: "Say why, for the order's record." }], ["reason"]));
      return;
    }
    setBusy(true);
    const result = await run(() => session.client.request(OrderCancelDocument, { input: { id: order.id, reason: reason.trim() } }));
    setBusy(false);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    setFailure(null);
    const payload = result.value.orderCancel;
    setErrors(splitErrors(payload.errors, ["reason"]));
    if (payload.errors.length === 0) {
      onCancelled();
    }
  };
  return (
    <ConfirmDialog title={`Cancel order ${order.number}?`} confirmLabel="Cancel order" busy={busy} onConfirm={() => void cancel()} onCancel={onClose}>
      <p>Its reserved stock goes back on sale. A cancelled order cannot be placed again.</p>
      <label htmlFor="cancel-reason">Reason</label>
      <textarea
        id="cancel-reason"
        value={reason}
        maxLength={500}
        onChange={(event) => setReason(event.target.value)}
        aria-invalid={errors.byField.reason ? true : undefined}
        aria-describedby="cancel-reason-error"
      />
      <FieldErrors id="cancel-reason-error" messages={errors.byField.reason} />
      <ErrorList messages={errors.general} />
      <ErrorNotice error={failure} />
    </ConfirmDialog>
  );
}

/** Close a fulfilled, settled order; the server says why not otherwise. */
function CompleteDialog({ order, onClose, onCompleted }: { order: Order; onClose: () => void; onCompleted: () => void }) {
  const { session } = useAdmin();
  const run = useAction();
  const [general, setGeneral] = useState<string[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const complete = async () => {
    setBusy(true);
    const result = await run(() => session.client.request(OrderCompleteDocument, { input: { id: order.id } }));
    setBusy(false);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    setFailure(null);
    const payload = result.value.orderComplete;
    setGeneral(splitErrors(payload.errors, []).general);
    if (payload.errors.length === 0) {
      onCompleted();
    }
  };
  return (
    <ConfirmDialog title={`Complete order ${order.number}?`} confirmLabel="Complete order" busy={busy} onConfirm={() => void complete()} onCancel={onClose}>
      <p>It is fulfilled and paid for: closing it ends its work. A completed order still takes refunds.</p>
      <ErrorList messages={general} />
      <ErrorNotice error={failure} />
    </ConfirmDialog>
  );
}
