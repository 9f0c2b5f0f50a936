import { Fragment, useState } from "react";
import { useAction, useAdmin } from "../admin";
import { splitErrors, type SplitErrors } from "../api/errors";
import { graphql } from "../gql";
import type { OrderQuery } from "../gql/graphql";
import { StateBadge } from "../screens/Orders";
import { ConfirmDialog } from "./ConfirmDialog";
import { ShipmentFields } from "./FulfilDialog";
import { ErrorList, ErrorNotice } from "./Notice";
import type { ActionNotice } from "./PaymentNotices";

const FulfilmentShipDocument = graphql(`
  mutation FulfilmentShip($input: FulfilmentShipInput!) {
    fulfilmentShip(input: $input) { fulfilment { id status } errors { code field message } }
  }
`);

type Order = NonNullable<OrderQuery["order"]>;
type Fulfilment = Order["fulfilments"][number];

/** An order's fulfilments, oldest first; a created one can be marked shipped by order managers. */
export function OrderFulfilments({ order, onDone }: { order: Order; onDone: (notice: ActionNotice) => void }) {
  const { can } = useAdmin();
  const [shipping, setShipping] = useState<Fulfilment | null>(null);
  const skus = new Map(order.lines.map((line) => [line.id, line.sku]));
  return (
    <>
      <h2>Fulfilments</h2>
      {order.fulfilments.length === 0 && <p className="muted">Nothing has left a warehouse yet.</p>}
      {order.fulfilments.map((fulfilment, index) => (
        <section key={fulfilment.id} className="card" data-fulfilment={index + 1} aria-label={`Fulfilment ${index + 1}`}>
          <p>
            <StateBadge value={fulfilment.status} /> {fulfilment.lines.map((line) => `${skus.get(line.orderLineId) ?? "?"} × ${line.quantity}`).join(", ")}
          </p>
          <FulfilmentFacts fulfilment={fulfilment} />
          {fulfilment.status === "CREATED" && can("commerce.manage_orders") && (
            <div className="actions">
              <button type="button" onClick={() => setShipping(fulfilment)}>
                Mark shipped
              </button>
            </div>
          )}
        </section>
      ))}
      {shipping && (
        <ShipDialog
          fulfilment={shipping}
          onClose={() => setShipping(null)}
          onDone={(notice) => {
            setShipping(null);
            onDone(notice);
          }}
        />
      )}
    </>
  );
}

function FulfilmentFacts({ fulfilment }: { fulfilment: Fulfilment }) {
  const rows: [string, string][] = [
    ["Created", new Date(fulfilment.createdAt).toLocaleString()],
    ["Shipped", fulfilment.shippedAt ? new Date(fulfilment.shippedAt).toLocaleString() : "not yet"],
    ["Warehouse", fulfilment.warehouse?.code ?? "not shown"],
    ["Carrier", fulfilment.carrier ?? "none"],
    ["Tracking number", fulfilment.trackingNumber ?? "none"],
  ];
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

/** Hand a created fulfilment to a carrier, with its tracking number. */
function ShipDialog({ fulfilment, onClose, onDone }: { fulfilment: Fulfilment; onClose: () => void; onDone: (notice: ActionNotice) => void }) {
  const { session } = useAdmin();
  const run = useAction();
  const [carrier, setCarrier] = useState("");
  const [tracking, setTracking] = useState("");
  const [errors, setErrors] = useState<SplitErrors>(splitErrors([], []));
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const ship = async () => {
    const input = { id: fulfilment.id, carrier: carrier.trim() || null, trackingNumber: tracking.trim() || null };
    setBusy(true);
    const result = await run(() => session.client.request(FulfilmentShipDocument, { input }));
    setBusy(false);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    setFailure(null);
    const payload = result.value.fulfilmentShip;
    setErrors(splitErrors(payload.errors, ["carrier", "trackingNumber"]));
    if (payload.errors.length === 0) {
      onDone({ tone: "info", text: input.trackingNumber ? `Fulfilment shipped, tracking number ${input.trackingNumber}.` : "Fulfilment shipped." });
    }
  };
  return (
    <ConfirmDialog title="Mark the fulfilment shipped" confirmLabel="Mark shipped" busy={busy} onConfirm={() => void ship()} onCancel={onClose}>
      <p>It has been handed to a carrier; the customer can follow it by its tracking number.</p>
      <ShipmentFields idPrefix="ship" carrier={carrier} tracking={tracking} errors={errors} onCarrier={setCarrier} onTracking={setTracking} />
      <ErrorList messages={errors.general} />
      <ErrorNotice error={failure} />
    </ConfirmDialog>
  );
}
