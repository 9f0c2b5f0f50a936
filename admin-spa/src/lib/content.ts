// Content entries: the workflow steps each state of a translation allows (content's rules).
import type { PostStatus } from "./blog";

export interface EntryActions {
  submit: boolean;
  reject: boolean;
  publish: boolean;
  unschedule: boolean;
  unpublish: boolean;
  archive: boolean;
  unarchive: boolean;
  /** The API refuses to delete a live or scheduled entry. */
  delete: boolean;
}

/** What a translation in `status` can do; a live one republishes only with unpublished changes. */
export function entryActions(status: PostStatus, hasUnpublishedChanges: boolean): EntryActions {
  const draft = status === "DRAFT" || status === "IN_REVIEW";
  return {
    submit: status === "DRAFT",
    reject: status === "IN_REVIEW",
    publish: draft || status === "SCHEDULED" || (status === "PUBLISHED" && hasUnpublishedChanges),
    unschedule: status === "SCHEDULED",
    unpublish: status === "PUBLISHED",
    archive: status !== "ARCHIVED",
    unarchive: status === "ARCHIVED",
    delete: status !== "PUBLISHED" && status !== "SCHEDULED",
  };
}
