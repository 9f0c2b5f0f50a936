import { useState, type FormEvent } from "react";
import { useAction, useAdmin, useLoad } from "../admin";
import { splitErrors, type SplitErrors, type UserError } from "../api/errors";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { Link } from "../components/Link";
import { ErrorList, ErrorNotice, FieldErrors, InfoNotice } from "../components/Notice";
import { graphql } from "../gql";
import type { AdminProductQuery, ProductStatus } from "../gql/graphql";
import { OptionPickers } from "../components/OptionPickers";
import { EMPTY_VARIANT, localError, optionValuesOf, parseOptions, type VariantRow } from "../lib/commerce";
import { normalCurrency, parseAmount } from "../lib/money";
import { navigate } from "../lib/router";
import { NewVariant, Variants } from "./ProductVariants";
import { PRODUCT_STATUSES } from "./Products";

const AdminProductDocument = graphql(`
  query AdminProduct($id: ID!) {
    adminProduct(id: $id) {
      id name slug status
      options { name values }
      variants {
        id sku title trackInventory allowBackorder
        selectedOptions { name value }
        basePrices { amount currency }
      }
    }
  }
`);

const ProductCreateDocument = graphql(`
  mutation ProductCreate($input: ProductCreateInput!) {
    productCreate(input: $input) { product { id } errors { code field message } }
  }
`);

const ProductUpdateDocument = graphql(`
  mutation ProductUpdate($input: ProductUpdateInput!) {
    productUpdate(input: $input) { product { id } errors { code field message } }
  }
`);

const ProductDeleteDocument = graphql(`
  mutation ProductDelete($id: ID!) {
    productDelete(id: $id) { deletedId errors { code field message } }
  }
`);

type Product = NonNullable<AdminProductQuery["adminProduct"]>;

/** A new product (`id` null) with its variants and prices, or one product to edit. */
export function ProductScreen({ id }: { id: string | null }) {
  const { session, can } = useAdmin();
  const product = useLoad(
    () => (id === null ? Promise.resolve(null) : session.client.request(AdminProductDocument, { id }).then((data) => data.adminProduct)),
    [id],
  );
  const [message, setMessage] = useState<string | null>(null);
  if (product.error) {
    return (
      <>
        <h1>Product</h1>
        <ErrorNotice error={product.error} />
      </>
    );
  }
  if (product.data === undefined) {
    return <p className="loading">Loading…</p>;
  }
  const current = product.data;
  if (id !== null && current === null) {
    return (
      <>
        <h1>Product</h1>
        <p>There is no such product. <Link to="products">Back to the products</Link></p>
      </>
    );
  }
  return (
    <>
      <p>
        <Link to="products">All products</Link>
      </p>
      <h1>{current ? current.name : "Add a product"}</h1>
      {message && <InfoNotice>{message}</InfoNotice>}
      {current === null && can("commerce.manage_products") && <CreateForm />}
      {current && (
        <>
          <ProductFields product={current} onSaved={() => { setMessage("Product saved."); product.reload(); }} />
          <Variants product={current} onChanged={(text) => { setMessage(text); product.reload(); }} />
          {can("commerce.manage_products") && <NewVariant product={current} onCreated={(sku) => { setMessage(`Variant ${sku} added.`); product.reload(); }} />}
        </>
      )}
    </>
  );
}

function CreateForm() {
  const { session } = useAdmin();
  const run = useAction();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [status, setStatus] = useState<ProductStatus>("DRAFT");
  const [currency, setCurrency] = useState("USD");
  const [optionText, setOptionText] = useState("");
  const [rows, setRows] = useState<VariantRow[]>([EMPTY_VARIANT]);
  const options = parseOptions(optionText);
  const [errors, setErrors] = useState<SplitErrors>(splitErrors([], []));
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // Most specific first: `variants` takes what no row's field does.
  const rowFields = rows.flatMap((_, at) => ["sku", "title", "prices", "optionValues"].map((field) => `variants.${at}.${field}`));
  const fields = [...rowFields, "name", "slug", "status", "currency", "options", "variants"];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const code = normalCurrency(currency);
    const local: UserError[] = code === null ? [localError("currency", "a three-letter code like USD")] : [];
    const variants = rows.map((row, at) => {
      const parsed = code === null ? null : parseAmount(row.price, code);
      if (parsed && !parsed.ok) {
        local.push(localError(`variants.${at}.prices`, parsed.message));
      }
      const prices = parsed && parsed.ok && code ? [{ amount: parsed.minor, currency: code }] : [];
      return { sku: row.sku, title: row.title, prices, optionValues: optionValuesOf(options, row) };
    });
    if (local.length > 0) {
      setErrors(splitErrors(local, fields));
      return;
    }
    setBusy(true);
    const result = await run(() =>
      session.client.request(ProductCreateDocument, {
        input: { name, slug: slug.trim() === "" ? null : slug, status, options, variants },
      }),
    );
    setBusy(false);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    setFailure(null);
    const payload = result.value.productCreate;
    setErrors(splitErrors(payload.errors, fields));
    if (payload.product && payload.errors.length === 0) {
      navigate(`products/${encodeURIComponent(payload.product.id)}`);
    }
  };

  const setRow = (index: number, row: VariantRow) => setRows(rows.map((old, at) => (at === index ? row : old)));
  const invalid = (field: string) => (errors.byField[field] ? true : undefined);

  return (
    <form onSubmit={submit} className="card" aria-labelledby="product-new-heading">
      <h2 id="product-new-heading">New product</h2>
      <label htmlFor="product-name">Name</label>
      <input id="product-name" type="text" value={name} onChange={(event) => setName(event.target.value)} aria-invalid={invalid("name")} aria-describedby="product-name-error" />
      <FieldErrors id="product-name-error" messages={errors.byField.name} />
      <label htmlFor="product-slug">Slug</label>
      <input id="product-slug" type="text" value={slug} placeholder="made from the name when blank" onChange={(event) => setSlug(event.target.value)} aria-invalid={invalid("slug")} aria-describedby="product-slug-error" />
      <FieldErrors id="product-slug-error" messages={errors.byField.slug} />
      <label htmlFor="product-status">Status</label>
      <select id="product-status" value={status} onChange={(event) => setStatus(event.target.value as ProductStatus)}>
        {PRODUCT_STATUSES.map((value) => (
          <option key={value} value={value}>
            {value.toLowerCase()}
          </option>
        ))}
      </select>
      <label htmlFor="product-currency">Currency of the prices</label>
      <input id="product-currency" type="text" value={currency} maxLength={3} onChange={(event) => setCurrency(event.target.value)} aria-invalid={invalid("currency")} aria-describedby="product-currency-error" />
      <FieldErrors id="product-currency-error" messages={errors.byField.currency} />
      <label htmlFor="product-options">Options</label>
      <span className="muted" id="product-options-hint">
        One a line, like Size: S, M, L. Without options a product has exactly one variant.
      </span>
      <textarea
        id="product-options"
        rows={2}
        value={optionText}
        onChange={(event) => setOptionText(event.target.value)}
        aria-invalid={invalid("options")}
        aria-describedby="product-options-hint product-options-error"
      />
      <FieldErrors id="product-options-error" messages={errors.byField.options} />
      {rows.map((row, index) => (
        <fieldset key={index} className="post-fields" aria-label={`Variant ${index + 1}`}>
          <legend>Variant {index + 1}</legend>
          <label htmlFor={`variant-${index}-sku`}>Variant {index + 1} SKU</label>
          <input id={`variant-${index}-sku`} type="text" value={row.sku} onChange={(event) => setRow(index, { ...row, sku: event.target.value })} aria-invalid={invalid(`variants.${index}.sku`)} aria-describedby={`variant-${index}-sku-error`} />
          <FieldErrors id={`variant-${index}-sku-error`} messages={errors.byField[`variants.${index}.sku`]} />
          <label htmlFor={`variant-${index}-title`}>Variant {index + 1} title</label>
          <input id={`variant-${index}-title`} type="text" value={row.title} onChange={(event) => setRow(index, { ...row, title: event.target.value })} aria-invalid={invalid(`variants.${index}.title`)} aria-describedby={`variant-${index}-title-error`} />
          <FieldErrors id={`variant-${index}-title-error`} messages={errors.byField[`variants.${index}.title`]} />
          <label htmlFor={`variant-${index}-price`}>Variant {index + 1} price</label>
          <input id={`variant-${index}-price`} type="text" inputMode="decimal" placeholder="12.50" value={row.price} onChange={(event) => setRow(index, { ...row, price: event.target.value })} aria-invalid={invalid(`variants.${index}.prices`)} aria-describedby={`variant-${index}-price-error`} />
          <FieldErrors id={`variant-${index}-price-error`} messages={errors.byField[`variants.${index}.prices`]} />
          <OptionPickers
            id={`variant-${index}`}
            label={`Variant ${index + 1}`}
            options={options}
            row={row}
            onChange={(choices) => setRow(index, { ...row, choices })}
            messages={errors.byField[`variants.${index}.optionValues`]}
          />
          {rows.length > 1 && (
            <button type="button" onClick={() => setRows(rows.filter((_, at) => at !== index))}>
              Remove variant {index + 1}
            </button>
          )}
        </fieldset>
      ))}
      <button type="button" onClick={() => setRows([...rows, EMPTY_VARIANT])}>
        Add a variant
      </button>
      <FieldErrors id="product-variants-error" messages={errors.byField.variants} />
      <ErrorList messages={errors.general} />
      <ErrorNotice error={failure} />
      <button type="submit" className="primary" disabled={busy}>
        Create product
      </button>
    </form>
  );
}

function ProductFields({ product, onSaved }: { product: Product; onSaved: () => void }) {
  const { session, can } = useAdmin();
  const run = useAction();
  const [name, setName] = useState(product.name);
  const [slug, setSlug] = useState(product.slug);
  const [status, setStatus] = useState<ProductStatus>(product.status);
  const [errors, setErrors] = useState<SplitErrors>(splitErrors([], []));
  const [failure, setFailure] = useState<unknown>(null);
  const [deleting, setDeleting] = useState(false);
  const [busy, setBusy] = useState(false);
  const editable = can("commerce.manage_products");

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const result = await run(() => session.client.request(ProductUpdateDocument, { input: { id: product.id, name, slug, status } }));
    setBusy(false);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    setFailure(null);
    const payload = result.value.productUpdate;
    setErrors(splitErrors(payload.errors, ["name", "slug", "status"]));
    if (payload.errors.length === 0) {
      onSaved();
    }
  };

  const remove = async () => {
    setBusy(true);
    const result = await run(() => session.client.request(ProductDeleteDocument, { id: product.id }));
    setBusy(false);
    setDeleting(false);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    const payload = result.value.productDelete;
    setErrors(splitErrors(payload.errors, []));
    if (payload.deletedId) {
      navigate("products");
    }
  };

  return (
    <form onSubmit={submit} className="card" aria-labelledby="product-edit-heading">
      <h2 id="product-edit-heading">The product</h2>
      <fieldset className="post-fields" disabled={!editable}>
        <label htmlFor="product-edit-name">Name</label>
        <input id="product-edit-name" type="text" value={name} onChange={(event) => setName(event.target.value)} aria-invalid={errors.byField.name ? true : undefined} aria-describedby="product-edit-name-error" />
        <FieldErrors id="product-edit-name-error" messages={errors.byField.name} />
        <label htmlFor="product-edit-slug">Slug</label>
        <input id="product-edit-slug" type="text" value={slug} onChange={(event) => setSlug(event.target.value)} aria-invalid={errors.byField.slug ? true : undefined} aria-describedby="product-edit-slug-error" />
        <FieldErrors id="product-edit-slug-error" messages={errors.byField.slug} />
        <label htmlFor="product-edit-status">Status</label>
        <span className="muted">Draft → active → archived → draft.</span>
        <select id="product-edit-status" value={status} onChange={(event) => setStatus(event.target.value as ProductStatus)} aria-invalid={errors.byField.status ? true : undefined} aria-describedby="product-edit-status-error">
          {PRODUCT_STATUSES.map((value) => (
            <option key={value} value={value}>
              {value.toLowerCase()}
            </option>
          ))}
        </select>
        <FieldErrors id="product-edit-status-error" messages={errors.byField.status} />
      </fieldset>
      <ErrorList messages={errors.general} />
      <ErrorNotice error={failure} />
      {editable && (
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            Save product
          </button>
          <button type="button" className="danger" disabled={busy} onClick={() => setDeleting(true)}>
            Delete product
          </button>
        </div>
      )}
      {deleting && (
        <ConfirmDialog title={`Delete ${product.name}?`} confirmLabel="Delete product" busy={busy} onConfirm={() => void remove()} onCancel={() => setDeleting(false)}>
          <p>The product goes with its {product.variants.length === 1 ? "variant" : `${product.variants.length} variants`}, their prices and stock records. This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </form>
  );
}
