import { useState } from "react";
import { useAdmin, useLoad } from "../admin";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { ErrorNotice } from "../components/Notice";
import { Pager } from "../components/Pager";
import { graphql } from "../gql";
import { signed } from "../lib/commerce";
import { counted } from "../lib/plural";

const StockMovementsDocument = graphql(`
  query StockMovements($variantId: ID!, $first: Int!, $after: String) {
    stockMovements(variantId: $variantId, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id onHandDelta reservedDelta reason note createdAt
          warehouse { code }
          actor { displayName }
          reference { ... on Order { number } }
        }
      }
    }
  }
`);

const PAGE = 20;

/** A variant's stock trail, newest first: every adjustment, receipt, return, reservation, release. */
export function StockHistory({ variant, onClose }: { variant: { id: string; sku: string }; onClose: () => void }) {
  const { session } = useAdmin();
  const [after, setAfter] = useState<string | null>(null);
  const list = useLoad(() => session.client.request(StockMovementsDocument, { variantId: variant.id, first: PAGE, after }), [variant.id, after]);
  const page = list.data?.stockMovements;
  return (
    <ConfirmDialog title={`Stock history of ${variant.sku}`} confirmLabel="Close" canConfirm={false} onConfirm={onClose} onCancel={onClose}>
      <ErrorNotice error={list.error} />
      {page && page.totalCount === 0 && <p>No stock movements yet.</p>}
      {page && page.totalCount > 0 && (
        <>
          <p>{counted(page.totalCount, "movement", "movements")}, newest first</p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Warehouse</th>
                  <th scope="col">On hand</th>
                  <th scope="col">Reserved</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {page.edges.map(({ node: movement }) => (
                  <tr key={movement.id} data-movement={movement.reason.toLowerCase()}>
                    <td>{new Date(movement.createdAt).toLocaleString()}</td>
                    <td>{movement.warehouse?.code ?? "(gone)"}</td>
                    <td>{signed(movement.onHandDelta)}</td>
                    <td>{signed(movement.reservedDelta)}</td>
                    <td>
                      {movement.reason.toLowerCase()}
                      {movement.reference && "number" in movement.reference && <> for order {movement.reference.number}</>}
                      {movement.actor && <> by {movement.actor.displayName}</>}
                      {movement.note && <div className="muted">{movement.note}</div>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager after={after} pageInfo={page.pageInfo} onPage={setAfter} />
        </>
      )}
    </ConfirmDialog>
  );
}
