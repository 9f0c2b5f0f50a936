// Blog posts: what each workflow state allows, and the tag names typed in one field.

export type PostStatus = "DRAFT" | "IN_REVIEW" | "SCHEDULED" | "PUBLISHED" | "ARCHIVED";

export const POST_STATUSES: readonly PostStatus[] = ["DRAFT", "IN_REVIEW", "SCHEDULED", "PUBLISHED", "ARCHIVED"];

/** A state as shown: `in review`, `published`. */
export function statusLabel(status: PostStatus): string {
  return status.toLowerCase().replace("_", " ");
}

/** The badge tone of a state. */
export function statusTone(status: PostStatus): "pass" | "warn" | "fail" {
  if (status === "PUBLISHED") {
    return "pass";
  }
  return status === "ARCHIVED" ? "fail" : "warn";
}

export interface PostActions {
  /** Publish now or schedule (also replaces a schedule, or publishes a newer draft). */
  publish: boolean;
  /** Take a live post offline. */
  unpublish: boolean;
  /** Cancel a schedule (back to draft). */
  unschedule: boolean;
  archive: boolean;
  /** The API refuses to delete a live or scheduled post. */
  delete: boolean;
}

/** The workflow steps a post in `status` can take. */
export function postActions(status: PostStatus): PostActions {
  const online = status === "PUBLISHED" || status === "SCHEDULED";
  return {
    publish: status !== "ARCHIVED",
    unpublish: status === "PUBLISHED",
    unschedule: status === "SCHEDULED",
    archive: status !== "ARCHIVED",
    delete: !online,
  };
}

/** Tag names typed comma-separated: trimmed, blanks dropped, each name once (case-insensitive). */
export function parseTagNames(text: string): string[] {
  const seen = new Set<string>();
  const names: string[] = [];
  for (const part of text.split(",")) {
    const name = part.trim();
    const key = name.toLowerCase();
    if (name !== "" && !seen.has(key)) {
      seen.add(key);
      names.push(name);
    }
  }
  return names;
}

export type CommentStatus = "PENDING" | "APPROVED" | "SPAM" | "DELETED";

export const COMMENT_STATUSES: readonly CommentStatus[] = ["PENDING", "APPROVED", "SPAM", "DELETED"];

/** The statuses a moderator can move a comment in `status` to (the API takes these three). */
export function moderationSteps(status: CommentStatus): CommentStatus[] {
  const steps: CommentStatus[] = ["APPROVED", "SPAM", "DELETED"];
  return steps.filter((step) => step !== status);
}

/** What a moderation step did, as told to the moderator. */
export function moderationDone(author: string, status: CommentStatus): string {
  const done: Record<CommentStatus, string> = {
    PENDING: "held back",
    APPROVED: "approved",
    SPAM: "marked as spam",
    DELETED: "deleted",
  };
  return `The comment by ${author} was ${done[status]}.`;
}
