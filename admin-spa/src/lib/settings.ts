// A generic settings form: one field per key of the module's current settings, its kind taken
// from the value's JSON type. The server validates against the module's schema and answers
// `errors { field }` (`settings.<key>`), which the form shows next to the field.

export type FieldKind = "boolean" | "number" | "string" | "json";

export interface SettingField {
  key: string;
  kind: FieldKind;
  /** What the input shows (for booleans: "true" / "false"). */
  text: string;
}

function kindOf(value: unknown): FieldKind {
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "number") return "number";
  if (typeof value === "string") return "string";
  return "json";
}

/** The form's fields for a settings object (anything else has no fields). */
export function toFields(settings: unknown): SettingField[] {
  if (settings === null || typeof settings !== "object" || Array.isArray(settings)) {
    return [];
  }
  return Object.entries(settings).map(([key, value]) => {
    const kind = kindOf(value);
    const text = kind === "string" ? String(value) : JSON.stringify(value, null, kind === "json" ? 2 : undefined);
    return { key, kind, text };
  });
}

export interface FormValues {
  values: Record<string, unknown>;
  /** Fields the browser cannot even parse (JSON syntax), by key. */
  problems: Record<string, string>;
}

/**
 * The settings object to send. A number that does not parse is sent as typed, so the server's
 * own message explains what it expects.
 */
export function fromFields(fields: readonly SettingField[]): FormValues {
  const result: FormValues = { values: {}, problems: {} };
  for (const field of fields) {
    if (field.kind === "boolean") {
      result.values[field.key] = field.text === "true";
    } else if (field.kind === "number") {
      const trimmed = field.text.trim();
      const parsed = Number(trimmed);
      result.values[field.key] = trimmed === "" ? null : Number.isFinite(parsed) ? parsed : trimmed;
    } else if (field.kind === "string") {
      result.values[field.key] = field.text;
    } else {
      try {
        result.values[field.key] = JSON.parse(field.text) as unknown;
      } catch {
        result.problems[field.key] = "Not valid JSON.";
      }
    }
  }
  return result;
}
