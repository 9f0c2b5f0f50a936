import { useState, type FormEvent } from "react";
import { useAction, useAdmin, useLoad } from "../admin";
import { splitErrors, type SplitErrors } from "../api/errors";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { ErrorList, ErrorNotice, FieldErrors, InfoNotice } from "../components/Notice";
import { Pager } from "../components/Pager";
import { graphql } from "../gql";
import { counted } from "../lib/plural";
import { flattenCategories } from "../lib/taxonomy";

const TaxonomyDocument = graphql(`
  query Taxonomy($tagsAfter: String, $search: String) {
    contentCategories(first: 50) {
      edges { node { id slug name entryCount children { id slug name entryCount } } }
    }
    contentTags(first: 20, after: $tagsAfter, search: $search) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id slug name entryCount } }
    }
  }
`);

const ContentSettingsDocument = graphql(`
  query ContentSettings {
    moduleSettings(module: "content")
  }
`);

const ContentCategoryCreateDocument = graphql(`
  mutation ContentCategoryCreate($input: ContentCategoryCreateInput!) {
    contentCategoryCreate(input: $input) { category { id path } errors { code field message } }
  }
`);

const ContentCategoryDeleteDocument = graphql(`
  mutation ContentCategoryDelete($id: ID!) {
    contentCategoryDelete(id: $id) { deletedId errors { code field message } }
  }
`);

const ContentTagCreateDocument = graphql(`
  mutation ContentTagCreate($input: ContentTagCreateInput!) {
    contentTagCreate(input: $input) { tag { id slug } errors { code field message } }
  }
`);

const ContentTagDeleteDocument = graphql(`
  mutation ContentTagDelete($id: ID!) {
    contentTagDelete(id: $id) { deletedId errors { code field message } }
  }
`);

type Doomed = { kind: "category" | "tag"; id: string; label: string; entries: number };

/** The site's default locale from content's settings, when the user may read them. */
function defaultLocaleOf(settings: unknown): string {
  if (typeof settings === "object" && settings !== null && "default_locale" in settings) {
    const value = (settings as { default_locale: unknown }).default_locale;
    return typeof value === "string" ? value : "";
  }
  return "";
}

/** Categories (two levels: the API costs a deeper tree dearly) and tags: add, delete after confirming. */
export function Taxonomy() {
  const { session, can } = useAdmin();
  const run = useAction();
  const [tagsAfter, setTagsAfter] = useState<string | null>(null);
  const [typed, setTyped] = useState("");
  const [search, setSearch] = useState("");
  const data = useLoad(() => session.client.request(TaxonomyDocument, { tagsAfter, search: search === "" ? null : search }), [tagsAfter, search]);
  const readsSettings = can("core.view_modules");
  const settings = useLoad(() => (readsSettings ? session.client.request(ContentSettingsDocument, {}) : Promise.resolve(null)), [readsSettings]);
  const [doomed, setDoomed] = useState<Doomed | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const manage = can("content.manage_taxonomy");
  const categories = flattenCategories(data.data?.contentCategories.edges.map((edge) => edge.node) ?? []);
  const tags = data.data?.contentTags;
  const locale = settings.data ? defaultLocaleOf(settings.data.moduleSettings) : "";

  const remove = async (target: Doomed) => {
    const result = await run(async () =>
      target.kind === "category"
        ? (await session.client.request(ContentCategoryDeleteDocument, { id: target.id })).contentCategoryDelete
        : (await session.client.request(ContentTagDeleteDocument, { id: target.id })).contentTagDelete,
    );
    setDoomed(null);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    setFailure(null);
    setErrors(splitErrors(result.value.errors, []).general);
    if (result.value.deletedId) {
      setMessage(`${target.kind === "category" ? "Category" : "Tag"} ${target.label} deleted.`);
      data.reload();
    }
  };

  const created = (text: string) => {
    setMessage(text);
    data.reload();
  };

  return (
    <>
      <h1>Taxonomy</h1>
      <p className="muted">Categories and tags that content entries and blog posts are filed under.</p>
      {message && <InfoNotice>{message}</InfoNotice>}
      <ErrorList messages={errors} />
      <ErrorNotice error={failure ?? data.error} />
      <section className="card" aria-labelledby="categories-heading">
        <h2 id="categories-heading">Categories</h2>
        {data.data && categories.length === 0 && <p>No categories yet.</p>}
        {categories.length > 0 && (
          <ul className="plain">
            {categories.map((category) => (
              <li key={category.id} data-category={category.slug} className={`depth-${Math.min(category.depth, 2)}`}>
                {category.trail} <span className="muted">({category.slug}, {counted(category.entryCount ?? 0, "published entry", "published entries")})</span>{" "}
                {manage && (
                  <button type="button" className="danger" onClick={() => setDoomed({ kind: "category", id: category.id, label: category.trail, entries: category.entryCount ?? 0 })}>
                    Delete category {category.trail}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
        {manage && <TermForm kind="category" locale={locale} parents={categories.filter((category) => category.depth === 0)} onCreated={created} />}
      </section>
      <section className="card" aria-labelledby="tags-heading">
        <h2 id="tags-heading">Tags</h2>
        <form
          className="filters"
          role="search"
          aria-label="Find tags"
          onSubmit={(event) => {
            event.preventDefault();
            setTagsAfter(null);
            setSearch(typed.trim());
          }}
        >
          <label htmlFor="tags-search">Tag slug contains</label>
          <input id="tags-search" type="search" value={typed} onChange={(event) => setTyped(event.target.value)} />
          <button type="submit">Find tags</button>
        </form>
        {tags && tags.totalCount === 0 && <p>No tags.</p>}
        {tags && tags.totalCount > 0 && (
          <>
            <p>{counted(tags.totalCount, "tag", "tags")}</p>
            <ul className="plain">
              {tags.edges.map(({ node: tag }) => (
                <li key={tag.id} data-tag={tag.slug}>
                  {tag.name} <span className="muted">({tag.slug}, {counted(tag.entryCount, "published entry", "published entries")})</span>{" "}
                  {manage && (
                    <button type="button" className="danger" onClick={() => setDoomed({ kind: "tag", id: tag.id, label: tag.slug, entries: tag.entryCount })}>
                      Delete tag {tag.slug}
                    </button>
                  )}
                </li>
              ))}
            </ul>
            <Pager after={tagsAfter} pageInfo={tags.pageInfo} onPage={setTagsAfter} />
          </>
        )}
        {manage && <TermForm kind="tag" locale={locale} parents={[]} onCreated={created} />}
      </section>
      {doomed && (
        <ConfirmDialog title={`Delete ${doomed.kind} ${doomed.label}?`} confirmLabel={`Delete ${doomed.kind}`} onConfirm={() => void remove(doomed)} onCancel={() => setDoomed(null)}>
          <p>
            {counted(doomed.entries, "published entry is", "published entries are")} filed under it; they stay, without it.
            {doomed.kind === "category" && " A category with subcategories is refused."}
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}

interface TermFormProps {
  kind: "category" | "tag";
  locale: string;
  parents: readonly { id: string; trail: string }[];
  onCreated: (message: string) => void;
}

function TermForm({ kind, locale: siteLocale, parents, onCreated }: TermFormProps) {
  const { session } = useAdmin();
  const run = useAction();
  const id = `${kind}-new`;
  const [name, setName] = useState("");
  const [locale, setLocale] = useState<string | null>(null);
  const [slug, setSlug] = useState("");
  const [parentId, setParentId] = useState("");
  const [errors, setErrors] = useState<SplitErrors>(splitErrors([], []));
  const [failure, setFailure] = useState<unknown>(null);
  const shownLocale = locale ?? siteLocale;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const base = { names: [{ locale: shownLocale, value: name }], slug: slug.trim() === "" ? null : slug };
    const result = await run(async () =>
      kind === "category"
        ? (await session.client.request(ContentCategoryCreateDocument, { input: { ...base, parentId: parentId === "" ? null : parentId } })).contentCategoryCreate
        : (await session.client.request(ContentTagCreateDocument, { input: base })).contentTagCreate,
    );
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    setFailure(null);
    setErrors(splitErrors(result.value.errors, ["names", "slug", "parentId"]));
    if (result.value.errors.length === 0) {
      setName("");
      setSlug("");
      onCreated(`${kind === "category" ? "Category" : "Tag"} ${name} added.`);
    }
  };

  return (
    <form onSubmit={submit} className="inline-form" aria-label={`Add a ${kind}`}>
      <span>
        <label htmlFor={`${id}-name`}>New {kind} name</label>{" "}
        <input id={`${id}-name`} type="text" value={name} onChange={(event) => setName(event.target.value)} aria-invalid={errors.byField.names ? true : undefined} aria-describedby={`${id}-name-error`} />
      </span>
      <span>
        <label htmlFor={`${id}-locale`}>in locale</label>{" "}
        <input id={`${id}-locale`} type="text" size={6} value={shownLocale} placeholder="en" onChange={(event) => setLocale(event.target.value)} />
      </span>
      <span>
        <label htmlFor={`${id}-slug`}>{kind === "category" ? "Category" : "Tag"} slug</label>{" "}
        <input id={`${id}-slug`} type="text" value={slug} placeholder="from the name" onChange={(event) => setSlug(event.target.value)} aria-invalid={errors.byField.slug ? true : undefined} aria-describedby={`${id}-slug-error`} />
      </span>
      {kind === "category" && (
        <span>
          <label htmlFor={`${id}-parent`}>under</label>{" "}
          <select id={`${id}-parent`} value={parentId} onChange={(event) => setParentId(event.target.value)} aria-describedby={`${id}-parent-error`}>
            <option value="">(the top)</option>
            {parents.map((parent) => (
              <option key={parent.id} value={parent.id}>
                {parent.trail}
              </option>
            ))}
          </select>
        </span>
      )}
      <button type="submit">Add {kind}</button>
      <FieldErrors id={`${id}-name-error`} messages={errors.byField.names} />
      <FieldErrors id={`${id}-slug-error`} messages={errors.byField.slug} />
      <FieldErrors id={`${id}-parent-error`} messages={errors.byField.parentId} />
      <ErrorList messages={errors.general} />
      <ErrorNotice error={failure} />
    </form>
  );
}
