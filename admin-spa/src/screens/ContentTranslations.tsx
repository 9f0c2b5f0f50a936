import { useState, type FormEvent } from "react";
import { useAction, useAdmin } from "../admin";
import { splitErrors, type SplitErrors } from "../api/errors";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { ErrorList, ErrorNotice, FieldErrors } from "../components/Notice";
import { graphql } from "../gql";
import type { ContentStatus } from "../gql/graphql";
import { statusLabel } from "../lib/blog";

const ContentTranslationCreateDocument = graphql(`
  mutation ContentTranslationCreate($input: ContentTranslationCreateInput!) {
    contentTranslationCreate(input: $input) { entry { id locale } errors { code field message } }
  }
`);

const ContentTranslationDeleteDocument = graphql(`
  mutation ContentTranslationDelete($input: ContentTranslationDeleteInput!) {
    contentTranslationDelete(input: $input) { deletedId errors { code field message } }
  }
`);

export interface TranslatedEntry {
  id: string;
  title: string;
  locale: string;
  translations: readonly { locale: string; slug: string; status: ContentStatus }[];
}

interface TranslationsProps {
  entry: TranslatedEntry;
  /** Show the entry in another locale. */
  onSwitch: (locale: string) => void;
  /** A translation was added or deleted: show `locale` with `message`. */
  onChanged: (locale: string, message: string) => void;
}

/** The entry's locales: switch between them, add a translation, delete one (not the last). */
export function ContentTranslations({ entry, onSwitch, onChanged }: TranslationsProps) {
  const { can } = useAdmin();
  const [deleting, setDeleting] = useState(false);
  const others = entry.translations.filter((translation) => translation.locale !== entry.locale);
  return (
    <section className="card" aria-labelledby="entry-locales">
      <h2 id="entry-locales">Locales</h2>
      <ul className="plain" aria-label="Translations">
        {entry.translations.map((translation) => (
          <li key={translation.locale} data-locale={translation.locale}>
            {translation.locale === entry.locale ? (
              <strong aria-current="true">{translation.locale}</strong>
            ) : (
              <button type="button" onClick={() => onSwitch(translation.locale)}>
                Show {translation.locale}
              </button>
            )}{" "}
            /{translation.slug} — {statusLabel(translation.status)}
          </li>
        ))}
      </ul>
      {can("content.edit_entries") && <TranslationForm entry={entry} onCreated={(locale) => onChanged(locale, `Translation ${locale} created.`)} />}
      {can("content.delete_entries") && others[0] && (
        <div className="actions">
          <button type="button" className="danger" onClick={() => setDeleting(true)}>
            Delete the {entry.locale} translation
          </button>
        </div>
      )}
      {deleting && others[0] && (
        <TranslationDeleteDialog entry={entry} next={others[0].locale} onDeleted={onChanged} onCancel={() => setDeleting(false)} />
      )}
    </section>
  );
}

function TranslationForm({ entry, onCreated }: { entry: TranslatedEntry; onCreated: (locale: string) => void }) {
  const { session } = useAdmin();
  const run = useAction();
  const [locale, setLocale] = useState("");
  const [title, setTitle] = useState("");
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<SplitErrors>(splitErrors([], []));
  const [failure, setFailure] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const input = { entryId: entry.id, locale: locale.trim(), copyFromLocale: entry.locale, title: title.trim() === "" ? null : title };
    const result = await run(() => session.client.request(ContentTranslationCreateDocument, { input }));
    setBusy(false);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    setFailure(null);
    const payload = result.value.contentTranslationCreate;
    setErrors(splitErrors(payload.errors, ["locale", "title", "slug"]));
    if (payload.entry && payload.errors.length === 0) {
      onCreated(payload.entry.locale);
    }
  };
  const slugErrors = errors.byField.slug;
  return (
    <form className="inline-form" aria-label="Add a translation" onSubmit={(event) => void submit(event)}>
      <span>
        <label htmlFor="translation-locale">New locale</label>{" "}
        <input id="translation-locale" type="text" size={8} placeholder="de" value={locale} onChange={(event) => setLocale(event.target.value)} aria-invalid={errors.byField.locale ? true : undefined} aria-describedby="translation-locale-error" />
      </span>
      <span>
        <label htmlFor="translation-title">Title in it</label>{" "}
        <input id="translation-title" type="text" placeholder={`copied from ${entry.locale}`} value={title} onChange={(event) => setTitle(event.target.value)} aria-invalid={errors.byField.title ? true : undefined} aria-describedby="translation-title-error" />
      </span>
      <button type="submit" disabled={busy || locale.trim() === ""}>
        Add translation (copied from {entry.locale})
      </button>
      <FieldErrors id="translation-locale-error" messages={errors.byField.locale} />
      <FieldErrors id="translation-title-error" messages={[...(errors.byField.title ?? []), ...(slugErrors ?? [])]} />
      <ErrorList messages={errors.general} />
      <ErrorNotice error={failure} />
    </form>
  );
}

interface DeleteProps {
  entry: TranslatedEntry;
  next: string;
  onDeleted: (locale: string, message: string) => void;
  onCancel: () => void;
}

function TranslationDeleteDialog({ entry, next, onDeleted, onCancel }: DeleteProps) {
  const { session } = useAdmin();
  const run = useAction();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const remove = async () => {
    setBusy(true);
    const result = await run(() => session.client.request(ContentTranslationDeleteDocument, { input: { entryId: entry.id, locale: entry.locale } }));
    setBusy(false);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    const payload = result.value.contentTranslationDelete;
    setErrors(splitErrors(payload.errors, []).general);
    if (payload.errors.length === 0) {
      onDeleted(next, `Translation ${entry.locale} deleted.`);
    }
  };
  return (
    <ConfirmDialog title={`Delete the ${entry.locale} translation?`} confirmLabel="Delete translation" busy={busy} onConfirm={() => void remove()} onCancel={onCancel}>
      <p>Its drafts and revisions go; the other locales stay. This cannot be undone.</p>
      <ErrorList messages={errors} />
      <ErrorNotice error={failure} />
    </ConfirmDialog>
  );
}
