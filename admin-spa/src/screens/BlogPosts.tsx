import { useState, type FormEvent } from "react";
import { useAdmin, useLoad } from "../admin";
import { Link } from "../components/Link";
import { ErrorNotice } from "../components/Notice";
import { Pager } from "../components/Pager";
import { graphql } from "../gql";
import type { AdminBlogPostsQuery } from "../gql/graphql";
import { POST_STATUSES, statusLabel, statusTone, type PostStatus } from "../lib/blog";
import { counted } from "../lib/plural";
import { flattenCategories } from "../lib/taxonomy";
import { BlogPickersDocument } from "./BlogPost";

const AdminBlogPostsDocument = graphql(`
  query AdminBlogPosts($first: Int!, $after: String, $filter: AdminBlogPostFilter, $search: String) {
    adminBlogPosts(first: $first, after: $after, filter: $filter, search: $search) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id title slug status publishedAt publishAt pendingCommentCount
          authors { id displayName }
          categories { id name }
          tags { id slug }
        }
      }
    }
  }
`);

const PAGE = 20;

type Post = AdminBlogPostsQuery["adminBlogPosts"]["edges"][number]["node"];

/** Every post's working copy, filtered by state and searched, with a link to write a new one. */
export function BlogPosts() {
  const { session, can } = useAdmin();
  const [after, setAfter] = useState<string | null>(null);
  const [status, setStatus] = useState<PostStatus | "">("");
  const [typed, setTyped] = useState("");
  const [search, setSearch] = useState("");
  const [authorId, setAuthorId] = useState("");
  const [categoryId, setCategoryId] = useState("");
  const pickers = useLoad(() => session.client.request(BlogPickersDocument, {}), []);
  const list = useLoad(
    () =>
      session.client.request(AdminBlogPostsDocument, {
        first: PAGE,
        after,
        filter: {
          status: status === "" ? null : [status],
          authorId: authorId === "" ? null : authorId,
          categoryId: categoryId === "" ? null : categoryId,
        },
        search: search === "" ? null : search,
      }),
    [after, status, search, authorId, categoryId],
  );
  const authors = pickers.data?.blogAuthors.edges.map((edge) => edge.node) ?? [];
  const categories = flattenCategories(pickers.data?.contentCategories.edges.map((edge) => edge.node) ?? []);
  const page = list.data?.adminBlogPosts;

  const find = (event: FormEvent) => {
    event.preventDefault();
    setAfter(null);
    setSearch(typed.trim());
  };

  return (
    <>
      <h1>Blog posts</h1>
      {can("blog.edit_posts") && (
        <p>
          <Link to="blog/new">Write a post</Link>
        </p>
      )}
      <form className="filters" role="search" aria-label="Find posts" onSubmit={find}>
        <label htmlFor="posts-status">Status</label>
        <select
          id="posts-status"
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
        <label htmlFor="posts-author">Author</label>
        <select
          id="posts-author"
          value={authorId}
          onChange={(event) => {
            setAfter(null);
            setAuthorId(event.target.value);
          }}
        >
          <option value="">Any</option>
          {authors.map((author) => (
            <option key={author.id} value={author.id}>
              {author.displayName}
            </option>
          ))}
        </select>
        <label htmlFor="posts-category">Category</label>
        <select
          id="posts-category"
          value={categoryId}
          onChange={(event) => {
            setAfter(null);
            setCategoryId(event.target.value);
          }}
        >
          <option value="">Any</option>
          {categories.map((category) => (
            <option key={category.id} value={category.id}>
              {category.trail}
            </option>
          ))}
        </select>
        <label htmlFor="posts-search">Words</label>
        <input id="posts-search" type="search" value={typed} onChange={(event) => setTyped(event.target.value)} />
        <button type="submit">Search</button>
        <button type="button" onClick={list.reload} disabled={list.loading}>
          Refresh
        </button>
      </form>
      <p className="muted">
        The list is the blog's index: a change shows here once it is indexed, usually within a second.
      </p>
      <ErrorNotice error={list.error ?? pickers.error} />
      {page && page.totalCount === 0 && <p>No posts match.</p>}
      {page && page.totalCount > 0 && (
        <>
          <p>{counted(page.totalCount, "post", "posts")}</p>
          <PostTable posts={page.edges.map((edge) => edge.node)} />
          <Pager after={after} pageInfo={page.pageInfo} onPage={setAfter} />
        </>
      )}
    </>
  );
}

function PostTable({ posts }: { posts: readonly Post[] }) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Title</th>
            <th scope="col">Status</th>
            <th scope="col">Authors</th>
            <th scope="col">Categories and tags</th>
            <th scope="col">Comments waiting</th>
          </tr>
        </thead>
        <tbody>
          {posts.map((post) => (
            <tr key={post.id} data-post={post.slug}>
              <th scope="row">
                <Link to={`blog/${encodeURIComponent(post.id)}`}>{post.title || "(untitled)"}</Link>
                <div className="muted">{post.slug}</div>
              </th>
              <td>
                <span className={`badge health-${statusTone(post.status)}`}>{statusLabel(post.status)}</span>
                {post.status === "SCHEDULED" && post.publishAt && (
                  <div className="muted">at {new Date(post.publishAt).toLocaleString()}</div>
                )}
                {post.status === "PUBLISHED" && post.publishedAt && (
                  <div className="muted">{new Date(post.publishedAt).toLocaleString()}</div>
                )}
              </td>
              <td>{post.authors.map((author) => author.displayName).join(", ")}</td>
              <td>
                {[...post.categories.map((category) => category.name), ...post.tags.map((tag) => `#${tag.slug}`)].join(", ")}
              </td>
              <td>{post.pendingCommentCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
