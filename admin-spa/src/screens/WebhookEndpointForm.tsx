import { useState, type FormEvent } from "react";
import { splitErrors, type SplitErrors, type UserError } from "../api/errors";
import { ErrorList, ErrorNotice, FieldErrors, InfoNotice } from "../components/Notice";
import { endpointFields, headersToSend, parseEventTypes, sentHeaderRows, type HeaderRow } from "../lib/webhooks";

/** What the form sends; `headers` is null when an edit leaves the custom headers as they are. */
export interface EndpointInput {
  url: string;
  description: string;
  eventTypes: string[];
  headers: HeaderRow[] | null;
  isActive: boolean;
}

export interface EndpointSaved {
  errors: readonly UserError[];
  failure: unknown;
}

interface EndpointFormProps {
  /** `create` asks for everything; `edit` starts from the endpoint and may keep its headers. */
  mode: "create" | "edit";
  initial: { url: string; description: string; eventTypes: readonly string[]; headerNames: readonly string[] };
  onSave: (input: EndpointInput) => Promise<EndpointSaved>;
}

const EMPTY_ROW: HeaderRow = { name: "", value: "" };

/** The fields of a webhook endpoint, with the server's errors next to the field they name. */
export function WebhookEndpointForm({ mode, initial, onSave }: EndpointFormProps) {
  const id = `endpoint-${mode}`;
  const [url, setUrl] = useState(initial.url);
  const [description, setDescription] = useState(initial.description);
  const [eventTypes, setEventTypes] = useState(initial.eventTypes.join("\n"));
  const [replaceHeaders, setReplaceHeaders] = useState(mode === "create");
  const [rows, setRows] = useState<HeaderRow[]>([]);
  const [isActive, setIsActive] = useState(true);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<SplitErrors>(splitErrors([], []));
  const [sentRows, setSentRows] = useState<number[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setSaved(false);
    const headers = replaceHeaders ? headersToSend(rows) : null;
    const result = await onSave({ url, description, eventTypes: parseEventTypes(eventTypes), headers, isActive });
    setBusy(false);
    setFailure(result.failure);
    setSentRows(sentHeaderRows(rows));
    setErrors(splitErrors(result.errors, endpointFields(headers?.length ?? 0)));
    if (result.failure === null && result.errors.length === 0) {
      setSaved(mode === "edit");
      setRows([]);
    }
  };

  const rowErrors = (row: number, part: "name" | "value") => {
    const sent = sentRows.indexOf(row);
    return sent < 0 ? undefined : errors.byField[`headers.${sent}.${part}`];
  };
  const setRow = (index: number, row: HeaderRow) => setRows(rows.map((old, at) => (at === index ? row : old)));

  return (
    <form onSubmit={submit} className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{mode === "create" ? "Add an endpoint" : "Edit the endpoint"}</h2>
      <label htmlFor={`${id}-url`}>URL</label>
      <input
        id={`${id}-url`}
        type="text"
        inputMode="url"
        required
        placeholder="https://example.com/webhooks/rustok"
        value={url}
        onChange={(event) => setUrl(event.target.value)}
        aria-invalid={errors.byField.url ? true : undefined}
        aria-describedby={`${id}-url-error`}
      />
      <FieldErrors id={`${id}-url-error`} messages={errors.byField.url} />
      <label htmlFor={`${id}-description`}>Description</label>
      <input
        id={`${id}-description`}
        type="text"
        value={description}
        onChange={(event) => setDescription(event.target.value)}
        aria-invalid={errors.byField.description ? true : undefined}
        aria-describedby={`${id}-description-error`}
      />
      <FieldErrors id={`${id}-description-error`} messages={errors.byField.description} />
      <label htmlFor={`${id}-events`}>Event types</label>
      <span className="muted" id={`${id}-events-hint`}>
        One per line: an exact type (blog.post.published), a prefix (commerce.order.*) or * for every event you can see.
      </span>
      <textarea
        id={`${id}-events`}
        rows={3}
        value={eventTypes}
        onChange={(event) => setEventTypes(event.target.value)}
        aria-invalid={errors.byField.eventTypes ? true : undefined}
        aria-describedby={`${id}-events-hint ${id}-events-error`}
      />
      <FieldErrors id={`${id}-events-error`} messages={errors.byField.eventTypes} />
      <fieldset className="headers" aria-describedby={`${id}-headers-error`}>
        <legend>Custom headers</legend>
        {mode === "edit" && (
          <>
            <p className="muted">
              {initial.headerNames.length > 0 ? `Sent now: ${initial.headerNames.join(", ")} (values are never shown).` : "None are sent now."}
            </p>
            <div className="field-check">
              <input id={`${id}-replace`} type="checkbox" checked={replaceHeaders} onChange={(event) => setReplaceHeaders(event.target.checked)} />
              <label htmlFor={`${id}-replace`}>Replace the custom headers (none listed below removes them all)</label>
            </div>
          </>
        )}
        {replaceHeaders &&
          rows.map((row, index) => (
            <div className="header-row" key={index}>
              <label htmlFor={`${id}-header-${index}-name`}>Header {index + 1} name</label>
              <input
                id={`${id}-header-${index}-name`}
                type="text"
                value={row.name}
                onChange={(event) => setRow(index, { ...row, name: event.target.value })}
                aria-invalid={rowErrors(index, "name") ? true : undefined}
                aria-describedby={`${id}-header-${index}-name-error`}
              />
              <FieldErrors id={`${id}-header-${index}-name-error`} messages={rowErrors(index, "name")} />
              <label htmlFor={`${id}-header-${index}-value`}>Header {index + 1} value</label>
              <input
                id={`${id}-header-${index}-value`}
                type="text"
                autoComplete="off"
                value={row.value}
                onChange={(event) => setRow(index, { ...row, value: event.target.value })}
                aria-invalid={rowErrors(index, "value") ? true : undefined}
                aria-describedby={`${id}-header-${index}-value-error`}
              />
              <FieldErrors id={`${id}-header-${index}-value-error`} messages={rowErrors(index, "value")} />
              <button type="button" onClick={() => setRows(rows.filter((_, at) => at !== index))}>
                Remove header {index + 1}
              </button>
            </div>
          ))}
        {replaceHeaders && (
          <button type="button" onClick={() => setRows([...rows, EMPTY_ROW])}>
            Add a header
          </button>
        )}
        <FieldErrors id={`${id}-headers-error`} messages={errors.byField.headers} />
      </fieldset>
      {mode === "create" && (
        <div className="field-check">
          <input id={`${id}-active`} type="checkbox" checked={isActive} onChange={(event) => setIsActive(event.target.checked)} />
          <label htmlFor={`${id}-active`}>Send events now</label>
        </div>
      )}
      <ErrorList messages={errors.general} />
      <ErrorNotice error={failure} />
      {saved && <InfoNotice>Endpoint saved.</InfoNotice>}
      <button type="submit" className="primary" disabled={busy}>
        {mode === "create" ? "Add endpoint" : "Save endpoint"}
      </button>
    </form>
  );
}
