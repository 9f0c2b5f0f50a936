// Payload errors (`errors { code field message }`) split into per-field and general messages.

export interface UserError {
  code: string;
  field?: string | null;
  message: string;
}

export interface SplitErrors {
  /** Messages by field path, with `prefix` removed (`settings.max_items` → `max_items`). */
  byField: Record<string, string[]>;
  /** Messages about the whole input, or about fields the form does not show. */
  general: string[];
}

/** Split payload errors by the form fields they concern; the rest are general. */
export function splitErrors(errors: readonly UserError[], fields: readonly string[], prefix = ""): SplitErrors {
  const split: SplitErrors = { byField: {}, general: [] };
  for (const error of errors) {
    const path = error.field ?? "";
    const key = prefix && path.startsWith(prefix) ? path.slice(prefix.length) : path;
    const field = fields.find((name) => key === name || key.startsWith(`${name}.`));
    if (field === undefined) {
      split.general.push(path ? `${path}: ${error.message}` : error.message);
    } else {
      (split.byField[field] ??= []).push(error.message);
    }
  }
  return split;
}
