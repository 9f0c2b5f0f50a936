import { useState } from "react";
import { useAction, useAdmin, useLoad } from "../admin";
import { splitErrors } from "../api/errors";
import { Link } from "../components/Link";
import { ErrorList, ErrorNotice, InfoNotice } from "../components/Notice";
import { Pager } from "../components/Pager";
import { graphql } from "../gql";
import type { CustomerQuery } from "../gql/graphql";
import { addressLines, describeSpent, joinableGroups } from "../lib/customers";
import { formatMoney } from "../lib/money";
import { GroupChoicesDocument } from "./Customers";
import { StateBadge } from "./Orders";

const CustomerDocument = graphql(`
  query Customer($customerId: ID!) {
    commerceCustomer(customerId: $customerId) {
      id customerId email displayName createdAt orderCount
      totalSpent { amount currency }
      groups { id code name }
      addresses {
        id label isDefaultShipping isDefaultBilling
        address { firstName lastName company line1 line2 city postalCode region country phone }
      }
    }
  }
`);

const CustomerOrdersDocument = graphql(`
  query CustomerOrders($customerId: ID!, $first: Int!, $after: String) {
    commerceCustomer(customerId: $customerId) {
      id
      orders(first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { id number placedAt status paymentStatus fulfilmentStatus totals { total { amount currency } } } }
      }
    }
  }
`);

const MembersAddDocument = graphql(`
  mutation CustomerGroupMembersAdd($input: CustomerGroupMembersInput!) {
    customerGroupMembersAdd(input: $input) { customerGroup { id code } errors { code field message } }
  }
`);

const MembersRemoveDocument = graphql(`
  mutation CustomerGroupMembersRemove($input: CustomerGroupMembersInput!) {
    customerGroupMembersRemove(input: $input) { customerGroup { id code } errors { code field message } }
  }
`);

type Customer = NonNullable<CustomerQuery["commerceCustomer"]>;
type Group = Customer["groups"][number];

/** One customer: who they are, what they spent, their address book, groups and orders. */
export function CustomerScreen({ id }: { id: string }) {
  const { session, can } = useAdmin();
  const customer = useLoad(() => session.client.request(CustomerDocument, { customerId: id }).then((data) => data.commerceCustomer), [id]);
  if (customer.error) {
    return (
      <>
        <h1>Customer</h1>
        <ErrorNotice error={customer.error} />
      </>
    );
  }
  if (customer.loading && customer.data === undefined) {
    return <p className="loading">Loading…</p>;
  }
  const found = customer.data;
  if (!found) {
    return (
      <>
        <h1>Customer</h1>
        <p>The shop has no such customer.</p>
        <Link to="customers">Back to the customers</Link>
      </>
    );
  }
  return (
    <>
      <p>
        <Link to="customers">Customers</Link>
      </p>
      <h1>{found.displayName}</h1>
      <dl className="facts">
        <dt>E-mail</dt>
        <dd>{found.email}</dd>
        <dt>Joined</dt>
        <dd>{new Date(found.createdAt).toLocaleString()}</dd>
        <dt>Orders</dt>
        <dd>{found.orderCount}</dd>
        <dt>Spent (paid orders)</dt>
        <dd>{describeSpent(found.totalSpent)}</dd>
      </dl>
      <Addresses customer={found} />
      <Groups customer={found} onChanged={customer.reload} />
      {can("commerce.view_orders") && <Orders customerId={found.customerId} />}
    </>
  );
}

function Addresses({ customer }: { customer: Customer }) {
  return (
    <section aria-labelledby="customer-addresses">
      <h2 id="customer-addresses">Addresses</h2>
      {customer.addresses.length === 0 && <p>No saved addresses.</p>}
      <ul className="addresses">
        {customer.addresses.map((entry) => (
          <li key={entry.id} className="card" data-address={entry.label ?? entry.id}>
            {entry.label && <h3>{entry.label}</h3>}
            <address>
              {addressLines(entry.address).map((line) => (
                <div key={line}>{line}</div>
              ))}
            </address>
            {(entry.isDefaultShipping || entry.isDefaultBilling) && (
              <p className="muted">
                Default {[entry.isDefaultShipping && "shipping", entry.isDefaultBilling && "billing"].filter(Boolean).join(" and ")} address
              </p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Groups({ customer, onChanged }: { customer: Customer; onChanged: () => void }) {
  const { session, can } = useAdmin();
  const run = useAction();
  const manages = can("commerce.manage_customers");
  const choices = useLoad(() => (manages ? session.client.request(GroupChoicesDocument, {}) : Promise.resolve(null)), [manages]);
  const [chosen, setChosen] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const [general, setGeneral] = useState<string[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const all = choices.data?.customerGroups.edges.map((edge) => edge.node) ?? [];
  const joinable = joinableGroups(all, customer.groups);
  const target = joinable.find((group) => group.id === chosen) ?? joinable[0];

  const change = async (adding: boolean, group: Pick<Group, "id" | "code">) => {
    const input = { id: group.id, customerIds: [customer.customerId] };
    const result = await run(async () =>
      adding
        ? (await session.client.request(MembersAddDocument, { input })).customerGroupMembersAdd
        : (await session.client.request(MembersRemoveDocument, { input })).customerGroupMembersRemove,
    );
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    setFailure(null);
    setGeneral(splitErrors(result.value.errors, []).general);
    if (result.value.errors.length === 0) {
      setNotice(adding ? `Added to ${group.code}.` : `Removed from ${group.code}.`);
      setChosen("");
      onChanged();
    }
  };

  return (
    <section aria-labelledby="customer-groups">
      <h2 id="customer-groups">Groups</h2>
      {notice && <InfoNotice>{notice}</InfoNotice>}
      <ErrorList messages={general} />
      <ErrorNotice error={failure} />
      <ErrorNotice error={choices.error} />
      {customer.groups.length === 0 && <p>In no group.</p>}
      <ul>
        {customer.groups.map((group) => (
          <li key={group.id} data-group={group.code}>
            {group.name} ({group.code}){" "}
            {manages && (
              <button type="button" onClick={() => void change(false, group)}>
                Remove from {group.code}
              </button>
            )}
          </li>
        ))}
      </ul>
      {manages && target && (
        <div className="actions">
          <label htmlFor="customer-group-add">Group to join</label>
          <select id="customer-group-add" value={target.id} onChange={(event) => setChosen(event.target.value)}>
            {joinable.map((group) => (
              <option key={group.id} value={group.id}>
                {group.name} ({group.code})
              </option>
            ))}
          </select>
          <button type="button" onClick={() => void change(true, target)}>
            Add to group
          </button>
        </div>
      )}
      {manages && choices.data && !target && (
        <p className="muted">
          Already in every group. <Link to="customer-groups">Create a group</Link>
        </p>
      )}
    </section>
  );
}

function Orders({ customerId }: { customerId: string }) {
  const { session } = useAdmin();
  const [after, setAfter] = useState<string | null>(null);
  const orders = useLoad(
    () => session.client.request(CustomerOrdersDocument, { customerId, first: 10, after }).then((data) => data.commerceCustomer?.orders),
    [customerId, after],
  );
  const page = orders.data;
  return (
    <section aria-labelledby="customer-orders">
      <h2 id="customer-orders">Orders</h2>
      <ErrorNotice error={orders.error} />
      {page && page.totalCount === 0 && <p>No orders yet.</p>}
      {page && page.totalCount > 0 && (
        <>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Number</th>
                  <th scope="col">Placed</th>
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
    </section>
  );
}
