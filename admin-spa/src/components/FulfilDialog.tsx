import { useState } from "react";
import { useAction, useAdmin, useLoad } from "../admin";
import { splitErrors, type SplitErrors } from "../api/errors";
import { graphql } from "../gql";
import type { OrderQuery } from "../gql/graphql";
import { fulfillableLines, fulfilmentLinesOf, leftToFulfil } from "../lib/fulfilments";
import { errorsByLine } from "../lib/payments";
import { ConfirmDialog } from "./ConfirmDialog";
import { ErrorList, ErrorNotice, FieldErrors } from "./Notice";
import type { ActionNotice } from "./PaymentNotices";

const FulfilmentWarehousesDocument = graphql(`
  query FulfilmentWarehouses {
    warehouses { id code name isActive }
  }
`);

const FulfilmentCreateDocument = graphql(`
  mutation FulfilmentCreate($input: FulfilmentCreateInput!) {
    fulfilmentCreate(input: $input) { fulfilment { id status } errors { code field message } }
  }
`);

type Order = NonNullable<OrderQuery["order"]>;

/** Ship what is left of an order: the warehouse, units per line (all that is left by default), a carrier. */
export function FulfilDialog({ order, onClose, onDone }: { order: Order; onClose: () => void; onDone: (notice: ActionNotice) => void }) {
  const { can } = useAdmin();
  if (!can("commerce.view_inventory")) {
    return (
      <ConfirmDialog title={`Fulfil order ${order.number}`} confirmLabel="Fulfil" canConfirm={false} onConfirm={onClose} onCancel={onClose}>
        <p data-testid="fulfil-no-warehouses">
          Fulfilling takes stock out of a warehouse, and your role cannot see the warehouses (it lacks <code>commerce.view_inventory</code>). Ask an owner
          to grant it, or to fulfil this order.
        </p>
      </ConfirmDialog>
    );
  }
  return <FulfilForm order={order} onClose={onClose} onDone={onDone} />;
}

function FulfilForm({ order, onClose, onDone }: { order: Order; onClose: () => void; onDone: (notice: ActionNotice) => void }) {
  const { session } = useAdmin();
  const run = useAction();
  const warehouses = useLoad(() => session.client.request(FulfilmentWarehousesDocument, {}).then((data) => data.warehouses), []);
  const [chosen, setChosen] = useState<string | null>(null);
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [carrier, setCarrier] = useState("");
  const [tracking, setTracking] = useState("");
  const [errors, setErrors] = useState<SplitErrors>(splitErrors([], []));
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const lines = fulfillableLines(order.lines);
  // Line fields first: `lines` alone would take every `lines.<ID>` message.
  const fields = [...lines.map((line) => `lines.${line.id}`), "warehouseId", "carrier", "trackingNumber", "lines"];
  const warehouseId = chosen ?? warehouses.data?.find((warehouse) => warehouse.isActive)?.id ?? "";

  const submit = async () => {
    const picked = fulfilmentLinesOf(lines, typed);
    if (!picked.ok) {
      setErrors(splitErrors(picked.errors, fields));
      return;
    }
    const input = { orderId: order.id, warehouseId, lines: picked.lines, carrier: carrier.trim() || null, trackingNumber: tracking.trim() || null };
    setBusy(true);
    const result = await run(() => session.client.request(FulfilmentCreateDocument, { input }));
    setBusy(false);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    setFailure(null);
    const payload = result.value.fulfilmentCreate;
    setErrors(splitErrors(errorsByLine(payload.errors, picked.lines), fields));
    if (payload.errors.length === 0) {
      const units = picked.lines.reduce((sum, line) => sum + line.quantity, 0);
      onDone({ tone: "info", text: `Fulfilment of ${units} ${units === 1 ? "unit" : "units"} created.` });
    }
  };

  const invalid = (field: string) => (errors.byField[field] ? true : undefined);
  return (
    <ConfirmDialog title={`Fulfil order ${order.number}`} confirmLabel="Fulfil" busy={busy} canConfirm={warehouses.data !== undefined && !warehouses.error} onConfirm={() => void submit()} onCancel={onClose}>
      <fieldset className="post-fields">
        <label htmlFor="fulfil-warehouse">Warehouse</label>
        {warehouses.data === undefined && !warehouses.error && <p className="loading">Loading…</p>}
        <ErrorNotice error={warehouses.error} />
        {warehouses.data && (
          <select
            id="fulfil-warehouse"
            value={warehouseId}
            onChange={(event) => setChosen(event.target.value)}
            aria-invalid={invalid("warehouseId")}
            aria-describedby="fulfil-warehouse-error"
          >
            {warehouseId === "" && <option value="">Choose…</option>}
            {warehouses.data.map((warehouse) => (
              <option key={warehouse.id} value={warehouse.id}>
                {warehouse.name} ({warehouse.code}){warehouse.isActive ? "" : ", inactive"}
              </option>
            ))}
          </select>
        )}
        <FieldErrors id="fulfil-warehouse-error" messages={errors.byField.warehouseId} />
        <span className="muted">The one checkout reserved the order's stock in.</span>
      </fieldset>
      <fieldset className="post-fields">
        <legend>Units leaving</legend>
        {lines.map((line, index) => (
          <div className="field" key={line.id}>
            <label htmlFor={`fulfil-line-${index}`}>
              Units of {line.sku} to fulfil ({leftToFulfil(line)} left)
            </label>
            <input
              id={`fulfil-line-${index}`}
              type="text"
              inputMode="numeric"
              value={typed[line.id] ?? String(leftToFulfil(line))}
              onChange={(event) => setTyped({ ...typed, [line.id]: event.target.value })}
              aria-invalid={invalid(`lines.${line.id}`)}
              aria-describedby={`fulfil-line-${index}-error`}
            />
            <FieldErrors id={`fulfil-line-${index}-error`} messages={errors.byField[`lines.${line.id}`]} />
          </div>
        ))}
        <FieldErrors id="fulfil-lines-error" messages={errors.byField.lines} />
      </fieldset>
      <ShipmentFields idPrefix="fulfil" carrier={carrier} tracking={tracking} errors={errors} onCarrier={setCarrier} onTracking={setTracking} />
      <span className="muted">A carrier or tracking number marks it shipped at once.</span>
      <ErrorList messages={errors.general} />
      <ErrorNotice error={failure} />
    </ConfirmDialog>
  );
}

interface ShipmentFieldsProps {
  idPrefix: string;
  carrier: string;
  tracking: string;
  errors: SplitErrors;
  onCarrier: (value: string) => void;
  onTracking: (value: string) => void;
}

/** The carrier and tracking number inputs, with the server's messages about them. */
export function ShipmentFields({ idPrefix, carrier, tracking, errors, onCarrier, onTracking }: ShipmentFieldsProps) {
  return (
    <fieldset className="post-fields">
      <label htmlFor={`${idPrefix}-carrier`}>Carrier (optional)</label>
      <input
        id={`${idPrefix}-carrier`}
        type="text"
        value={carrier}
        maxLength={100}
        onChange={(event) => onCarrier(event.target.value)}
        aria-invalid={errors.byField.carrier ? true : undefined}
        aria-describedby={`${idPrefix}-carrier-error`}
      />
      <FieldErrors id={`${idPrefix}-carrier-error`} messages={errors.byField.carrier} />
      <label htmlFor={`${idPrefix}-tracking`}>Tracking number (optional)</label>
      <input
        id={`${idPrefix}-tracking`}
        type="text"
        value={tracking}
        maxLength={100}
        onChange={(event) => onTracking(event.target.value)}
        aria-invalid={errors.byField.trackingNumber ? true : undefined}
        aria-describedby={`${idPrefix}-tracking-error`}
      />
      <FieldErrors id={`${idPrefix}-tracking-error`} messages={errors.byField.trackingNumber} />
    </fieldset>
  );
}
