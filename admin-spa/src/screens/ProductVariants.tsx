import { useState, type FormEvent } from "react";
import { useAction, useAdmin, useLoad } from "../admin";
import { splitErrors, type SplitErrors } from "../api/errors";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { ErrorList, ErrorNotice, FieldErrors } from "../components/Notice";
import { graphql } from "../gql";
import type { AdminProductQuery, StockAdjustReason } from "../gql/graphql";
import { OptionPickers } from "../components/OptionPickers";
import { EMPTY_VARIANT, explainStockErrors, localError, optionValuesOf, parseStockChange, type StockMode, type VariantRow } from "../lib/commerce";
import { formatMoney, normalCurrency, parseAmount } from "../lib/money";
import { StockHistory } from "./StockHistory";
import { WarehousesDocument } from "./Warehouses";

const ProductStockDocument = graphql(`
  query ProductStock($id: ID!) {
    adminProduct(id: $id) {
      id
      variants { id stock { warehouse { id code } onHand reserved available } }
    }
  }
`);

const ProductVariantCreateDocument = graphql(`
  mutation ProductVariantCreate($input: ProductVariantCreateInput!) {
    productVariantCreate(input: $input) { variant { id sku } errors { code field message } }
  }
`);

const ProductVariantDeleteDocument = graphql(`
  mutation ProductVariantDelete($id: ID!) {
    productVariantDelete(id: $id) { deletedId errors { code field message } }
  }
`);

const ProductVariantPricesSetDocument = graphql(`
  mutation ProductVariantPricesSet($input: ProductVariantPricesSetInput!) {
    productVariantPricesSet(input: $input) { variant { id } errors { code field message } }
  }
`);

const StockAdjustDocument = graphql(`
  mutation StockAdjust($input: StockAdjustInput!) {
    stockAdjust(input: $input) { stockLevel { onHand available } errors { code field message } }
  }
`);

type Product = NonNullable<AdminProductQuery["adminProduct"]>;
type Variant = Product["variants"][number];

const REASONS: readonly StockAdjustReason[] = ["ADJUSTMENT", "RECEIPT", "RETURN"];

type Dialog = { kind: "prices" | "stock" | "history" | "delete"; variant: Variant } | null;

/** The variants with their prices and stock; set prices, adjust stock, delete (confirmed). */
export function Variants({ product, onChanged }: { product: Product; onChanged: (message: string) => void }) {
  const { session, can } = useAdmin();
  const run = useAction();
  const seesStock = can("commerce.view_inventory");
  const stock = useLoad(
    () => (seesStock ? session.client.request(ProductStockDocument, { id: product.id }) : Promise.resolve(null)),
    [product, seesStock],
  );
  const [dialog, setDialog] = useState<Dialog>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const levels = (variant: Variant) => stock.data?.adminProduct?.variants.find((item) => item.id === variant.id)?.stock ?? [];

  const removeVariant = async (variant: Variant) => {
    const result = await run(() => session.client.request(ProductVariantDeleteDocument, { id: variant.id }));
    setDialog(null);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    setFailure(null);
    const payload = result.value.productVariantDelete;
    setErrors(splitErrors(payload.errors, []).general);
    if (payload.deletedId) {
      onChanged(`Variant ${variant.sku} deleted.`);
    }
  };

  return (
    <section className="card" aria-labelledby="variants-heading">
      <h2 id="variants-heading">Variants</h2>
      <ErrorNotice error={failure ?? stock.error} />
      <ErrorList messages={errors} />
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">SKU</th>
              <th scope="col">Title</th>
              <th scope="col">Prices</th>
              {seesStock && <th scope="col">Stock (on hand / available)</th>}
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {product.variants.map((variant) => (
              <tr key={variant.id} data-variant={variant.sku}>
                <th scope="row">{variant.sku}</th>
                <td>
                  {variant.title}
                  <div className="muted">{variant.selectedOptions.map((option) => `${option.name}: ${option.value}`).join(", ")}</div>
                </td>
                <td>{variant.basePrices.map((price) => formatMoney(price)).join(", ") || "none"}</td>
                {seesStock && (
                  <td>
                    {!variant.trackInventory && <span className="muted">not tracked</span>}
                    {variant.trackInventory && levels(variant).length === 0 && <span className="muted">none</span>}
                    {variant.trackInventory &&
                      levels(variant).map((level) => (
                        <div key={level.warehouse.id} data-stock={level.warehouse.code}>
                          {level.warehouse.code}: {level.onHand} / {level.available}
                        </div>
                      ))}
                  </td>
                )}
                <td>
                  <div className="actions">
                    {can("commerce.manage_products") && (
                      <button type="button" onClick={() => setDialog({ kind: "prices", variant })}>
                        Set prices of {variant.sku}
                      </button>
                    )}
                    {can("commerce.manage_inventory") && (
                      <button type="button" onClick={() => setDialog({ kind: "stock", variant })}>
                        Adjust stock of {variant.sku}
                      </button>
                    )}
                    {seesStock && (
                      <button type="button" onClick={() => setDialog({ kind: "history", variant })}>
                        Stock history of {variant.sku}
                      </button>
                    )}
                    {can("commerce.manage_products") && product.variants.length > 1 && (
                      <button type="button" className="danger" onClick={() => setDialog({ kind: "delete", variant })}>
                        Delete {variant.sku}
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {dialog?.kind === "prices" && (
        <PricesDialog variant={dialog.variant} onClose={() => setDialog(null)} onSaved={() => { setDialog(null); onChanged(`Prices of ${dialog.variant.sku} saved.`); }} />
      )}
      {dialog?.kind === "stock" && (
        <StockDialog variant={dialog.variant} onClose={() => setDialog(null)} onSaved={(text) => { setDialog(null); stock.reload(); onChanged(text); }} />
      )}
      {dialog?.kind === "history" && <StockHistory variant={dialog.variant} onClose={() => setDialog(null)} />}
      {dialog?.kind === "delete" && (
        <ConfirmDialog title={`Delete variant ${dialog.variant.sku}?`} confirmLabel="Delete variant" onConfirm={() => void removeVariant(dialog.variant)} onCancel={() => setDialog(null)}>
          <p>Its prices and stock records go with it.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function PricesDialog({ variant, onClose, onSaved }: { variant: Variant; onClose: () => void; onSaved: () => void }) {
  const { session } = useAdmin();
  const run = useAction();
  const first = variant.basePrices[0];
  const [currency, setCurrency] = useState(first?.currency ?? "USD");
  const [amount, setAmount] = useState("");
  const [errors, setErrors] = useState<SplitErrors>(splitErrors([], []));
  const [failure, setFailure] = useState<unknown>(null);
  const fields = ["currency", "prices"];

  const save = async () => {
    const code = normalCurrency(currency);
    if (code === null) {
      setErrors(splitErrors([localError("currency", "a three-letter code like USD")], fields));
      return;
    }
    const parsed = parseAmount(amount, code);
    if (!parsed.ok) {
      setErrors(splitErrors([localError("prices", parsed.message)], fields));
      return;
    }
    // The other currencies' prices stay: the API replaces the whole set.
    const prices = [...variant.basePrices.filter((price) => price.currency !== code), { amount: parsed.minor, currency: code }];
    const result = await run(() => session.client.request(ProductVariantPricesSetDocument, { input: { variantId: variant.id, prices } }));
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    const payload = result.value.productVariantPricesSet;
    setErrors(splitErrors(payload.errors, fields));
    if (payload.errors.length === 0) {
      onSaved();
    }
  };

  return (
    <ConfirmDialog title={`Prices of ${variant.sku}`} confirmLabel="Save price" onConfirm={() => void save()} onCancel={onClose}>
      <p className="muted">Now: {variant.basePrices.map((price) => formatMoney(price)).join(", ") || "none"}. A price in another currency is added.</p>
      <div className="post-fields">
        <label htmlFor="price-currency">Currency</label>
        <input id="price-currency" type="text" maxLength={3} value={currency} onChange={(event) => setCurrency(event.target.value)} aria-invalid={errors.byField.currency ? true : undefined} aria-describedby="price-currency-error" />
        <FieldErrors id="price-currency-error" messages={errors.byField.currency} />
        <label htmlFor="price-amount">Price</label>
        <input id="price-amount" type="text" inputMode="decimal" value={amount} onChange={(event) => setAmount(event.target.value)} aria-invalid={errors.byField.prices ? true : undefined} aria-describedby="price-amount-error" />
        <FieldErrors id="price-amount-error" messages={errors.byField.prices} />
      </div>
      <ErrorList messages={errors.general} />
      <ErrorNotice error={failure} />
    </ConfirmDialog>
  );
}

function StockDialog({ variant, onClose, onSaved }: { variant: Variant; onClose: () => void; onSaved: (message: string) => void }) {
  const { session } = useAdmin();
  const run = useAction();
  const warehouses = useLoad(() => session.client.request(WarehousesDocument, {}), []);
  const [warehouseId, setWarehouseId] = useState("");
  const [mode, setMode] = useState<StockMode>("by");
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState<StockAdjustReason>("ADJUSTMENT");
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<SplitErrors>(splitErrors([], []));
  const [failure, setFailure] = useState<unknown>(null);
  const fields = ["warehouseId", "onHandDelta", "onHand", "reason", "note"];
  const options = warehouses.data?.warehouses ?? [];
  const chosen = warehouseId || options[0]?.id || "";
  const amountField = mode === "by" ? "onHandDelta" : "onHand";

  const save = async () => {
    const parsed = parseStockChange(mode, amount);
    if (!parsed.ok) {
      setErrors(splitErrors([localError(parsed.field, parsed.message)], fields));
      return;
    }
    const input = { variantId: variant.id, warehouseId: chosen, reason, note: note.trim() === "" ? null : note, ...parsed.change };
    const result = await run(() => session.client.request(StockAdjustDocument, { input }));
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    setFailure(null);
    const payload = result.value.stockAdjust;
    setErrors(splitErrors(explainStockErrors(payload.errors), fields));
    if (payload.stockLevel && payload.errors.length === 0) {
      onSaved(`Stock of ${variant.sku}: ${payload.stockLevel.onHand} on hand, ${payload.stockLevel.available} available.`);
    }
  };

  return (
    <ConfirmDialog title={`Adjust stock of ${variant.sku}`} confirmLabel="Adjust stock" canConfirm={options.length > 0} onConfirm={() => void save()} onCancel={onClose}>
      <ErrorNotice error={warehouses.error} />
      {warehouses.data && options.length === 0 && <p>There is no warehouse yet: add one on the Warehouses screen.</p>}
      {options.length > 0 && (
        <div className="post-fields">
          <label htmlFor="stock-warehouse">Warehouse</label>
          <select id="stock-warehouse" value={chosen} onChange={(event) => setWarehouseId(event.target.value)} aria-invalid={errors.byField.warehouseId ? true : undefined} aria-describedby="stock-warehouse-error">
            {options.map((warehouse) => (
              <option key={warehouse.id} value={warehouse.id}>
                {warehouse.code} — {warehouse.name}
                {warehouse.isActive ? "" : " (inactive)"}
              </option>
            ))}
          </select>
          <FieldErrors id="stock-warehouse-error" messages={errors.byField.warehouseId} />
          <fieldset className="choices">
            <legend>Change</legend>
            <span className="field-check">
              <input id="stock-mode-by" type="radio" name="stock-mode" checked={mode === "by"} onChange={() => setMode("by")} />
              <label htmlFor="stock-mode-by">by a number of units (− takes away)</label>
            </span>
            <span className="field-check">
              <input id="stock-mode-to" type="radio" name="stock-mode" checked={mode === "to"} onChange={() => setMode("to")} />
              <label htmlFor="stock-mode-to">to a counted number</label>
            </span>
          </fieldset>
          <label htmlFor="stock-amount">{mode === "by" ? "Units to add or take" : "Units on hand"}</label>
          <input id="stock-amount" type="text" inputMode="numeric" value={amount} onChange={(event) => setAmount(event.target.value)} aria-invalid={errors.byField[amountField] ? true : undefined} aria-describedby="stock-amount-error" />
          <FieldErrors id="stock-amount-error" messages={errors.byField[amountField]} />
          <label htmlFor="stock-reason">Reason</label>
          <select id="stock-reason" value={reason} onChange={(event) => setReason(event.target.value as StockAdjustReason)}>
            {REASONS.map((value) => (
              <option key={value} value={value}>
                {value.toLowerCase()}
              </option>
            ))}
          </select>
          <label htmlFor="stock-note">Note</label>
          <input id="stock-note" type="text" value={note} onChange={(event) => setNote(event.target.value)} aria-invalid={errors.byField.note ? true : undefined} aria-describedby="stock-note-error" />
          <FieldErrors id="stock-note-error" messages={errors.byField.note} />
        </div>
      )}
      <ErrorList messages={errors.general} />
      <ErrorNotice error={failure} />
    </ConfirmDialog>
  );
}

/** Add a variant, with its option values and a price. */
export function NewVariant({ product, onCreated }: { product: Product; onCreated: (sku: string) => void }) {
  const { session } = useAdmin();
  const run = useAction();
  const [row, setRow] = useState<VariantRow>(EMPTY_VARIANT);
  const [currency, setCurrency] = useState(product.variants[0]?.basePrices[0]?.currency ?? "USD");
  const [errors, setErrors] = useState<SplitErrors>(splitErrors([], []));
  const [failure, setFailure] = useState<unknown>(null);
  const fields = ["sku", "title", "prices", "currency", "optionValues"];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const code = normalCurrency(currency);
    if (code === null) {
      setErrors(splitErrors([localError("currency", "a three-letter code like USD")], fields));
      return;
    }
    const parsed = parseAmount(row.price, code);
    if (!parsed.ok) {
      setErrors(splitErrors([localError("prices", parsed.message)], fields));
      return;
    }
    const optionValues = optionValuesOf(product.options, row);
    const input = { productId: product.id, sku: row.sku, title: row.title, optionValues, prices: [{ amount: parsed.minor, currency: code }] };
    const result = await run(() => session.client.request(ProductVariantCreateDocument, { input }));
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    setFailure(null);
    const payload = result.value.productVariantCreate;
    setErrors(splitErrors(payload.errors, fields));
    if (payload.variant && payload.errors.length === 0) {
      setRow(EMPTY_VARIANT);
      onCreated(payload.variant.sku);
    }
  };

  return (
    <form onSubmit={submit} className="card" aria-labelledby="variant-new-heading">
      <h2 id="variant-new-heading">Add a variant</h2>
      <label htmlFor="variant-new-sku">SKU</label>
      <input id="variant-new-sku" type="text" value={row.sku} onChange={(event) => setRow({ ...row, sku: event.target.value })} aria-invalid={errors.byField.sku ? true : undefined} aria-describedby="variant-new-sku-error" />
      <FieldErrors id="variant-new-sku-error" messages={errors.byField.sku} />
      <label htmlFor="variant-new-title">Title</label>
      <input id="variant-new-title" type="text" value={row.title} onChange={(event) => setRow({ ...row, title: event.target.value })} aria-invalid={errors.byField.title ? true : undefined} aria-describedby="variant-new-title-error" />
      <FieldErrors id="variant-new-title-error" messages={errors.byField.title} />
      <label htmlFor="variant-new-currency">Currency</label>
      <input id="variant-new-currency" type="text" maxLength={3} value={currency} onChange={(event) => setCurrency(event.target.value)} aria-invalid={errors.byField.currency ? true : undefined} aria-describedby="variant-new-currency-error" />
      <FieldErrors id="variant-new-currency-error" messages={errors.byField.currency} />
      <label htmlFor="variant-new-price">Price</label>
      <input id="variant-new-price" type="text" inputMode="decimal" value={row.price} onChange={(event) => setRow({ ...row, price: event.target.value })} aria-invalid={errors.byField.prices ? true : undefined} aria-describedby="variant-new-price-error" />
      <FieldErrors id="variant-new-price-error" messages={errors.byField.prices} />
      <OptionPickers
        id="variant-new"
        label="New variant"
        options={product.options}
        row={row}
        onChange={(choices) => setRow({ ...row, choices })}
        messages={errors.byField.optionValues}
      />
      <ErrorList messages={errors.general} />
      <ErrorNotice error={failure} />
      <button type="submit">Add variant</button>
    </form>
  );
}
