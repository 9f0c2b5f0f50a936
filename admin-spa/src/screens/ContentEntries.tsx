import { useState, type FormEvent } from "react";
import { useAdmin, useLoad } from "../admin";
import { Link } from "../components/Link";
import { ErrorNotice } from "../components/Notice";
import { Pager } from "../components/Pager";
import { graphql } from "../gql";
import { POST_STATUSES, statusLabel, statusTone, type PostStatus } from "../lib/blog";
import { counted } from "../lib/plural";
import { flattenCategories } from "../lib/taxonomy";
import { ContentCategoriesDocument } from "./ContentEntryForm";

const AdminContentEntriesDocument = graphql(`
  query AdminContentEntries($first: Int!, $after: String, $filter: AdminContentEntryFilter, $search: String, $locale: String) {
    adminContentEntries(first: $first, after: $after, filter: $filter, search: $search, locale: $locale) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node { id kind locale title slug status publishAt publishedAt updatedAt hasUnpublishedChanges translations { locale } }
      }
    }
  }
`);

const PAGE = 20;

/** Every entry's working copy in one locale (pages, posts, any kind), filtered by kind and state, searched. */
export function ContentEntries() {
  const { session, can } = useAdmin();
  const [after, setAfter] = useState<string | null>(null);
  const [status, setStatus] = useState<PostStatus | "">("");
  const [typed, setTyped] = useState({ kind: "", words: "", locale: "" });
  const [query, setQuery] = useState({ kind: "", words: "", locale: "" });
  const [categoryId, setCategoryId] = useState("");
  const categories = useLoad(() => session.client.request(ContentCategoriesDocument, {}), []);
  const list = useLoad(
    () =>
      session.client.request(AdminContentEntriesDocument, {
        first: PAGE,
        after,
        filter: {
          status: status === "" ? null : [status],
          kind: query.kind === "" ? null : query.kind,
          categoryId: categoryId === "" ? null : categoryId,
        },
        search: query.words === "" ? null : query.words,
        locale: query.locale === "" ? null : query.locale,
      }),
    [after, status, query, categoryId],
  );
  const options = flattenCategories(categories.data?.contentCategories.edges.map((edge) => edge.node) ?? []);
  const page = list.data?.adminContentEntries;

  const find = (event: FormEvent) => {
    event.preventDefault();
    setAfter(null);
    setQuery({ kind: typed.kind.trim(), words: typed.words.trim(), locale: typed.locale.trim() });
  };

  return (
    <>
      <h1>Content</h1>
      {can("content.edit_entries") && (
        <p>
          <Link to="content/new">Write an entry</Link>
        </p>
      )}
      <form className="filters" role="search" aria-label="Find entries" onSubmit={find}>
        <label htmlFor="entries-status">Status</label>
        <select
          id="entries-status"
          value={status}
          onChange={(event) => {
            setAfter(null);
            setStatus(event.target.value as PostStatus | "");
          }}
        >
          <option value="">Any</option>
          {POST_STATUSES.map((value) => (
            <option key={value} value={value}>
              {statusLabel(value)}
            </option>
          ))}
        </select>
        <label htmlFor="entries-category">Category</label>
        <select
          id="entries-category"
          value={categoryId}
          onChange={(event) => {
            setAfter(null);
            setCategoryId(event.target.value);
          }}
        >
          <option value="">Any</option>
          {options.map((category) => (
            <option key={category.id} value={category.id}>
              {category.trail}
            </option>
          ))}
        </select>
        <label htmlFor="entries-kind">Kind</label>
        <input id="entries-kind" type="text" placeholder="page, post…" value={typed.kind} onChange={(event) => setTyped({ ...typed, kind: event.target.value })} />
        <label htmlFor="entries-locale">Locale</label>
        <input id="entries-locale" type="text" size={6} placeholder="the site's" value={typed.locale} onChange={(event) => setTyped({ ...typed, locale: event.target.value })} />
        <label htmlFor="entries-search">Words</label>
        <input id="entries-search" type="search" value={typed.words} onChange={(event) => setTyped({ ...typed, words: event.target.value })} />
        <button type="submit">Search</button>
        <button type="button" onClick={list.reload} disabled={list.loading}>
          Refresh
        </button>
      </form>
      <p className="muted">The list is content's index: a change shows here once it is indexed, usually within a second.</p>
      <ErrorNotice error={list.error ?? categories.error} />
      {page && page.totalCount === 0 && <p>No entries match.</p>}
      {page && page.totalCount > 0 && (
        <>
          <p>{counted(page.totalCount, "entry", "entries")}</p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Locales</th>
                  <th scope="col">Status</th>
                  <th scope="col">Last saved</th>
                </tr>
              </thead>
              <tbody>
                {page.edges.map(({ node: entry }) => (
                  <tr key={entry.id} data-entry={entry.slug}>
                    <th scope="row">
                      <Link to={`content/${encodeURIComponent(entry.id)}/${encodeURIComponent(entry.locale)}`}>{entry.title || "(untitled)"}</Link>
                      <div className="muted">{entry.slug}</div>
                    </th>
                    <td>{entry.kind}</td>
                    <td data-testid="entry-locales">{[...entry.translations].sort((a, b) => a.locale.localeCompare(b.locale)).map((translation) => (translation.locale === entry.locale ? `${translation.locale} (listed)` : translation.locale)).join(", ")}</td>
                    <td>
                      <span className={`badge health-${statusTone(entry.status)}`}>{statusLabel(entry.status)}</span>
                      {entry.hasUnpublishedChanges && entry.status === "PUBLISHED" && <div className="muted">with unpublished changes</div>}
                      {entry.status === "SCHEDULED" && entry.publishAt && <div className="muted">at {new Date(entry.publishAt).toLocaleString()}</div>}
                    </td>
                    <td>{new Date(entry.updatedAt).toLocaleString()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager after={after} pageInfo={page.pageInfo} onPage={setAfter} />
        </>
      )}
    </>
  );
}
