import { useState, type KeyboardEvent } from "react";
import { useAction, useAdmin, useLoad } from "../admin";
import { graphql } from "../gql";
import { flattenCategories } from "../lib/taxonomy";
import { ErrorNotice, FieldErrors } from "./Notice";

const TargetNamesDocument = graphql(`
  query DiscountTargetNames($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Product { id name }
      ... on ProductCategory { id name }
    }
  }
`);

const ProductCategoryTreeDocument = graphql(`
  query ProductCategoryTree {
    productCategories(first: 100) {
      edges { node { id name children { id name } } }
    }
  }
`);

const ProductSearchDocument = graphql(`
  query DiscountProductSearch($search: String!) {
    products(search: $search, first: 10) {
      edges { node { id name } }
    }
  }
`);

interface Option {
  id: string;
  label: string;
}

interface DiscountTargetsProps {
  id: string;
  target: "PRODUCTS" | "CATEGORIES";
  selected: readonly string[];
  onChange: (ids: string[]) => void;
  messages: readonly string[] | undefined;
}

/** The products or categories a discount applies to: checkboxes, and for products a search. */
export function DiscountTargets({ id, target, selected, onChange, messages }: DiscountTargetsProps) {
  const { session } = useAdmin();
  const [found, setFound] = useState<Option[]>([]);
  // The names of what was picked before: resolved once, when the picker opens.
  const picked = useLoad(async () => {
    if (selected.length === 0) {
      return [];
    }
    const { nodes } = await session.client.request(TargetNamesDocument, { ids: [...selected] });
    return nodes.flatMap((node) => (node && "name" in node ? [{ id: node.id, label: node.name }] : []));
  }, [target]);
  const tree = useLoad(async () => {
    if (target !== "CATEGORIES") {
      return [];
    }
    const { productCategories } = await session.client.request(ProductCategoryTreeDocument, {});
    return flattenCategories(productCategories.edges.map((edge) => edge.node)).map((c) => ({ id: c.id, label: c.trail }));
  }, [target]);

  const known = new Map<string, string>();
  for (const option of [...(picked.data ?? []), ...(tree.data ?? []), ...found]) {
    known.set(option.id, option.label);
  }
  const listed = target === "CATEGORIES" ? (tree.data ?? []).map((option) => option.id) : [];
  const ids = [...new Set([...selected, ...listed, ...found.map((option) => option.id)])];
  const toggle = (value: string, on: boolean) =>
    onChange(on ? [...selected, value] : selected.filter((item) => item !== value));
  const legend = target === "PRODUCTS" ? "Products it applies to" : "Categories it applies to";

  return (
    <>
      <fieldset className="choices" aria-describedby={`${id}-error`}>
        <legend>{legend}</legend>
        <ErrorNotice error={picked.error ?? tree.error} />
        {ids.length === 0 && (
          <span className="muted">{target === "PRODUCTS" ? "Find products below to add them." : "No product categories."}</span>
        )}
        {ids.map((value) => (
          <span className="field-check" key={value}>
            <input
              id={`${id}-${value}`}
              type="checkbox"
              checked={selected.includes(value)}
              onChange={(event) => toggle(value, event.target.checked)}
            />
            <label htmlFor={`${id}-${value}`}>{known.get(value) ?? value}</label>
          </span>
        ))}
      </fieldset>
      <FieldErrors id={`${id}-error`} messages={messages} />
      {target === "PRODUCTS" && <ProductSearch id={id} onFound={setFound} />}
    </>
  );
}

/** A search of the catalog (active products) whose hits join the checkboxes. */
function ProductSearch({ id, onFound }: { id: string; onFound: (options: Option[]) => void }) {
  const { session } = useAdmin();
  const run = useAction();
  const [typed, setTyped] = useState("");
  const [failure, setFailure] = useState<unknown>(null);
  const [searched, setSearched] = useState<string | null>(null);
  const search = async () => {
    const text = typed.trim();
    if (text === "") {
      return;
    }
    const result = await run(() => session.client.request(ProductSearchDocument, { search: text }));
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    const hits = result.value.products.edges.map(({ node }) => ({ id: node.id, label: node.name }));
    setFailure(null);
    setSearched(hits.length === 0 ? `No active product matches “${text}”.` : null);
    onFound(hits);
  };
  // Enter here searches instead of submitting the discount form around it.
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Enter") {
      event.preventDefault();
      void search();
    }
  };
  return (
    <div className="filters">
      <label htmlFor={`${id}-search`}>Find products</label>
      <input id={`${id}-search`} type="search" value={typed} onChange={(event) => setTyped(event.target.value)} onKeyDown={onKeyDown} />
      <button type="button" onClick={() => void search()}>
        Search products
      </button>
      {searched && <span className="muted" role="status">{searched}</span>}
      <ErrorNotice error={failure} />
    </div>
  );
}
