import { useState, type FormEvent } from "react";
import { useAction, useAdmin, useLoad } from "../admin";
import { splitErrors, type SplitErrors, type UserError } from "../api/errors";
import { CoverPicker, type CoverAsset } from "../components/CoverPicker";
import { ErrorList, ErrorNotice, FieldErrors } from "../components/Notice";
import { graphql } from "../gql";
import { parseTagNames } from "../lib/blog";
import { flattenCategories } from "../lib/taxonomy";

export const ContentCategoriesDocument = graphql(`
  query ContentCategoryPicker {
    contentCategories(first: 50) { edges { node { id name children { id name } } } }
  }
`);

const ContentEntryCreateDocument = graphql(`
  mutation ContentEntryCreate($input: ContentEntryCreateInput!) {
    contentEntryCreate(input: $input) { entry { id } errors { code field message } }
  }
`);

const ContentEntryUpdateDocument = graphql(`
  mutation ContentEntryUpdate($input: ContentEntryUpdateInput!) {
    contentEntryUpdate(input: $input) { entry { id } errors { code field message } }
  }
`);

const FIELDS = ["kind", "title", "slug", "excerpt", "bodyMarkdown", "body", "coverImageId", "categoryIds", "tagIds", "tagNames"];

export interface EntryDraft {
  id: string;
  locale?: string;
  title: string;
  slug: string;
  excerpt: string;
  categories: readonly { id: string }[];
  tags: readonly { id: string; slug: string }[];
  coverImage?: CoverAsset | null;
}

interface EntryFormProps {
  entry: EntryDraft | null;
  onSaved: (id: string) => void;
}

/** An entry's working copy: create one (with its kind) or save a new draft of it. */
export function ContentEntryForm({ entry, onSaved }: EntryFormProps) {
  const { session, can } = useAdmin();
  const run = useAction();
  const categories = useLoad(() => session.client.request(ContentCategoriesDocument, {}), []);
  const prefix = entry ? "entry-edit" : "entry-new";
  const [kind, setKind] = useState("page");
  const [title, setTitle] = useState(entry?.title ?? "");
  const [slug, setSlug] = useState(entry?.slug ?? "");
  const [excerpt, setExcerpt] = useState(entry?.excerpt ?? "");
  const [replaceBody, setReplaceBody] = useState(entry === null);
  const [body, setBody] = useState("");
  const [categoryIds, setCategoryIds] = useState<string[]>(entry?.categories.map((category) => category.id) ?? []);
  const [tagIds, setTagIds] = useState<string[]>(entry?.tags.map((tag) => tag.id) ?? []);
  const [newTags, setNewTags] = useState("");
  const [cover, setCover] = useState<CoverAsset | null>(entry?.coverImage ?? null);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<SplitErrors>(splitErrors([], []));
  const [failure, setFailure] = useState<unknown>(null);
  const editable = can("content.edit_entries");

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const fields = {
      title,
      slug: slug.trim() === "" ? null : slug,
      // The API answers the body's first words when no excerpt was written: send it only when typed.
      excerpt: excerpt === (entry?.excerpt ?? "") ? null : excerpt,
      bodyMarkdown: replaceBody ? body : null,
      categoryIds,
      tagIds,
      tagNames: parseTagNames(newTags),
      // Omitted keeps the cover; null removes it: send it only when picked or removed.
      ...(cover?.id !== entry?.coverImage?.id ? { coverImageId: cover?.id ?? null } : {}),
    };
    const result = await run(async () => {
      if (entry === null) {
        return (await session.client.request(ContentEntryCreateDocument, { input: { ...fields, kind } })).contentEntryCreate;
      }
      return (await session.client.request(ContentEntryUpdateDocument, { input: { ...fields, id: entry.id, locale: entry.locale ?? null } })).contentEntryUpdate;
    });
    setBusy(false);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    setFailure(null);
    const payload: { entry?: { id: string } | null; errors: readonly UserError[] } = result.value;
    setErrors(splitErrors(payload.errors, FIELDS));
    if (payload.entry && payload.errors.length === 0) {
      setNewTags("");
      onSaved(payload.entry.id);
    }
  };

  const invalid = (field: string) => (errors.byField[field] ? true : undefined);
  const toggle = (list: string[], value: string, on: boolean) => (on ? [...list, value] : list.filter((item) => item !== value));
  const bodyErrors = [...(errors.byField.bodyMarkdown ?? []), ...(errors.byField.body ?? [])];
  const options = flattenCategories(categories.data?.contentCategories.edges.map((edge) => edge.node) ?? []);

  return (
    <form onSubmit={submit} className="card" aria-labelledby={`${prefix}-heading`}>
      <h2 id={`${prefix}-heading`}>{entry ? "Edit the draft" : "New entry"}</h2>
      <fieldset disabled={!editable} className="post-fields">
        {entry === null && (
          <>
            <label htmlFor={`${prefix}-kind`}>Kind</label>
            <input id={`${prefix}-kind`} type="text" value={kind} onChange={(event) => setKind(event.target.value)} aria-invalid={invalid("kind")} aria-describedby={`${prefix}-kind-error`} />
            <FieldErrors id={`${prefix}-kind-error`} messages={errors.byField.kind} />
          </>
        )}
        <label htmlFor={`${prefix}-title`}>Title</label>
        <input id={`${prefix}-title`} type="text" value={title} onChange={(event) => setTitle(event.target.value)} aria-invalid={invalid("title")} aria-describedby={`${prefix}-title-error`} />
        <FieldErrors id={`${prefix}-title-error`} messages={errors.byField.title} />
        <label htmlFor={`${prefix}-slug`}>Slug</label>
        <input id={`${prefix}-slug`} type="text" value={slug} placeholder="made from the title when blank" onChange={(event) => setSlug(event.target.value)} aria-invalid={invalid("slug")} aria-describedby={`${prefix}-slug-error`} />
        <FieldErrors id={`${prefix}-slug-error`} messages={errors.byField.slug} />
        <label htmlFor={`${prefix}-excerpt`}>Excerpt</label>
        <textarea id={`${prefix}-excerpt`} rows={2} value={excerpt} onChange={(event) => setExcerpt(event.target.value)} aria-invalid={invalid("excerpt")} aria-describedby={`${prefix}-excerpt-error`} />
        <FieldErrors id={`${prefix}-excerpt-error`} messages={errors.byField.excerpt} />
        {entry && (
          <div className="field-check">
            <input id={`${prefix}-replace-body`} type="checkbox" checked={replaceBody} onChange={(event) => setReplaceBody(event.target.checked)} />
            <label htmlFor={`${prefix}-replace-body`}>Replace the body (the API does not give the stored body back as Markdown)</label>
          </div>
        )}
        {replaceBody && (
          <>
            <label htmlFor={`${prefix}-body`}>Body (Markdown)</label>
            <textarea id={`${prefix}-body`} rows={10} value={body} onChange={(event) => setBody(event.target.value)} aria-invalid={bodyErrors.length > 0 ? true : undefined} aria-describedby={`${prefix}-body-error`} />
            <FieldErrors id={`${prefix}-body-error`} messages={bodyErrors} />
          </>
        )}
        <CoverPicker prefix={prefix} cover={cover} disabled={!editable} onChange={setCover} />
        <FieldErrors id={`${prefix}-coverImageId-error`} messages={errors.byField.coverImageId} />
        <fieldset className="choices" aria-describedby={`${prefix}-categoryIds-error`}>
          <legend>Categories</legend>
          <ErrorNotice error={categories.error} />
          {categories.data && options.length === 0 && <span className="muted">No categories.</span>}
          {options.map((category) => (
            <span className="field-check" key={category.id}>
              <input id={`${prefix}-category-${category.id}`} type="checkbox" checked={categoryIds.includes(category.id)} onChange={(event) => setCategoryIds(toggle(categoryIds, category.id, event.target.checked))} />
              <label htmlFor={`${prefix}-category-${category.id}`}>{category.trail}</label>
            </span>
          ))}
        </fieldset>
        <FieldErrors id={`${prefix}-categoryIds-error`} messages={errors.byField.categoryIds} />
        {entry && entry.tags.length > 0 && (
          <fieldset className="choices">
            <legend>Tags kept</legend>
            {entry.tags.map((tag) => (
              <span className="field-check" key={tag.id}>
                <input id={`${prefix}-tag-${tag.slug}`} type="checkbox" checked={tagIds.includes(tag.id)} onChange={(event) => setTagIds(toggle(tagIds, tag.id, event.target.checked))} />
                <label htmlFor={`${prefix}-tag-${tag.slug}`}>{tag.slug}</label>
              </span>
            ))}
          </fieldset>
        )}
        <label htmlFor={`${prefix}-tags`}>Add tags</label>
        <input id={`${prefix}-tags`} type="text" placeholder="names separated by commas" value={newTags} onChange={(event) => setNewTags(event.target.value)} aria-invalid={invalid("tagNames")} aria-describedby={`${prefix}-tagNames-error`} />
        <FieldErrors id={`${prefix}-tagNames-error`} messages={[...(errors.byField.tagNames ?? []), ...(errors.byField.tagIds ?? [])]} />
      </fieldset>
      <ErrorList messages={errors.general} />
      <ErrorNotice error={failure} />
      {editable && (
        <button type="submit" className="primary" disabled={busy}>
          {entry ? "Save draft" : "Create draft"}
        </button>
      )}
    </form>
  );
}
