import { useState } from "react";
import { useAction, useAdmin, useLoad } from "../admin";
import { splitErrors, type SplitErrors, type UserError } from "../api/errors";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { Link } from "../components/Link";
import { ErrorList, ErrorNotice, FieldErrors, InfoNotice } from "../components/Notice";
import { graphql } from "../gql";
import type { AdminContentEntryQuery } from "../gql/graphql";
import { statusLabel, statusTone } from "../lib/blog";
import { entryActions, type EntryActions } from "../lib/content";
import { navigate } from "../lib/router";
import { localToUtc } from "../lib/time";
import { ContentEntryForm } from "./ContentEntryForm";
import { ContentTranslations } from "./ContentTranslations";

const AdminContentEntryDocument = graphql(`
  query AdminContentEntry($id: ID!, $locale: String) {
    adminContentEntry(id: $id, locale: $locale) {
      id kind locale title slug excerpt status publishAt publishedAt hasUnpublishedChanges reviewNote
      categories { id }
      tags { id slug }
      coverImage { id filename url contentType altText renditions { width url } }
      translations { locale slug status }
      revisions(first: 10) { totalCount edges { node { id number title createdAt createdBy { displayName } } } }
    }
  }
`);

const ContentEntryStepDocument = graphql(`
  mutation ContentEntryStep(
    $ref: ContentEntryRefInput!
    $publish: ContentEntryPublishInput!
    $reject: ContentEntryRejectInput!
    $submit: Boolean!
    $doReject: Boolean!
    $doPublish: Boolean!
    $unschedule: Boolean!
    $unpublish: Boolean!
    $archive: Boolean!
    $unarchive: Boolean!
  ) {
    contentEntrySubmit(input: $ref) @include(if: $submit) { errors { code field message } }
    contentEntryReject(input: $reject) @include(if: $doReject) { errors { code field message } }
    contentEntryPublish(input: $publish) @include(if: $doPublish) { errors { code field message } }
    contentEntryUnschedule(input: $ref) @include(if: $unschedule) { errors { code field message } }
    contentEntryUnpublish(input: $ref) @include(if: $unpublish) { errors { code field message } }
    contentEntryArchive(input: $ref) @include(if: $archive) { errors { code field message } }
    contentEntryUnarchive(input: $ref) @include(if: $unarchive) { errors { code field message } }
  }
`);

const ContentEntryDeleteDocument = graphql(`
  mutation ContentEntryDelete($id: ID!) {
    contentEntryDelete(id: $id) { deletedId errors { code field message } }
  }
`);

const ContentRevisionRestoreDocument = graphql(`
  mutation ContentRevisionRestore($input: ContentRevisionRestoreInput!) {
    contentRevisionRestore(input: $input) { entry { id } errors { code field message } }
  }
`);

type Entry = NonNullable<AdminContentEntryQuery["adminContentEntry"]>;
type Step = Exclude<keyof EntryActions, "delete"> | "schedule";

const STEPS: { step: Exclude<Step, "schedule">; label: string; done: string; publisher: boolean }[] = [
  { step: "submit", label: "Submit for review", done: "Sent for review.", publisher: false },
  { step: "publish", label: "Publish now", done: "Entry published.", publisher: true },
  { step: "reject", label: "Send back", done: "Sent back to its writer.", publisher: true },
  { step: "unschedule", label: "Cancel the schedule", done: "Schedule cancelled.", publisher: true },
  { step: "unpublish", label: "Unpublish", done: "Entry taken offline.", publisher: true },
  { step: "archive", label: "Archive", done: "Entry archived.", publisher: true },
  { step: "unarchive", label: "Unarchive", done: "Entry is a draft again.", publisher: true },
];

/** Write a new entry (`id` null) or edit one in a locale (`locale`, else the site's): its translations, workflow, revisions and deletion. */
export function ContentEntry({ id, locale: opened = null }: { id: string | null; locale?: string | null }) {
  const { session } = useAdmin();
  const [locale, setLocale] = useState<string | null>(opened);
  const entry = useLoad(
    () => (id === null ? Promise.resolve(null) : session.client.request(AdminContentEntryDocument, { id, locale }).then((data) => data.adminContentEntry)),
    [id, locale],
  );
  const [message, setMessage] = useState<string | null>(null);
  if (entry.error) {
    return (
      <>
        <h1>Entry</h1>
        <ErrorNotice error={entry.error} />
      </>
    );
  }
  if (entry.data === undefined) {
    return <p className="loading">Loading…</p>;
  }
  const current = entry.data;
  if (id !== null && current === null) {
    return (
      <>
        <h1>Entry</h1>
        <p>There is no such entry. <Link to="content">Back to the content</Link></p>
      </>
    );
  }
  const changed = (text: string) => {
    setMessage(text);
    entry.reload();
  };
  return (
    <>
      <p>
        <Link to="content">All content</Link>
      </p>
      <h1>{current ? current.title || "(untitled)" : "Write an entry"}</h1>
      {current && <p className="muted" data-testid="entry-locale">Locale: {current.locale}</p>}
      {message && <InfoNotice>{message}</InfoNotice>}
      {current && (
        <ContentTranslations
          entry={current}
          onSwitch={(next) => {
            setMessage(null);
            setLocale(next);
          }}
          onChanged={(next, text) => {
            setMessage(text);
            setLocale(next);
            entry.reload();
          }}
        />
      )}
      {current && <Workflow entry={current} onChanged={changed} />}
      <ContentEntryForm
        key={current ? `${current.id}-${current.locale}-${current.revisions.totalCount}` : "new"}
        entry={current}
        onSaved={(saved) => (current === null ? navigate(`content/${encodeURIComponent(saved)}`) : changed("Draft saved."))}
      />
      {current && <Revisions entry={current} onRestored={changed} />}
    </>
  );
}

function Workflow({ entry, onChanged }: { entry: Entry; onChanged: (message: string) => void }) {
  const { session, can } = useAdmin();
  const run = useAction();
  const [publishAt, setPublishAt] = useState("");
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<SplitErrors>(splitErrors([], []));
  const [failure, setFailure] = useState<unknown>(null);
  const [deleting, setDeleting] = useState(false);
  const actions = entryActions(entry.status, entry.hasUnpublishedChanges);
  const allowed = (publisher: boolean) => can(publisher ? "content.publish_entries" : "content.edit_entries");

  const step = async (which: Step, done: string) => {
    setBusy(true);
    const ref = { id: entry.id, locale: entry.locale };
    const variables = {
      ref,
      publish: { ...ref, publishAt: which === "schedule" ? localToUtc(publishAt) : null },
      reject: { ...ref, note: note.trim() === "" ? null : note },
      submit: which === "submit",
      doReject: which === "reject",
      doPublish: which === "publish" || which === "schedule",
      unschedule: which === "unschedule",
      unpublish: which === "unpublish",
      archive: which === "archive",
      unarchive: which === "unarchive",
    };
    const result = await run(() => session.client.request(ContentEntryStepDocument, variables));
    setBusy(false);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    setFailure(null);
    const payloads = Object.values(result.value) as ({ errors: readonly UserError[] } | null | undefined)[];
    const found = payloads.flatMap((payload) => payload?.errors ?? []);
    setErrors(splitErrors(found, ["publishAt", "note"]));
    if (found.length === 0) {
      setPublishAt("");
      setNote("");
      onChanged(done);
    }
  };

  const remove = async () => {
    setBusy(true);
    const result = await run(() => session.client.request(ContentEntryDeleteDocument, { id: entry.id }));
    setBusy(false);
    setDeleting(false);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    const payload = result.value.contentEntryDelete;
    setErrors(splitErrors(payload.errors, []));
    if (payload.deletedId) {
      navigate("content");
    }
  };

  return (
    <section className="card" aria-labelledby="entry-workflow">
      <h2 id="entry-workflow">State</h2>
      <p>
        <span className={`badge health-${statusTone(entry.status)}`} data-testid="entry-status">
          {statusLabel(entry.status)}
        </span>{" "}
        {entry.kind}
        {entry.status === "SCHEDULED" && entry.publishAt && <>, goes live {new Date(entry.publishAt).toLocaleString()}</>}
        {entry.status === "PUBLISHED" && entry.hasUnpublishedChanges && <>, with unpublished changes</>}
      </p>
      {entry.reviewNote && <p>Review note: {entry.reviewNote}</p>}
      <div className="actions">
        {STEPS.filter(({ step: name, publisher }) => actions[name] && allowed(publisher)).map(({ step: name, label, done }) => (
          <button key={name} type="button" className={name === "publish" ? "primary" : undefined} disabled={busy} onClick={() => void step(name, done)}>
            {label}
          </button>
        ))}
      </div>
      {actions.reject && allowed(true) && (
        <div className="inline-form">
          <span>
            <label htmlFor="entry-reject-note">Note for the writer (when sending back)</label>{" "}
            <input id="entry-reject-note" type="text" value={note} onChange={(event) => setNote(event.target.value)} aria-describedby="entry-note-error" />
          </span>
          <FieldErrors id="entry-note-error" messages={errors.byField.note} />
        </div>
      )}
      {actions.publish && allowed(true) && (
        <div className="inline-form">
          <span>
            <label htmlFor="entry-publish-at">Go live at</label>{" "}
            <input id="entry-publish-at" type="datetime-local" value={publishAt} onChange={(event) => setPublishAt(event.target.value)} aria-invalid={errors.byField.publishAt ? true : undefined} aria-describedby="entry-publish-at-error" />
          </span>
          <button type="button" disabled={busy || publishAt === ""} onClick={() => void step("schedule", "Entry scheduled.")}>
            Schedule
          </button>
          <FieldErrors id="entry-publish-at-error" messages={errors.byField.publishAt} />
        </div>
      )}
      {can("content.delete_entries") && (
        <div className="actions">
          <button type="button" className="danger" disabled={busy || !actions.delete} onClick={() => setDeleting(true)}>
            Delete entry
          </button>
          {!actions.delete && <span className="muted">Unpublish or cancel the schedule before deleting.</span>}
        </div>
      )}
      <ErrorList messages={errors.general} />
      <ErrorNotice error={failure} />
      {deleting && (
        <ConfirmDialog title={`Delete ${entry.title || "this entry"}?`} confirmLabel="Delete entry" busy={busy} onConfirm={() => void remove()} onCancel={() => setDeleting(false)}>
          <p>Every translation of the entry goes, with its revisions. This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function Revisions({ entry, onRestored }: { entry: Entry; onRestored: (message: string) => void }) {
  const { session, can } = useAdmin();
  const run = useAction();
  const [errors, setErrors] = useState<string[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const restore = async (revisionId: string, number: number) => {
    const result = await run(() => session.client.request(ContentRevisionRestoreDocument, { input: { revisionId } }));
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    const payload = result.value.contentRevisionRestore;
    setErrors(splitErrors(payload.errors, []).general);
    if (payload.errors.length === 0) {
      onRestored(`Revision ${number} copied into a new draft.`);
    }
  };
  const revisions = entry.revisions.edges.map((edge) => edge.node);
  return (
    <section className="card" aria-labelledby="entry-revisions">
      <h2 id="entry-revisions">Revisions</h2>
      <p className="muted">The newest {revisions.length} of {entry.revisions.totalCount}.</p>
      <ErrorList messages={errors} />
      <ErrorNotice error={failure} />
      <ul className="plain">
        {revisions.map((revision) => (
          <li key={revision.id} data-revision={revision.number}>
            #{revision.number} {revision.title} — {new Date(revision.createdAt).toLocaleString()}
            {revision.createdBy && <> by {revision.createdBy.displayName}</>}{" "}
            {can("content.edit_entries") && (
              <button type="button" onClick={() => void restore(revision.id, revision.number)}>
                Restore revision {revision.number}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
