import { Fragment, useState } from "react";
import { useAdmin, useLoad } from "../admin";
import { Link } from "../components/Link";
import { ErrorList, ErrorNotice, InfoNotice } from "../components/Notice";
import { OrderActions } from "../components/OrderActions";
import { OrderFulfilments } from "../components/OrderFulfilments";
import { OrderPayments, OrderRefunds } from "../components/OrderPayments";
import type { ActionNotice } from "../components/PaymentNotices";
import { graphql } from "../gql";
import type { OrderQuery } from "../gql/graphql";
import { formatMoney } from "../lib/money";
import { discountSummary } from "../lib/orders";
import { StateBadge } from "./Orders";

const OrderDocument = graphql(`
  query Order($id: ID!) {
    order(id: $id) {
      id number status paymentStatus fulfilmentStatus currency email paymentMethod
      placedAt cancelledAt cancelReason allowedActions
      lines {
        id sku productName variantTitle quantity refundedQuantity fulfilledQuantity
        unitPrice { amount currency } total { amount currency } tax { amount currency }
      }
      totals {
        subtotal { amount currency } discount { amount currency } shipping { amount currency }
        tax { amount currency } total { amount currency }
      }
      discounts { discountId code name amount { amount currency } }
      paid { amount currency }
      refunded { amount currency }
      payments {
        id provider method status createdAt providerReference lastError instructions
        amount { amount currency } captured { amount currency } refunded { amount currency }
      }
      refunds {
        id status restock createdAt reason amount { amount currency }
        lines { orderLineId quantity }
      }
      fulfilments {
        id status carrier trackingNumber shippedAt createdAt warehouse { id code }
        lines { orderLineId quantity }
      }
    }
  }
`);

type Order = NonNullable<OrderQuery["order"]>;

/** One order: its lines, totals, states, fulfilments, payments and refunds, and the buttons its `allowedActions` list. */
export function OrderScreen({ id }: { id: string }) {
  const { session } = useAdmin();
  const order = useLoad(() => session.client.request(OrderDocument, { id }).then((data) => data.order), [id]);
  const [notice, setNotice] = useState<ActionNotice | null>(null);
  const done = (finished: ActionNotice) => {
    setNotice(finished);
    order.reload();
  };
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
      {notice?.tone === "info" && <InfoNotice>{notice.text}</InfoNotice>}
      {notice?.tone === "error" && <ErrorList messages={[notice.text]} />}
      <p data-testid="order-states">
        <StateBadge value={current.status} /> <StateBadge value={current.paymentStatus} /> <StateBadge value={current.fulfilmentStatus} />
      </p>
      <Summary order={current} />
      <OrderActions
        order={current}
        onDone={done}
        onChanged={order.reload}
      />
      <Lines order={current} />
      <OrderFulfilments order={current} onDone={done} />
      <OrderPayments order={current} />
      <OrderRefunds order={current} />
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
    ["Discount", discountSummary(totals.discount, order.discounts)],
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
              <th scope="col">Fulfilled</th>
              <th scope="col">Refunded</th>
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
                <td>{line.fulfilledQuantity}</td>
                <td>{line.refundedQuantity}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
