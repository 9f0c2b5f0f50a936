import { useState, type FormEvent } from "react";
import { useAdmin, useLoad } from "../admin";
import { Link } from "../components/Link";
import { ErrorNotice } from "../components/Notice";
import { Pager } from "../components/Pager";
import { graphql } from "../gql";
import { formatMoney } from "../lib/money";
import {
  EMPTY_ORDER_FILTER,
  FULFILMENT_STATUSES,
  ORDER_STATUSES,
  PAYMENT_STATUSES,
  orderFilterOf,
  stateLabel,
  stateTone,
  type OrderFilterForm,
  type State,
} from "../lib/orders";
import { counted } from "../lib/plural";

const OrdersDocument = graphql(`
  query Orders($first: Int!, $after: String, $filter: OrderFilter, $search: String) {
    orders(first: $first, after: $after, filter: $filter, search: $search) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id number status paymentStatus fulfilmentStatus placedAt email
          totals { total { amount currency } }
        }
      }
    }
  }
`);

const PAGE = 20;

/** A state as a coloured badge. */
export function StateBadge({ value }: { value: State }) {
  return <span className={`badge health-${stateTone(value)}`}>{stateLabel(value)}</span>;
}

/** The shop's orders, newest first, from the order list read model: filtered, searched, paged. */
export function Orders() {
  const { session } = useAdmin();
  const [after, setAfter] = useState<string | null>(null);
  const [form, setForm] = useState<OrderFilterForm>(EMPTY_ORDER_FILTER);
  const [typed, setTyped] = useState("");
  const [applied, setApplied] = useState<{ form: OrderFilterForm; search: string }>({ form, search: "" });
  const list = useLoad(async () => {
    const variables = {
      first: PAGE,
      after,
      filter: orderFilterOf(applied.form),
      search: applied.search === "" ? null : applied.search,
    };
    return (await session.client.request(OrdersDocument, variables)).orders;
  }, [after, applied]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAfter(null);
    setApplied({ form, search: typed.trim() });
  };
  const page = list.data;
  return (
    <>
      <h1>Orders</h1>
      <form className="filters" role="search" aria-label="Find orders" onSubmit={submit}>
        <StateSelect id="orders-status" label="Status" values={ORDER_STATUSES} value={form.status} onChange={(status) => setForm({ ...form, status })} />
        <StateSelect
          id="orders-payment"
          label="Payment"
          values={PAYMENT_STATUSES}
          value={form.paymentStatus}
          onChange={(paymentStatus) => setForm({ ...form, paymentStatus })}
        />
        <StateSelect
          id="orders-fulfilment"
          label="Fulfilment"
          values={FULFILMENT_STATUSES}
          value={form.fulfilmentStatus}
          onChange={(fulfilmentStatus) => setForm({ ...form, fulfilmentStatus })}
        />
        <label htmlFor="orders-from">Placed from</label>
        <input id="orders-from" type="datetime-local" value={form.placedFrom} onChange={(event) => setForm({ ...form, placedFrom: event.target.value })} />
        <label htmlFor="orders-to">Placed before</label>
        <input id="orders-to" type="datetime-local" value={form.placedTo} onChange={(event) => setForm({ ...form, placedTo: event.target.value })} />
        <label htmlFor="orders-search">Number, e-mail or name</label>
        <input id="orders-search" type="search" value={typed} onChange={(event) => setTyped(event.target.value)} />
        <button type="submit">Filter</button>
        <button type="button" onClick={list.reload} disabled={list.loading}>
          Refresh
        </button>
      </form>
      <p className="muted">The list is an index of the orders: a new order or a change shows here once it is indexed.</p>
      <ErrorNotice error={list.error} />
      {page && page.totalCount === 0 && <p>No orders match.</p>}
      {page && page.totalCount > 0 && (
        <>
          <p>{counted(page.totalCount, "order", "orders")}</p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Number</th>
                  <th scope="col">Placed</th>
                  <th scope="col">Customer</th>
                  <th scope="col">State</th>
                  <th scope="col">Total</th>
                </tr>
              </thead>
              <tbody>
                {page.edges.map(({ node: order }) => (
                  <tr key={order.id} data-order={order.number}>
                    <th scope="row">
                      <Link to={`orders/${encodeURIComponent(order.id)}`}>{order.number}</Link>
                    </th>
                    <td>{new Date(order.placedAt).toLocaleString()}</td>
                    <td>{order.email ?? <span className="muted">not shown</span>}</td>
                    <td>
                      <StateBadge value={order.status} /> <StateBadge value={order.paymentStatus} />{" "}
                      <StateBadge value={order.fulfilmentStatus} />
                    </td>
                    <td>{formatMoney(order.totals.total)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager after={after} pageInfo={page.pageInfo} onPage={setAfter} />
        </>
      )}
    </>
  );
}

interface StateSelectProps<T extends string> {
  id: string;
  label: string;
  values: readonly T[];
  value: T | "";
  onChange: (value: T | "") => void;
}

function StateSelect<T extends string>({ id, label, values, value, onChange }: StateSelectProps<T>) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value as T | "")}>
        <option value="">Any</option>
        {values.map((option) => (
          <option key={option} value={option}>
            {stateLabel(option)}
          </option>
        ))}
      </select>
    </>
  );
}
