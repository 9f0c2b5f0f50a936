import { Fragment, useState } from "react";
import { useAction, useAdmin, useLoad } from "../admin";
import { splitErrors, type SplitErrors } from "../api/errors";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { Link } from "../components/Link";
import { ErrorList, ErrorNotice, FieldErrors, InfoNotice } from "../components/Notice";
import { graphql } from "../gql";
import type { OrderAction, OrderQuery } from "../gql/graphql";
import { formatMoney } from "../lib/money";
import { StateBadge } from "./Orders";

const OrderDocument = graphql(`
  query Order($id: ID!) {
    order(id: $id) {
      id number status paymentStatus fulfilmentStatus currency email paymentMethod
      placedAt cancelledAt cancelReason allowedActions
      lines {
        id sku productName variantTitle quantity
        unitPrice { amount currency } total { amount currency }
      }
      totals {
        subtotal { amount currency } discount { amount currency } shipping { amount currency }
        tax { amount currency } total { amount currency }
      }
      paid { amount currency }
      refunded { amount currency }
    }
  }
`);

const OrderCancelDocument = graphql(`
  mutation OrderCancel($input: OrderCancelInput!) {
    orderCancel(input: $input) { order { id status } errors { code field message } }
  }
`);

type Order = NonNullable<OrderQuery["order"]>;

/** The buttons of actions whose mutation the admin does not send yet: shown, not usable. */
const PENDING_ACTIONS: Record<Exclude<OrderAction, "CANCEL">, string> = {
  COMPLETE: "Complete order",
  FULFIL: "Fulfil",
  CAPTURE_PAYMENT: "Capture payment",
  VOID_PAYMENT: "Void payment",
  REFUND: "Refund",
};

/** One order: its lines, totals and states, and the buttons its `allowedActions` list. */
export function OrderScreen({ id }: { id: string }) {
  const { session } = useAdmin();
  const order = useLoad(() => session.client.request(OrderDocument, { id }).then((data) => data.order), [id]);
  const [message, setMessage] = useState<string | null>(null);
  if (order.error) {
    return (
      <>
        <h1>Order</h1>
        <ErrorNotice error={order.error} />
      </>
    );
  }
  if (order.data === undefined) {
    return <p className="loading">Loading…</p>;
  }
  const current = order.data;
  if (current === null) {
    return (
      <>
        <h1>Order</h1>
        <p>
          There is no such order. <Link to="orders">Back to the orders</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <p>
        <Link to="orders">All orders</Link>
      </p>
      <h1>Order {current.number}</h1>
      {message && <InfoNotice>{message}</InfoNotice>}
      <p data-testid="order-states">
        <StateBadge value={current.status} /> <StateBadge value={current.paymentStatus} /> <StateBadge value={current.fulfilmentStatus} />
      </p>
      <Summary order={current} />
      <Actions
        order={current}
        onCancelled={() => {
          setMessage(`Order ${current.number} cancelled.`);
          order.reload();
        }}
      />
      <Lines order={current} />
    </>
  );
}

function Summary({ order }: { order: Order }) {
  const totals = order.totals;
  const rows: [string, string][] = [
    ["Placed", new Date(order.placedAt).toLocaleString()],
    ["E-mail", order.email ?? "not shown"],
    ["Payment method", order.paymentMethod ?? "none yet"],
    ["Subtotal", formatMoney(totals.subtotal)],
    ["Discount", formatMoney(totals.discount)],
    ["Shipping", formatMoney(totals.shipping)],
    ["Tax", formatMoney(totals.tax)],
    ["Total", formatMoney(totals.total)],
    ["Paid", formatMoney(order.paid)],
    ["Refunded", formatMoney(order.refunded)],
  ];
  if (order.cancelledAt) {
    rows.push(["Cancelled", `${new Date(order.cancelledAt).toLocaleString()}: ${order.cancelReason ?? ""}`]);
  }
  return (
    <dl className="facts" data-testid="order-summary">
      {rows.map(([term, value]) => (
        <Fragment key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

function Lines({ order }: { order: Order }) {
  return (
    <>
      <h2>Lines</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">SKU</th>
              <th scope="col">Quantity</th>
              <th scope="col">Unit price</th>
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            {order.lines.map((line) => (
              <tr key={line.id} data-line={line.sku}>
                <th scope="row">
                  {line.productName}
                  {line.variantTitle && <div className="muted">{line.variantTitle}</div>}
                </th>
                <td>{line.sku}</td>
                <td>{line.quantity}</td>
                <td>{formatMoney(line.unitPrice)}</td>
                <td>{formatMoney(line.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Actions({ order, onCancelled }: { order: Order; onCancelled: () => void }) {
  const [cancelling, setCancelling] = useState(false);
  if (order.allowedActions.length === 0) {
    return null;
  }
  return (
    <div className="actions" aria-label="Order actions" role="group">
      {order.allowedActions.map((action) =>
        action === "CANCEL" ? (
          <button key={action} type="button" className="danger" onClick={() => setCancelling(true)}>
            Cancel order
          </button>
        ) : (
          <button key={action} type="button" disabled title="Not in this admin yet">
            {PENDING_ACTIONS[action]}
          </button>
        ),
      )}
      {cancelling && (
        <CancelDialog
          order={order}
          onClose={() => setCancelling(false)}
          onCancelled={() => {
            setCancelling(false);
            onCancelled();
          }}
        />
      )}
    </div>
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
