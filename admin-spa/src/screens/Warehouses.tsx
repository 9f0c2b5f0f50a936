import { useState, type FormEvent } from "react";
import { useAction, useAdmin, useLoad } from "../admin";
import { splitErrors, type SplitErrors } from "../api/errors";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { ErrorList, ErrorNotice, FieldErrors, InfoNotice } from "../components/Notice";
import { graphql } from "../gql";
import type { WarehousesQuery } from "../gql/graphql";

export const WarehousesDocument = graphql(`
  query Warehouses {
    warehouses { id code name isActive position }
  }
`);

const WarehouseUpdateDocument = graphql(`
  mutation WarehouseUpdate($input: WarehouseUpdateInput!) {
    warehouseUpdate(input: $input) { warehouse { id code isActive } errors { code field message } }
  }
`);

const WarehouseCreateDocument = graphql(`
  mutation WarehouseCreate($input: WarehouseCreateInput!) {
    warehouseCreate(input: $input) { warehouse { id code } errors { code field message } }
  }
`);

type Warehouse = WarehousesQuery["warehouses"][number];

/** Every warehouse in allocation order; add one (code and name), deactivate or reactivate one. */
export function Warehouses() {
  const { session, can } = useAdmin();
  const run = useAction();
  const list = useLoad(() => session.client.request(WarehousesDocument, {}), []);
  const [code, setCode] = useState("");
  const [name, setName] = useState("");
  const [errors, setErrors] = useState<SplitErrors>(splitErrors([], []));
  const [failure, setFailure] = useState<unknown>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [switching, setSwitching] = useState<Warehouse | null>(null);
  const [general, setGeneral] = useState<string[]>([]);
  const [switchFailure, setSwitchFailure] = useState<unknown>(null);

  const toggle = async (warehouse: Warehouse) => {
    const isActive = !warehouse.isActive;
    const result = await run(() => session.client.request(WarehouseUpdateDocument, { input: { id: warehouse.id, isActive } }));
    setSwitching(null);
    if (!result.ok) {
      setSwitchFailure(result.error);
      return;
    }
    setSwitchFailure(null);
    const payload = result.value.warehouseUpdate;
    setGeneral(splitErrors(payload.errors, []).general);
    if (payload.warehouse && payload.errors.length === 0) {
      setCreated(`Warehouse ${warehouse.code} ${isActive ? "reactivated" : "deactivated"}.`);
      list.reload();
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await run(() => session.client.request(WarehouseCreateDocument, { input: { code, name } }));
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    setFailure(null);
    const payload = result.value.warehouseCreate;
    setErrors(splitErrors(payload.errors, ["code", "name"]));
    if (payload.warehouse) {
      setCreated(`Warehouse ${payload.warehouse.code} added.`);
      setCode("");
      setName("");
      list.reload();
    }
  };

  const warehouses = list.data?.warehouses;
  return (
    <>
      <h1>Warehouses</h1>
      <p className="muted">Orders take stock from active warehouses in this order. Warehouses are deactivated, never deleted.</p>
      <ErrorNotice error={list.error} />
      {warehouses && warehouses.length === 0 && <p>No warehouses yet.</p>}
      {warehouses && warehouses.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">Name</th>
                <th scope="col">State</th>
                {can("commerce.manage_inventory") && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {warehouses.map((warehouse) => (
                <tr key={warehouse.id} data-warehouse={warehouse.code}>
                  <th scope="row">{warehouse.code}</th>
                  <td>{warehouse.name}</td>
                  <td>{warehouse.isActive ? "active" : "inactive"}</td>
                  {can("commerce.manage_inventory") && (
                    <td>
                      <button
                        type="button"
                        className={warehouse.isActive ? "danger" : undefined}
                        onClick={() => (warehouse.isActive ? setSwitching(warehouse) : void toggle(warehouse))}
                      >
                        {warehouse.isActive ? `Deactivate ${warehouse.code}` : `Reactivate ${warehouse.code}`}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {created && <InfoNotice>{created}</InfoNotice>}
      <ErrorList messages={general} />
      <ErrorNotice error={switchFailure} />
      {switching && (
        <ConfirmDialog
          title={`Deactivate ${switching.code}?`}
          confirmLabel="Deactivate"
          onConfirm={() => void toggle(switching)}
          onCancel={() => setSwitching(null)}
        >
          <p>New orders stop taking stock from {switching.name}; what it holds and has promised stays, and it can be reactivated.</p>
        </ConfirmDialog>
      )}
      {can("commerce.manage_inventory") && (
        <form onSubmit={submit} className="card" aria-labelledby="warehouse-new-heading">
          <h2 id="warehouse-new-heading">Add a warehouse</h2>
          <label htmlFor="warehouse-code">Code</label>
          <input
            id="warehouse-code"
            type="text"
            value={code}
            onChange={(event) => setCode(event.target.value)}
            aria-invalid={errors.byField.code ? true : undefined}
            aria-describedby="warehouse-code-error"
          />
          <FieldErrors id="warehouse-code-error" messages={errors.byField.code} />
          <label htmlFor="warehouse-name">Name</label>
          <input
            id="warehouse-name"
            type="text"
            value={name}
            onChange={(event) => setName(event.target.value)}
            aria-invalid={errors.byField.name ? true : undefined}
            aria-describedby="warehouse-name-error"
          />
          <FieldErrors id="warehouse-name-error" messages={errors.byField.name} />
          <ErrorList messages={errors.general} />
          <ErrorNotice error={failure} />
          <button type="submit" className="primary">
            Add warehouse
          </button>
        </form>
      )}
    </>
  );
}
