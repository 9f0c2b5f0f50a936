import { useState, type FormEvent } from "react";
import { useAction, useAdmin } from "../admin";
import { splitErrors, type SplitErrors, type UserError } from "../api/errors";
import { ErrorList, ErrorNotice, FieldErrors, InfoNotice } from "../components/Notice";
import { graphql } from "../gql";
import type { AdminBlogPostQuery, BlogPickersQuery } from "../gql/graphql";
import { parseTagNames } from "../lib/blog";
import { flattenCategories } from "../lib/taxonomy";

const BlogPostCreateDocument = graphql(`
  mutation BlogPostCreate($input: BlogPostCreateInput!) {
    blogPostCreate(input: $input) { post { id } errors { code field message } }
  }
`);

const BlogPostUpdateDocument = graphql(`
  mutation BlogPostUpdate($input: BlogPostUpdateInput!) {
    blogPostUpdate(input: $input) { post { id } errors { code field message } }
  }
`);

const BlogAuthorCreateDocument = graphql(`
  mutation BlogAuthorCreate($input: BlogAuthorCreateInput!) {
    blogAuthorCreate(input: $input) { author { id displayName } errors { code field message } }
  }
`);

const FIELDS = ["title", "slug", "excerpt", "bodyMarkdown", "body", "authorIds", "categoryIds", "tagIds", "tagNames", "isFeatured", "commentsEnabled"];


type Post = NonNullable<AdminBlogPostQuery["adminBlogPost"]>;
type Pickers = BlogPickersQuery;

interface PostFormProps {
  post: Post | null;
  pickers: Pickers | undefined;
  onSaved: (id: string) => void;
}

/** A post's draft fields: create one, or save a new draft of one. */
export function PostForm({ post, pickers, onSaved }: PostFormProps) {
  const { session, can } = useAdmin();
  const run = useAction();
  const prefix = post ? "post-edit" : "post-new";
  const [title, setTitle] = useState(post?.title ?? "");
  const [slug, setSlug] = useState(post?.slug ?? "");
  const [excerpt, setExcerpt] = useState(post?.excerpt ?? "");
  const [replaceBody, setReplaceBody] = useState(post === null);
  const [body, setBody] = useState("");
  const [authorIds, setAuthorIds] = useState<string[]>(post?.authors.map((author) => author.id) ?? []);
  const [categoryIds, setCategoryIds] = useState<string[]>(post?.categories.map((category) => category.id) ?? []);
  const [tagIds, setTagIds] = useState<string[]>(post?.tags.map((tag) => tag.id) ?? []);
  const [newTags, setNewTags] = useState("");
  const [isFeatured, setIsFeatured] = useState(post?.isFeatured ?? false);
  const [commentsEnabled, setCommentsEnabled] = useState(post?.commentsEnabled ?? true);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<SplitErrors>(splitErrors([], []));
  const [failure, setFailure] = useState<unknown>(null);
  const editable = can("blog.edit_posts");

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const fields = {
      title,
      slug: slug.trim() === "" ? null : slug,
      // The API answers the body's first words when no excerpt was written: send it only when typed.
      excerpt: excerpt === (post?.excerpt ?? "") ? null : excerpt,
      bodyMarkdown: replaceBody ? body : null,
      authorIds,
      categoryIds,
      tagIds,
      tagNames: parseTagNames(newTags),
      isFeatured,
      commentsEnabled,
    };
    const result = await run(async () => {
      if (post === null) {
        const data = await session.client.request(BlogPostCreateDocument, { input: fields });
        return data.blogPostCreate;
      }
      const data = await session.client.request(BlogPostUpdateDocument, { input: { ...fields, id: post.id } });
      return data.blogPostUpdate;
    });
    setBusy(false);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    setFailure(null);
    const payload: { post?: { id: string } | null; errors: readonly UserError[] } = result.value;
    setErrors(splitErrors(payload.errors, FIELDS));
    if (payload.post && payload.errors.length === 0) {
      setNewTags("");
      onSaved(payload.post.id);
    }
  };

  const described = (field: string) => ({
    "aria-invalid": errors.byField[field] ? true : undefined,
    "aria-describedby": `${prefix}-${field}-error`,
  });
  const bodyErrors = [...(errors.byField.bodyMarkdown ?? []), ...(errors.byField.body ?? [])];
  const toggle = (list: string[], value: string, on: boolean) => (on ? [...list, value] : list.filter((item) => item !== value));
  const authors = pickers?.blogAuthors.edges.map((edge) => edge.node) ?? [];
  const categories = flattenCategories(pickers?.contentCategories.edges.map((edge) => edge.node) ?? []);

  return (
    <form onSubmit={submit} className="card" aria-labelledby={`${prefix}-title-heading`}>
      <h2 id={`${prefix}-title-heading`}>{post ? "Edit the draft" : "New post"}</h2>
      <fieldset disabled={!editable} className="post-fields">
        <label htmlFor={`${prefix}-title`}>Title</label>
        <input id={`${prefix}-title`} type="text" value={title} onChange={(event) => setTitle(event.target.value)} {...described("title")} />
        <FieldErrors id={`${prefix}-title-error`} messages={errors.byField.title} />
        <label htmlFor={`${prefix}-slug`}>Slug</label>
        <span className="muted" id={`${prefix}-slug-hint`}>
          Lowercase words joined by hyphens; left blank on a new post, it is made from the title.
        </span>
        <input
          id={`${prefix}-slug`}
          type="text"
          value={slug}
          onChange={(event) => setSlug(event.target.value)}
          aria-invalid={errors.byField.slug ? true : undefined}
          aria-describedby={`${prefix}-slug-hint ${prefix}-slug-error`}
        />
        <FieldErrors id={`${prefix}-slug-error`} messages={errors.byField.slug} />
        <label htmlFor={`${prefix}-excerpt`}>Excerpt</label>
        <span className="muted">Without one, the body's first words are shown (and listed here).</span>
        <textarea id={`${prefix}-excerpt`} rows={2} value={excerpt} onChange={(event) => setExcerpt(event.target.value)} {...described("excerpt")} />
        <FieldErrors id={`${prefix}-excerpt-error`} messages={errors.byField.excerpt} />
        {post && (
          <div className="field-check">
            <input id={`${prefix}-replace-body`} type="checkbox" checked={replaceBody} onChange={(event) => setReplaceBody(event.target.checked)} />
            <label htmlFor={`${prefix}-replace-body`}>Replace the body (the API does not give the stored body back as Markdown)</label>
          </div>
        )}
        {replaceBody && (
          <>
            <label htmlFor={`${prefix}-body`}>Body (Markdown)</label>
            <textarea
              id={`${prefix}-body`}
              rows={10}
              value={body}
              onChange={(event) => setBody(event.target.value)}
              aria-invalid={bodyErrors.length > 0 ? true : undefined}
              aria-describedby={`${prefix}-body-error`}
            />
            <FieldErrors id={`${prefix}-body-error`} messages={bodyErrors} />
          </>
        )}
        <fieldset className="choices" aria-describedby={`${prefix}-authorIds-error`}>
          <legend>Authors</legend>
          {authors.length === 0 && <span className="muted">No author profiles yet: add one below.</span>}
          {authors.map((author) => (
            <span className="field-check" key={author.id}>
              <input
                id={`${prefix}-author-${author.slug}`}
                type="checkbox"
                checked={authorIds.includes(author.id)}
                onChange={(event) => setAuthorIds(toggle(authorIds, author.id, event.target.checked))}
              />
              <label htmlFor={`${prefix}-author-${author.slug}`}>{author.displayName}</label>
            </span>
          ))}
        </fieldset>
        <FieldErrors id={`${prefix}-authorIds-error`} messages={errors.byField.authorIds} />
        <fieldset className="choices" aria-describedby={`${prefix}-categoryIds-error`}>
          <legend>Categories</legend>
          {categories.length === 0 && <span className="muted">No categories.</span>}
          {categories.map((category) => (
            <span className="field-check" key={category.id}>
              <input
                id={`${prefix}-category-${category.id}`}
                type="checkbox"
                checked={categoryIds.includes(category.id)}
                onChange={(event) => setCategoryIds(toggle(categoryIds, category.id, event.target.checked))}
              />
              <label htmlFor={`${prefix}-category-${category.id}`}>{category.trail}</label>
            </span>
          ))}
        </fieldset>
        <FieldErrors id={`${prefix}-categoryIds-error`} messages={errors.byField.categoryIds} />
        {post && post.tags.length > 0 && (
          <fieldset className="choices">
            <legend>Tags kept</legend>
            {post.tags.map((tag) => (
              <span className="field-check" key={tag.id}>
                <input
                  id={`${prefix}-tag-${tag.slug}`}
                  type="checkbox"
                  checked={tagIds.includes(tag.id)}
                  onChange={(event) => setTagIds(toggle(tagIds, tag.id, event.target.checked))}
                />
                <label htmlFor={`${prefix}-tag-${tag.slug}`}>{tag.slug}</label>
              </span>
            ))}
          </fieldset>
        )}
        <label htmlFor={`${prefix}-tags`}>Add tags</label>
        <span className="muted" id={`${prefix}-tags-hint`}>
          Names separated by commas; new tags are created.
        </span>
        <input
          id={`${prefix}-tags`}
          type="text"
          value={newTags}
          onChange={(event) => setNewTags(event.target.value)}
          aria-invalid={errors.byField.tagNames ? true : undefined}
          aria-describedby={`${prefix}-tags-hint ${prefix}-tagNames-error`}
        />
        <FieldErrors id={`${prefix}-tagNames-error`} messages={[...(errors.byField.tagNames ?? []), ...(errors.byField.tagIds ?? [])]} />
        <div className="field-check">
          <input id={`${prefix}-featured`} type="checkbox" checked={isFeatured} onChange={(event) => setIsFeatured(event.target.checked)} />
          <label htmlFor={`${prefix}-featured`}>Featured</label>
        </div>
        <div className="field-check">
          <input id={`${prefix}-comments`} type="checkbox" checked={commentsEnabled} onChange={(event) => setCommentsEnabled(event.target.checked)} />
          <label htmlFor={`${prefix}-comments`}>Takes comments</label>
        </div>
      </fieldset>
      <ErrorList messages={errors.general} />
      <ErrorNotice error={failure} />
      {editable && (
        <button type="submit" className="primary" disabled={busy}>
          {post ? "Save draft" : "Create draft"}
        </button>
      )}
    </form>
  );
}

/** A new author profile, for those who manage them (a post needs at least one author). */
export function AuthorForm({ onCreated }: { onCreated: () => void }) {
  const { session, can } = useAdmin();
  const run = useAction();
  const [displayName, setDisplayName] = useState("");
  const [slug, setSlug] = useState("");
  const [errors, setErrors] = useState<SplitErrors>(splitErrors([], []));
  const [failure, setFailure] = useState<unknown>(null);
  const [created, setCreated] = useState<string | null>(null);
  if (!can("blog.manage_authors")) {
    return null;
  }
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await run(() => session.client.request(BlogAuthorCreateDocument, { input: { displayName, slug } }));
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    setFailure(null);
    const payload = result.value.blogAuthorCreate;
    setErrors(splitErrors(payload.errors, ["displayName", "slug"]));
    if (payload.author) {
      setCreated(`Author ${payload.author.displayName} added.`);
      setDisplayName("");
      setSlug("");
      onCreated();
    }
  };
  return (
    <form onSubmit={submit} className="card" aria-labelledby="author-new-heading">
      <h2 id="author-new-heading">New author profile</h2>
      <label htmlFor="author-new-name">Byline name</label>
      <input
        id="author-new-name"
        type="text"
        value={displayName}
        onChange={(event) => setDisplayName(event.target.value)}
        aria-invalid={errors.byField.displayName ? true : undefined}
        aria-describedby="author-new-displayName-error"
      />
      <FieldErrors id="author-new-displayName-error" messages={errors.byField.displayName} />
      <label htmlFor="author-new-slug">Profile slug</label>
      <input
        id="author-new-slug"
        type="text"
        value={slug}
        onChange={(event) => setSlug(event.target.value)}
        aria-invalid={errors.byField.slug ? true : undefined}
        aria-describedby="author-new-slug-error"
      />
      <FieldErrors id="author-new-slug-error" messages={errors.byField.slug} />
      <ErrorList messages={errors.general} />
      <ErrorNotice error={failure} />
      {created && <InfoNotice>{created}</InfoNotice>}
      <button type="submit">Add author</button>
    </form>
  );
}
