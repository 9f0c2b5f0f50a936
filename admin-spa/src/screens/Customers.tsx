import { useState, type FormEvent } from "react";
import { useAdmin, useLoad } from "../admin";
import { Link } from "../components/Link";
import { ErrorNotice } from "../components/Notice";
import { Pager } from "../components/Pager";
import { graphql } from "../gql";
import type { CommerceCustomerSort } from "../gql/graphql";
import { EMPTY_CUSTOMER_LIST, customerListArguments, describeSpent, type CustomerListForm } from "../lib/customers";
import { counted } from "../lib/plural";

const CustomersDocument = graphql(`
  query Customers($first: Int!, $after: String, $search: String, $filter: CommerceCustomerFilter, $sort: CommerceCustomerSort) {
    commerceCustomers(first: $first, after: $after, search: $search, filter: $filter, sort: $sort) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id customerId email displayName createdAt orderCount
          totalSpent { amount currency }
          groups { id code }
        }
      }
    }
  }
`);

export const GroupChoicesDocument = graphql(`
  query GroupChoices {
    customerGroups(first: 100) { edges { node { id code name } } }
  }
`);

const PAGE = 20;

/** The shop's customers, newest first or by e-mail: found by the start of their e-mail, filtered by group, paged. */
export function Customers() {
  const { session } = useAdmin();
  const [after, setAfter] = useState<string | null>(null);
  const [form, setForm] = useState<CustomerListForm>(EMPTY_CUSTOMER_LIST);
  const [applied, setApplied] = useState<CustomerListForm>(form);
  const groups = useLoad(() => session.client.request(GroupChoicesDocument, {}), []);
  const list = useLoad(async () => {
    const variables = { first: PAGE, after, ...customerListArguments(applied) };
    return (await session.client.request(CustomersDocument, variables)).commerceCustomers;
  }, [after, applied]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAfter(null);
    setApplied(form);
  };
  const page = list.data;
  const choices = groups.data?.customerGroups.edges.map((edge) => edge.node) ?? [];
  return (
    <>
      <h1>Customers</h1>
      <p>
        <Link to="customer-groups">Customer groups</Link>
      </p>
      <form className="filters" role="search" aria-label="Find customers" onSubmit={submit}>
        <label htmlFor="customers-search">E-mail starts with</label>
        <input id="customers-search" type="search" value={form.search} onChange={(event) => setForm({ ...form, search: event.target.value })} />
        <label htmlFor="customers-group">Group</label>
        <select id="customers-group" value={form.groupId} onChange={(event) => setForm({ ...form, groupId: event.target.value })}>
          <option value="">Any</option>
          {choices.map((group) => (
            <option key={group.id} value={group.id}>
              {group.name} ({group.code})
            </option>
          ))}
        </select>
        <label htmlFor="customers-sort">Order</label>
        <select id="customers-sort" value={form.sort} onChange={(event) => setForm({ ...form, sort: event.target.value as CommerceCustomerSort })}>
          <option value="NEWEST">Newest first</option>
          <option value="EMAIL">E-mail, A to Z</option>
        </select>
        <button type="submit">Find</button>
      </form>
      <ErrorNotice error={groups.error} />
      <ErrorNotice error={list.error} />
      {page && page.totalCount === 0 && <p>No customers match.</p>}
      {page && page.totalCount > 0 && (
        <>
          <p>{counted(page.totalCount, "customer", "customers")}</p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">E-mail</th>
                  <th scope="col">Name</th>
                  <th scope="col">Joined</th>
                  <th scope="col">Groups</th>
                  <th scope="col">Orders</th>
                  <th scope="col">Spent</th>
                </tr>
              </thead>
              <tbody>
                {page.edges.map(({ node: customer }) => (
                  <tr key={customer.id} data-customer={customer.email}>
                    <th scope="row">
                      <Link to={`customers/${encodeURIComponent(customer.customerId)}`}>{customer.email}</Link>
                    </th>
                    <td>{customer.displayName}</td>
                    <td>{new Date(customer.createdAt).toLocaleDateString()}</td>
                    <td>{customer.groups.map((group) => group.code).join(", ")}</td>
                    <td>{customer.orderCount}</td>
                    <td>{describeSpent(customer.totalSpent)}</td>
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
