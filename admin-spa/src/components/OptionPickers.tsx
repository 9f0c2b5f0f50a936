import { FieldErrors } from "./Notice";
import type { OptionLine, VariantRow } from "../lib/commerce";

interface OptionPickersProps {
  id: string;
  label: string;
  options: readonly OptionLine[];
  row: VariantRow;
  onChange: (choices: Record<string, string>) => void;
  messages: readonly string[] | undefined;
}

/** One select per option, for a variant's values. */
export function OptionPickers({ id, label, options, row, onChange, messages }: OptionPickersProps) {
  return (
    <>
      {options.map((option, at) => (
        <span key={option.name} className="post-fields">
          <label htmlFor={`${id}-option-${at}`}>
            {label} {option.name}
          </label>
          <select
            id={`${id}-option-${at}`}
            value={row.choices[option.name] ?? option.values[0] ?? ""}
            onChange={(event) => onChange({ ...row.choices, [option.name]: event.target.value })}
            aria-invalid={messages ? true : undefined}
            aria-describedby={`${id}-options-error`}
          >
            {option.values.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </span>
      ))}
      <FieldErrors id={`${id}-options-error`} messages={messages} />
    </>
  );
}
