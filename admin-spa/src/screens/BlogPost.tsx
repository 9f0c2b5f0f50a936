import { useState } from "react";
import { useAction, useAdmin, useLoad } from "../admin";
import { splitErrors, type SplitErrors, type UserError } from "../api/errors";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { Link } from "../components/Link";
import { ErrorList, ErrorNotice, FieldErrors, InfoNotice } from "../components/Notice";
import { graphql } from "../gql";
import type { AdminBlogPostQuery } from "../gql/graphql";
import { postActions, statusLabel, statusTone } from "../lib/blog";
import { AuthorForm, PostForm } from "./BlogPostForm";
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

export const BlogPickersDocument = graphql(`
  query BlogPickers {
    blogAuthors(first: 100) { edges { node { id slug displayName } } }
    contentCategories(first: 50) { edges { node { id name children { id name } } } }
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

type Post = NonNullable<AdminBlogPostQuery["adminBlogPost"]>;

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
