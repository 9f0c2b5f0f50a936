import { useState } from "react";
import { useAction, useAdmin, useLoad } from "../admin";
import { splitErrors } from "../api/errors";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { ErrorList, ErrorNotice, InfoNotice } from "../components/Notice";
import { Pager } from "../components/Pager";
import { graphql } from "../gql";
import type { AdminBlogCommentsQuery, BlogCommentStatus } from "../gql/graphql";
import { COMMENT_STATUSES, moderationDone, moderationSteps } from "../lib/blog";
import { counted } from "../lib/plural";

const AdminBlogCommentsDocument = graphql(`
  query AdminBlogComments($first: Int!, $after: String, $filter: BlogCommentFilter) {
    adminBlogComments(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id body authorName isGuest guestEmail clientHash createdAt status moderatedAt
          post { id title }
        }
      }
    }
  }
`);

const BlogCommentModerateDocument = graphql(`
  mutation BlogCommentModerate($input: BlogCommentModerateInput!) {
    blogCommentModerate(input: $input) { comments { id status } errors { code field message } }
  }
`);

const PAGE = 20;

type Comment = AdminBlogCommentsQuery["adminBlogComments"]["edges"][number]["node"];

/** Every comment, pending ones first in view: approve, mark as spam, or delete after confirming. */
export function BlogComments() {
  const { session } = useAdmin();
  const run = useAction();
  const [after, setAfter] = useState<string | null>(null);
  const [status, setStatus] = useState<BlogCommentStatus | "">("PENDING");
  const list = useLoad(
    () =>
      session.client.request(AdminBlogCommentsDocument, {
        first: PAGE,
        after,
        filter: status === "" ? null : { status: [status] },
      }),
    [after, status],
  );
  const [busy, setBusy] = useState(false);
  const [deleting, setDeleting] = useState<Comment | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const page = list.data?.adminBlogComments;

  const moderate = async (comment: Comment, to: BlogCommentStatus) => {
    setBusy(true);
    const result = await run(() => session.client.request(BlogCommentModerateDocument, { input: { ids: [comment.id], status: to } }));
    setBusy(false);
    setDeleting(null);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    setFailure(null);
    const payload = result.value.blogCommentModerate;
    setErrors(splitErrors(payload.errors, []).general);
    if (payload.errors.length === 0) {
      setOutcome(moderationDone(comment.authorName, to));
      list.reload();
    }
  };

  return (
    <>
      <h1>Comments</h1>
      <div className="filters">
        <label htmlFor="comments-status">Status</label>
        <select
          id="comments-status"
          value={status}
          onChange={(event) => {
            setAfter(null);
            setStatus(event.target.value as BlogCommentStatus | "");
          }}
        >
          <option value="">Any</option>
          {COMMENT_STATUSES.map((value) => (
            <option key={value} value={value}>
              {value.toLowerCase()}
            </option>
          ))}
        </select>
      </div>
      {outcome && <InfoNotice>{outcome}</InfoNotice>}
      <ErrorList messages={errors} />
      <ErrorNotice error={failure ?? list.error} />
      {page && page.totalCount === 0 && <p>No comments here.</p>}
      {page && page.totalCount > 0 && (
        <>
          <p>{counted(page.totalCount, "comment", "comments")}</p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">By</th>
                  <th scope="col">Comment</th>
                  <th scope="col">On</th>
                  <th scope="col">Status</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {page.edges.map(({ node: comment }) => (
                  <tr key={comment.id} data-comment={comment.authorName}>
                    <th scope="row">
                      {comment.authorName}
                      <div className="muted">{comment.isGuest ? `guest ${comment.guestEmail ?? ""}` : "customer"}</div>
                      <div className="muted" title="A keyed hash of the client address">
                        from {comment.clientHash.slice(0, 10)}
                      </div>
                    </th>
                    <td>
                      {comment.body}
                      <div className="muted">{new Date(comment.createdAt).toLocaleString()}</div>
                    </td>
                    <td>{comment.post ? comment.post.title : <span className="muted">a post offline</span>}</td>
                    <td>{comment.status.toLowerCase()}</td>
                    <td>
                      <div className="actions">
                        {moderationSteps(comment.status).map((to) => (
                          <button
                            key={to}
                            type="button"
                            className={to === "DELETED" ? "danger" : undefined}
                            disabled={busy}
                            aria-label={`${STEP_LABEL[to]} the comment by ${comment.authorName}`}
                            onClick={() => (to === "DELETED" ? setDeleting(comment) : void moderate(comment, to))}
                          >
                            {STEP_LABEL[to]}
                          </button>
                        ))}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager after={after} pageInfo={page.pageInfo} onPage={setAfter} />
        </>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete the comment by ${deleting.authorName}?`}
          confirmLabel="Delete comment"
          busy={busy}
          onConfirm={() => void moderate(deleting, "DELETED")}
          onCancel={() => setDeleting(null)}
        >
          <p>It disappears from the post for everyone; its replies stay.</p>
        </ConfirmDialog>
      )}
    </>
  );
}

const STEP_LABEL: Record<BlogCommentStatus, string> = {
  PENDING: "Hold",
  APPROVED: "Approve",
  SPAM: "Mark as spam",
  DELETED: "Delete",
};
