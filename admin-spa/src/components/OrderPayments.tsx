import { Fragment } from "react";
import type { OrderQuery } from "../gql/graphql";
import { formatMoney } from "../lib/money";
import { StateBadge } from "../screens/Orders";

type Order = NonNullable<OrderQuery["order"]>;
type Payment = Order["payments"][number];

/** An order's payments, oldest first, each with what it took and gave back and what went wrong. */
export function OrderPayments({ order }: { order: Order }) {
  return (
    <>
      <h2>Payments</h2>
      {order.payments.length === 0 && <p className="muted">No payment has been asked for yet.</p>}
      {order.payments.map((payment) => (
        <section key={payment.id} className="card" data-payment={payment.method} aria-label={`Payment by ${payment.method}`}>
          <p>
            <StateBadge value={payment.status} /> {formatMoney(payment.amount)} by {payment.method} through {payment.provider},{" "}
            {new Date(payment.createdAt).toLocaleString()}
          </p>
          <PaymentFacts payment={payment} />
        </section>
      ))}
    </>
  );
}

function PaymentFacts({ payment }: { payment: Payment }) {
  const rows: [string, string][] = [
    ["Captured", formatMoney(payment.captured)],
    ["Refunded", formatMoney(payment.refunded)],
    ["Provider reference", payment.providerReference ?? "none"],
  ];
  if (payment.lastError) {
    rows.push(["Last error", payment.lastError]);
  }
  if (payment.instructions) {
    rows.push(["Instructions", payment.instructions]);
  }
  return (
    <dl className="facts">
      {rows.map(([term, value]) => (
        <Fragment key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

/** An order's refunds, oldest first: amount, state, reason, the lines they cover, restock. */
export function OrderRefunds({ order }: { order: Order }) {
  if (order.refunds.length === 0) {
    return (
      <>
        <h2>Refunds</h2>
        <p className="muted">Nothing has been refunded.</p>
      </>
    );
  }
  const skus = new Map(order.lines.map((line) => [line.id, line.sku]));
  return (
    <>
      <h2>Refunds</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Asked</th>
              <th scope="col">Amount</th>
              <th scope="col">Status</th>
              <th scope="col">Reason</th>
              <th scope="col">Lines</th>
              <th scope="col">Restock</th>
            </tr>
          </thead>
          <tbody>
            {order.refunds.map((refund) => (
              <tr key={refund.id} data-refund={refund.id}>
                <th scope="row">{new Date(refund.createdAt).toLocaleString()}</th>
                <td>{formatMoney(refund.amount)}</td>
                <td>
                  <StateBadge value={refund.status} />
                </td>
                <td>{refund.reason}</td>
                <td>{refund.lines.length === 0 ? "none" : refund.lines.map((line) => `${skus.get(line.orderLineId) ?? "?"} × ${line.quantity}`).join(", ")}</td>
                <td>{refund.restock ? "yes" : "no"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
