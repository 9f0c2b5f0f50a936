// Times typed in `datetime-local` inputs (the browser's zone, no offset) and the UTC instants
// the API takes.

/**
 * A `datetime-local` value as the UTC instant the API wants; null when blank. A value the
 * browser cannot read goes as typed, for the server to refuse with its own message.
 */
export function localToUtc(value: string): string | null {
  if (value.trim() === "") {
    return null;
  }
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? value : parsed.toISOString();
}

/** A moment as a `datetime-local` value in the browser's zone (to the minute). */
function localInput(moment: Date): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}T${pad(moment.getHours())}:${pad(moment.getMinutes())}`;
}

/** `now` minus `hours`, as a `datetime-local` value in the browser's zone (to the minute). */
export function localInputHoursBefore(now: Date, hours: number): string {
  return localInput(new Date(now.getTime() - hours * 3600 * 1000));
}

/** An instant from the API as a `datetime-local` value in the browser's zone; "" for none. */
export function utcToLocalInput(instant: string | null | undefined): string {
  if (!instant) {
    return "";
  }
  const parsed = new Date(instant);
  return Number.isNaN(parsed.getTime()) ? "" : localInput(parsed);
}
