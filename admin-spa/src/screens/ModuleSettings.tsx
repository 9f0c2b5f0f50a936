import { useEffect, useState, type FormEvent } from "react";
import { useAction, useAdmin, useLoad } from "../admin";
import { splitErrors, type SplitErrors } from "../api/errors";
import { Link } from "../components/Link";
import { ErrorList, ErrorNotice, FieldErrors, InfoNotice } from "../components/Notice";
import { graphql } from "../gql";
import { fromFields, toFields, type SettingField } from "../lib/settings";

const ModuleSettingsDocument = graphql(`
  query ModuleSettings($module: String!) {
    moduleSettings(module: $module)
  }
`);

const ModuleSettingsUpdateDocument = graphql(`
  mutation ModuleSettingsUpdate($input: ModuleSettingsUpdateInput!) {
    moduleSettingsUpdate(input: $input) { settings errors { code field message } }
  }
`);

/** One module's settings as a form; the server's errors appear next to their fields. */
export function ModuleSettings({ module }: { module: string }) {
  const { session, can } = useAdmin();
  const loaded = useLoad(() => session.client.request(ModuleSettingsDocument, { module }), [module]);
  const [fields, setFields] = useState<SettingField[]>([]);
  useEffect(() => {
    if (loaded.data) {
      setFields(toFields(loaded.data.moduleSettings));
    }
  }, [loaded.data]);
  const readOnly = !can("core.manage_modules");

  return (
    <>
      <p>
        <Link to="modules">← Modules</Link>
      </p>
      <h1>{module} settings</h1>
      <ErrorNotice error={loaded.error} />
      {loaded.data && fields.length === 0 && <p>This module has no settings.</p>}
      {fields.length > 0 && <SettingsForm module={module} fields={fields} setFields={setFields} readOnly={readOnly} />}
    </>
  );
}

interface SettingsFormProps {
  module: string;
  fields: SettingField[];
  setFields: (fields: SettingField[]) => void;
  readOnly: boolean;
}

function SettingsForm({ module, fields, setFields, readOnly }: SettingsFormProps) {
  const { session } = useAdmin();
  const run = useAction();
  const keys = fields.map((field) => field.key);
  const [errors, setErrors] = useState<SplitErrors>(splitErrors([], keys));
  const [failure, setFailure] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  const edit = (key: string, text: string) => {
    setSaved(false);
    setFields(fields.map((field) => (field.key === key ? { ...field, text } : field)));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const form = fromFields(fields);
    const local = Object.fromEntries(Object.entries(form.problems).map(([key, message]) => [key, [message]]));
    if (Object.keys(local).length > 0) {
      setErrors({ byField: local, general: [] });
      return;
    }
    setBusy(true);
    setSaved(false);
    const result = await run(() =>
      session.client.request(ModuleSettingsUpdateDocument, { input: { module, settings: form.values } }),
    );
    setBusy(false);
    setFailure(result.ok ? null : result.error);
    if (result.ok) {
      const payload = result.value.moduleSettingsUpdate;
      setErrors(splitErrors(payload.errors, keys, "settings."));
      if (payload.errors.length === 0) {
        setFields(toFields(payload.settings));
        setSaved(true);
      }
    }
  };

  return (
    <form onSubmit={submit} className="card" aria-label={`${module} settings`}>
      {fields.map((field) => (
        <SettingInput key={field.key} field={field} errors={errors.byField[field.key]} readOnly={readOnly} onChange={edit} />
      ))}
      <ErrorList messages={errors.general} />
      <ErrorNotice error={failure} />
      {saved && <InfoNotice>Settings saved.</InfoNotice>}
      {!readOnly && (
        <button type="submit" className="primary" disabled={busy}>
          Save settings
        </button>
      )}
    </form>
  );
}

interface SettingInputProps {
  field: SettingField;
  errors: string[] | undefined;
  readOnly: boolean;
  onChange: (key: string, text: string) => void;
}

function SettingInput({ field, errors, readOnly, onChange }: SettingInputProps) {
  const id = `setting-${field.key}`;
  const errorId = `${id}-error`;
  const common = {
    id,
    name: field.key,
    disabled: readOnly,
    "aria-invalid": errors ? true : undefined,
    "aria-describedby": errorId,
  };
  if (field.kind === "boolean") {
    return (
      <div className="field field-check">
        <input type="checkbox" {...common} checked={field.text === "true"} onChange={(event) => onChange(field.key, String(event.target.checked))} />
        <label htmlFor={id}>{field.key}</label>
        <FieldErrors id={errorId} messages={errors} />
      </div>
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>{field.key}</label>
      {field.kind === "json" ? (
        <textarea {...common} rows={4} value={field.text} onChange={(event) => onChange(field.key, event.target.value)} />
      ) : (
        <input
          {...common}
          type="text"
          inputMode={field.kind === "number" ? "decimal" : undefined}
          value={field.text}
          onChange={(event) => onChange(field.key, event.target.value)}
        />
      )}
      <FieldErrors id={errorId} messages={errors} />
    </div>
  );
}
