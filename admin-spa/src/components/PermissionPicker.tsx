import { groupPermissions, toggle, type PermissionInfo } from "../lib/permissions";
import { FieldErrors } from "./Notice";

interface PermissionPickerProps {
  /** Prefix of the checkboxes' ids, unique on the page. */
  id: string;
  legend: string;
  available: readonly PermissionInfo[];
  selected: readonly string[];
  onChange: (selected: string[]) => void;
  errors: readonly string[];
  disabled?: boolean;
}

/** Checkboxes for permissions, one fieldset per module. */
export function PermissionPicker({ id, legend, available, selected, onChange, errors, disabled = false }: PermissionPickerProps) {
  const errorId = `${id}-error`;
  return (
    <fieldset className="permissions" aria-describedby={errorId} aria-invalid={errors.length > 0 ? true : undefined}>
      <legend>{legend}</legend>
      {available.length === 0 && <p className="muted">There are no permissions you may grant.</p>}
      {groupPermissions(available).map((group) => (
        <fieldset key={group.module} className="permission-group">
          <legend>{group.module}</legend>
          {group.permissions.map((permission) => {
            const box = `${id}-${permission.name}`;
            return (
              <div key={permission.name} className="field-check permission">
                <input
                  type="checkbox"
                  id={box}
                  checked={selected.includes(permission.name)}
                  disabled={disabled}
                  onChange={(event) => onChange(toggle(selected, permission.name, event.target.checked))}
                />
                <label htmlFor={box}>
                  {permission.name}
                  {permission.description && <span className="muted"> — {permission.description}</span>}
                </label>
              </div>
            );
          })}
        </fieldset>
      ))}
      <FieldErrors id={errorId} messages={errors} />
    </fieldset>
  );
}
