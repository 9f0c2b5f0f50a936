import { useState, type FormEvent } from "react";
import { useAction, useAdmin, useLoad } from "../admin";
import { splitErrors, type SplitErrors } from "../api/errors";
import { ErrorList, ErrorNotice, FieldErrors, InfoNotice } from "../components/Notice";
import { graphql } from "../gql";

export const WarehousesDocument = graphql(`
  query Warehouses {
    warehouses { id code name isActive position }
  }
`);

const WarehouseCreateDocument = graphql(`
  mutation WarehouseCreate($input: WarehouseCreateInput!) {
    warehouseCreate(input: $input) { warehouse { id code } errors { code field message } }
  }
`);

/** Every warehouse in allocation order; add one (code and name). */
export function Warehouses() {
  const { session, can } = useAdmin();
  const run = useAction();
  const list = useLoad(() => session.client.request(WarehousesDocument, {}), []);
  const [code, setCode] = useState("");
  const [name, setName] = useState("");
  const [errors, setErrors] = useState<SplitErrors>(splitErrors([], []));
  const [failure, setFailure] = useState<unknown>(null);
  const [created, setCreated] = useState<string | null>(null);

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
              </tr>
            </thead>
            <tbody>
              {warehouses.map((warehouse) => (
                <tr key={warehouse.id} data-warehouse={warehouse.code}>
                  <th scope="row">{warehouse.code}</th>
                  <td>{warehouse.name}</td>
                  <td>{warehouse.isActive ? "active" : "inactive"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {created && <InfoNotice>{created}</InfoNotice>}
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
