import { useState } from "react";
import { useAdmin, useLoad } from "../admin";
import { Link } from "../components/Link";
import { ErrorNotice } from "../components/Notice";
import { Pager } from "../components/Pager";
import { graphql } from "../gql";
import type { ProductStatus } from "../gql/graphql";
import { formatMoney } from "../lib/money";
import { counted } from "../lib/plural";

const AdminProductsDocument = graphql(`
  query AdminProducts($first: Int!, $after: String, $filter: ProductFilter) {
    adminProducts(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id name slug status isInStock
          variants { id }
          priceRange { min { amount currency } max { amount currency } }
        }
      }
    }
  }
`);

const CatalogProductsDocument = graphql(`
  query CatalogProducts($first: Int!, $after: String, $search: String) {
    products(first: $first, after: $after, search: $search) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id name slug status isInStock
          variants { id }
          priceRange { min { amount currency } max { amount currency } }
        }
      }
    }
  }
`);

const PAGE = 20;

/** `source`: every product, read from the source tables; `catalog`: what the storefront lists. */
type Listing = "source" | "catalog";
export const PRODUCT_STATUSES: readonly ProductStatus[] = ["DRAFT", "ACTIVE", "ARCHIVED"];

/** Products in every status, newest first, filtered by status. */
export function Products() {
  const { session, can } = useAdmin();
  const [after, setAfter] = useState<string | null>(null);
  const [status, setStatus] = useState<ProductStatus | "">("");
  const [listing, setListing] = useState<Listing>("source");
  const [typed, setTyped] = useState("");
  const [search, setSearch] = useState("");
  const list = useLoad(async () => {
    if (listing === "catalog") {
      const variables = { first: PAGE, after, search: search === "" ? null : search };
      return (await session.client.request(CatalogProductsDocument, variables)).products;
    }
    const filter = status === "" ? null : { status: [status] };
    return (await session.client.request(AdminProductsDocument, { first: PAGE, after, filter })).adminProducts;
  }, [after, status, listing, search]);
  const page = list.data;
  return (
    <>
      <h1>Products</h1>
      {can("commerce.manage_products") && (
        <p>
          <Link to="products/new">Add a product</Link>
        </p>
      )}
      <form
        className="filters"
        role="search"
        aria-label="Find products"
        onSubmit={(event) => {
          event.preventDefault();
          setAfter(null);
          setSearch(typed.trim());
        }}
      >
        <label htmlFor="products-listing">List</label>
        <select
          id="products-listing"
          value={listing}
          onChange={(event) => {
            setAfter(null);
            setListing(event.target.value as Listing);
          }}
        >
          <option value="source">every product</option>
          <option value="catalog">the catalog (what can be bought)</option>
        </select>
        {listing === "source" && (
          <>
            <label htmlFor="products-status">Status</label>
            <select
              id="products-status"
              value={status}
              onChange={(event) => {
                setAfter(null);
                setStatus(event.target.value as ProductStatus | "");
              }}
            >
              <option value="">Any</option>
              {PRODUCT_STATUSES.map((value) => (
                <option key={value} value={value}>
                  {value.toLowerCase()}
                </option>
              ))}
            </select>
          </>
        )}
        {listing === "catalog" && (
          <>
            <label htmlFor="products-search">Words</label>
            <input id="products-search" type="search" value={typed} onChange={(event) => setTyped(event.target.value)} />
            <button type="submit">Search</button>
            <button type="button" onClick={list.reload} disabled={list.loading}>
              Refresh
            </button>
          </>
        )}
      </form>
      {listing === "catalog" && (
        <p className="muted">The catalog is the storefront's index of active products: a change shows here once it is indexed.</p>
      )}
      <ErrorNotice error={list.error} />
      {page && page.totalCount === 0 && <p>No products match.</p>}
      {page && page.totalCount > 0 && (
        <>
          <p>{counted(page.totalCount, "product", "products")}</p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Status</th>
                  <th scope="col">Variants</th>
                  <th scope="col">Price</th>
                  <th scope="col">Can be bought</th>
                </tr>
              </thead>
              <tbody>
                {page.edges.map(({ node: product }) => {
                  const range = product.priceRange;
                  const low = range ? formatMoney(range.min) : "no price";
                  const high = range ? formatMoney(range.max) : low;
                  return (
                    <tr key={product.id} data-product={product.slug}>
                      <th scope="row">
                        <Link to={`products/${encodeURIComponent(product.id)}`}>{product.name}</Link>
                        <div className="muted">{product.slug}</div>
                      </th>
                      <td>{product.status.toLowerCase()}</td>
                      <td>{product.variants.length}</td>
                      <td>{low === high ? low : `${low} – ${high}`}</td>
                      <td>{product.isInStock ? "in stock" : "out of stock"}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <Pager after={after} pageInfo={page.pageInfo} onPage={setAfter} />
        </>
      )}
    </>
  );
}
