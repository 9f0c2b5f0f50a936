import { useState, type FormEvent } from "react";
import { useAction, useAdmin, useLoad } from "../admin";
import { splitErrors, type SplitErrors, type UserError } from "../api/errors";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { Link } from "../components/Link";
import { ErrorList, ErrorNotice, FieldErrors, InfoNotice } from "../components/Notice";
import { graphql } from "../gql";
import type { AdminBlogPostQuery, BlogPickersQuery } from "../gql/graphql";
import { parseTagNames, postActions, statusLabel, statusTone } from "../lib/blog";
import { navigate } from "../lib/router";
import { localToUtc } from "../lib/time";

const AdminBlogPostDocument = graphql(`
  query AdminBlogPost($id: ID!) {
    adminBlogPost(id: $id) {
      id title slug excerpt status publishAt publishedAt isFeatured commentsEnabled
      entry { id }
      authors { id }
      categories { id }
      tags { id slug }
    }
  }
`);

const BlogPickersDocument = graphql(`
  query BlogPickers {
    blogAuthors(first: 100) { edges { node { id slug displayName } } }
    contentCategories(first: 100) { edges { node { id path name } } }
  }
`);


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

const BlogPostPublishDocument = graphql(`
  mutation BlogPostPublish($input: BlogPostPublishInput!) {
    blogPostPublish(input: $input) { post { id status } errors { code field message } }
  }
`);

const BlogPostUnpublishDocument = graphql(`
  mutation BlogPostUnpublish($input: BlogPostRefInput!) {
    blogPostUnpublish(input: $input) { post { id status } errors { code field message } }
  }
`);

const BlogPostArchiveDocument = graphql(`
  mutation BlogPostArchive($input: BlogPostRefInput!) {
    blogPostArchive(input: $input) { post { id status } errors { code field message } }
  }
`);

const ContentEntryUnscheduleDocument = graphql(`
  mutation ContentEntryUnschedule($input: ContentEntryRefInput!) {
    contentEntryUnschedule(input: $input) { entry { id } errors { code field message } }
  }
`);

const BlogPostDeleteDocument = graphql(`
  mutation BlogPostDelete($id: ID!) {
    blogPostDelete(id: $id) { deletedId errors { code field message } }
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

/** Write a new post (`id` null) or edit one, with its workflow steps and deletion. */
export function BlogPost({ id }: { id: string | null }) {
  const { session } = useAdmin();
  const post = useLoad(
    () => (id === null ? Promise.resolve(null) : session.client.request(AdminBlogPostDocument, { id }).then((data) => data.adminBlogPost)),
    [id],
  );
  const pickers = useLoad(() => session.client.request(BlogPickersDocument, {}), []);
  const [saved, setSaved] = useState<string | null>(null);

  if (post.error || pickers.error) {
    return (
      <>
        <h1>Blog post</h1>
        <ErrorNotice error={post.error ?? pickers.error} />
      </>
    );
  }
  if (post.loading && post.data === undefined) {
    return <p className="loading">Loading…</p>;
  }
  if (id !== null && post.data === null) {
    return (
      <>
        <h1>Blog post</h1>
        <p>There is no such post. <Link to="blog">Back to the posts</Link></p>
      </>
    );
  }
  const current = post.data ?? null;
  return (
    <>
      <p>
        <Link to="blog">All posts</Link>
      </p>
      <h1>{current ? current.title || "(untitled)" : "Write a post"}</h1>
      {saved && <InfoNotice>{saved}</InfoNotice>}
      {current && <Workflow post={current} onChanged={(message) => { setSaved(message); post.reload(); }} />}
      <PostForm
        key={current?.id ?? "new"}
        post={current}
        pickers={pickers.data}
        onSaved={(savedId) => {
          if (current === null) {
            navigate(`blog/${encodeURIComponent(savedId)}`);
          } else {
            setSaved("Post saved.");
            post.reload();
          }
        }}
      />
      <AuthorForm onCreated={pickers.reload} />
    </>
  );
}

interface PostFormProps {
  post: Post | null;
  pickers: Pickers | undefined;
  onSaved: (id: string) => void;
}

function PostForm({ post, pickers, onSaved }: PostFormProps) {
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
  const categories = pickers?.contentCategories.edges.map((edge) => edge.node) ?? [];

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
              <label htmlFor={`${prefix}-category-${category.id}`}>{category.name}</label>
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

type Step = "publish" | "schedule" | "unpublish" | "unschedule" | "archive";

const DONE: Record<Step, string> = {
  publish: "Post published.",
  schedule: "Post scheduled.",
  unpublish: "Post taken offline.",
  unschedule: "Schedule cancelled.",
  archive: "Post archived.",
};

function Workflow({ post, onChanged }: { post: Post; onChanged: (message: string) => void }) {
  const { session, can } = useAdmin();
  const run = useAction();
  const [publishAt, setPublishAt] = useState("");
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<SplitErrors>(splitErrors([], []));
  const [failure, setFailure] = useState<unknown>(null);
  const [deleting, setDeleting] = useState(false);
  const actions = postActions(post.status);
  const publisher = can("blog.publish_posts");

  const request = async (step: Step): Promise<{ errors: readonly UserError[] }> => {
    const ref = { id: post.id };
    switch (step) {
      case "publish":
        return (await session.client.request(BlogPostPublishDocument, { input: ref })).blogPostPublish;
      case "schedule":
        return (await session.client.request(BlogPostPublishDocument, { input: { ...ref, publishAt: localToUtc(publishAt) } }))
          .blogPostPublish;
      case "unpublish":
        return (await session.client.request(BlogPostUnpublishDocument, { input: ref })).blogPostUnpublish;
      case "unschedule":
        return (await session.client.request(ContentEntryUnscheduleDocument, { input: { id: post.entry.id } })).contentEntryUnschedule;
      case "archive":
        return (await session.client.request(BlogPostArchiveDocument, { input: ref })).blogPostArchive;
    }
  };

  const step = async (which: Step) => {
    setBusy(true);
    const result = await run(() => request(which));
    setBusy(false);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    setFailure(null);
    setErrors(splitErrors(result.value.errors, ["publishAt"]));
    if (result.value.errors.length === 0) {
      setPublishAt("");
      onChanged(DONE[which]);
    }
  };

  const remove = async () => {
    setBusy(true);
    const result = await run(() => session.client.request(BlogPostDeleteDocument, { id: post.id }));
    setBusy(false);
    setDeleting(false);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    const payload = result.value.blogPostDelete;
    setErrors(splitErrors(payload.errors, []));
    if (payload.deletedId) {
      navigate("blog");
    }
  };

  return (
    <section className="card" aria-labelledby="post-workflow">
      <h2 id="post-workflow">State</h2>
      <p>
        <span className={`badge health-${statusTone(post.status)}`} data-testid="post-status">
          {statusLabel(post.status)}
        </span>{" "}
        {post.status === "SCHEDULED" && post.publishAt && <>goes live {new Date(post.publishAt).toLocaleString()}</>}
        {post.status === "PUBLISHED" && post.publishedAt && <>live since {new Date(post.publishedAt).toLocaleString()}</>}
      </p>
      {publisher && (
        <div className="actions">
          {actions.publish && (
            <button type="button" className="primary" disabled={busy} onClick={() => void step("publish")}>
              Publish now
            </button>
          )}
          {actions.unpublish && (
            <button type="button" disabled={busy} onClick={() => void step("unpublish")}>
              Unpublish
            </button>
          )}
          {actions.unschedule && can("content.publish_entries") && (
            <button type="button" disabled={busy} onClick={() => void step("unschedule")}>
              Cancel the schedule
            </button>
          )}
          {actions.archive && (
            <button type="button" disabled={busy} onClick={() => void step("archive")}>
              Archive
            </button>
          )}
        </div>
      )}
      {publisher && actions.publish && (
        <div className="inline-form">
          <span>
            <label htmlFor="post-publish-at">Go live at</label>{" "}
            <input
              id="post-publish-at"
              type="datetime-local"
              value={publishAt}
              onChange={(event) => setPublishAt(event.target.value)}
              aria-invalid={errors.byField.publishAt ? true : undefined}
              aria-describedby="post-publish-at-error"
            />
          </span>
          <button type="button" disabled={busy || publishAt === ""} onClick={() => void step("schedule")}>
            Schedule
          </button>
          <FieldErrors id="post-publish-at-error" messages={errors.byField.publishAt} />
        </div>
      )}
      {can("blog.delete_posts") && (
        <div className="actions">
          <button type="button" className="danger" disabled={busy || !actions.delete} onClick={() => setDeleting(true)}>
            Delete post
          </button>
          {!actions.delete && <span className="muted">Unpublish or cancel the schedule before deleting.</span>}
        </div>
      )}
      <ErrorList messages={errors.general} />
      <ErrorNotice error={failure} />
      {deleting && (
        <ConfirmDialog
          title={`Delete ${post.title || "this post"}?`}
          confirmLabel="Delete post"
          busy={busy}
          onConfirm={() => void remove()}
          onCancel={() => setDeleting(false)}
        >
          <p>Every locale of the post goes, with its revisions and comments. This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

/** A new author profile, for those who manage them (a post needs at least one author). */
function AuthorForm({ onCreated }: { onCreated: () => void }) {
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
