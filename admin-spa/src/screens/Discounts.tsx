import { useState, type FormEvent } from "react";
import { useAction, useAdmin, useLoad } from "../admin";
import { splitErrors } from "../api/errors";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { ErrorList, ErrorNotice, InfoNotice } from "../components/Notice";
import { Pager } from "../components/Pager";
import { graphql } from "../gql";
import type { DiscountStatus, DiscountsQuery } from "../gql/graphql";
import {
  describeTarget,
  describeUsage,
  describeWindow,
  discountState,
  discountTone,
  formatDiscountValue,
} from "../lib/discounts";
import { counted } from "../lib/plural";
import { DiscountForm } from "./DiscountForm";

const DiscountsDocument = graphql(`
  query Discounts($first: Int!, $after: String, $search: String, $status: DiscountStatus) {
    discounts(first: $first, after: $after, search: $search, status: $status) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id code name isAutomatic kind value currency target targets
          minSubtotal { amount currency }
          usageLimit usageLimitPerCustomer usageCount startsAt endsAt combinable status
        }
      }
    }
  }
`);

const DiscountDeleteDocument = graphql(`
  mutation DiscountDelete($id: ID!) {
    discountDelete(id: $id) { deletedId errors { code field message } }
  }
`);

/** A discount as the list has it. */
export type Discount = DiscountsQuery["discounts"]["edges"][number]["node"];

const PAGE = 20;

/** How a discount is called in messages: its code, or its name when automatic. */
function titleOf(discount: Discount): string {
  return discount.code ?? discount.name;
}

/** The shop's discounts: searched, filtered by status, paged; create, edit and delete them. */
export function Discounts() {
  const { session } = useAdmin();
  const run = useAction();
  const [after, setAfter] = useState<string | null>(null);
  const [typed, setTyped] = useState("");
  const [status, setStatus] = useState<DiscountStatus | "">("");
  const [applied, setApplied] = useState<{ search: string; status: DiscountStatus | "" }>({ search: "", status: "" });
  const [editing, setEditing] = useState<Discount | null>(null);
  const [deleting, setDeleting] = useState<Discount | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [general, setGeneral] = useState<string[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const list = useLoad(async () => {
    const variables = {
      first: PAGE,
      after,
      search: applied.search === "" ? null : applied.search,
      status: applied.status === "" ? null : applied.status,
    };
    return (await session.client.request(DiscountsDocument, variables)).discounts;
  }, [after, applied]);

  const filter = (event: FormEvent) => {
    event.preventDefault();
    setAfter(null);
    setApplied({ search: typed.trim(), status });
  };
  const changed = (message: string) => {
    setNotice(message);
    setEditing(null);
    list.reload();
  };
  const remove = async (discount: Discount) => {
    const result = await run(() => session.client.request(DiscountDeleteDocument, { id: discount.id }));
    setDeleting(null);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    setFailure(null);
    const payload = result.value.discountDelete;
    setGeneral(splitErrors(payload.errors, []).general);
    if (payload.deletedId) {
      changed(`Discount ${titleOf(discount)} deleted.`);
    }
  };

  const page = list.data;
  const now = new Date();
  return (
    <>
      <h1>Discounts</h1>
      <p className="muted">Codes customers enter at checkout, and automatic promotions. Orders keep what a deleted discount took off them.</p>
      <form className="filters" role="search" aria-label="Find discounts" onSubmit={filter}>
        <label htmlFor="discounts-search">Code or name</label>
        <input id="discounts-search" type="search" value={typed} onChange={(event) => setTyped(event.target.value)} />
        <label htmlFor="discounts-status">Status</label>
        <select id="discounts-status" value={status} onChange={(event) => setStatus(event.target.value as DiscountStatus | "")}>
          <option value="">Any</option>
          <option value="ACTIVE">active</option>
          <option value="DISABLED">disabled</option>
        </select>
        <button type="submit">Filter</button>
      </form>
      <ErrorNotice error={list.error} />
      {notice && <InfoNotice>{notice}</InfoNotice>}
      <ErrorList messages={general} />
      <ErrorNotice error={failure} />
      {page && page.totalCount === 0 && <p>No discounts match.</p>}
      {page && page.totalCount > 0 && (
        <>
          <p>{counted(page.totalCount, "discount", "discounts")}</p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Code</th>
                  <th scope="col">Name</th>
                  <th scope="col">Value</th>
                  <th scope="col">Applies to</th>
                  <th scope="col">When</th>
                  <th scope="col">Used</th>
                  <th scope="col">State</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {page.edges.map(({ node: discount }) => {
                  const state = discountState(discount, now);
                  return (
                    <tr key={discount.id} data-discount={titleOf(discount)}>
                      <th scope="row">{discount.code ?? <span className="muted">automatic</span>}</th>
                      <td>{discount.name}</td>
                      <td>{formatDiscountValue(discount)}</td>
                      <td>{describeTarget(discount)}</td>
                      <td>{describeWindow(discount)}</td>
                      <td>{describeUsage(discount)}</td>
                      <td>
                        <span className={`badge health-${discountTone(state)}`}>{state}</span>
                        {discount.combinable && <span className="muted"> combinable</span>}
                      </td>
                      <td className="actions">
                        <button type="button" onClick={() => setEditing(discount)}>
                          Edit {titleOf(discount)}
                        </button>
                        <button type="button" className="danger" onClick={() => setDeleting(discount)}>
                          Delete {titleOf(discount)}
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <Pager after={after} pageInfo={page.pageInfo} onPage={setAfter} />
        </>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete discount ${titleOf(deleting)}?`}
          confirmLabel="Delete"
          onConfirm={() => void remove(deleting)}
          onCancel={() => setDeleting(null)}
        >
          <p>
            It stops applying at once{deleting.code ? " and its code is refused" : ""}. Orders that used it ({deleting.usageCount})
            keep what it took off them.
          </p>
        </ConfirmDialog>
      )}
      <DiscountForm
        key={editing?.id ?? "new"}
        discount={editing}
        onSaved={(saved) => changed(editing ? `Discount ${saved} saved.` : `Discount ${saved} created.`)}
        onCancel={() => setEditing(null)}
      />
    </>
  );
}
