// Money as the API has it: integer minor units (cents) of one currency. Amounts are typed and
// shown in major units (12.50) and converted with string arithmetic, never through floats.

/** The largest amount the API takes: ±(2^53 - 1) minor units. */
export const MAX_MINOR = Number.MAX_SAFE_INTEGER;

/** A three-letter ISO 4217 code, upper-cased; null when the text is not one. */
export function normalCurrency(text: string): string | null {
  const code = text.trim().toUpperCase();
  return /^[A-Z]{3}$/.test(code) ? code : null;
}

/** How many decimals a currency's minor unit has (USD 2, JPY 0, KWD 3), from the browser's ICU. */
export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

export type Parsed = { ok: true; minor: number } | { ok: false; message: string };

/** An amount typed in major units (`12`, `12.5`, `1234.56`) as minor units of `currency`. */
export function parseAmount(text: string, currency: string): Parsed {
  const digits = currencyDigits(currency);
  const typed = text.trim();
  const match = /^(\d+)(?:\.(\d*))?$/.exec(typed);
  if (match === null) {
    return { ok: false, message: digits === 0 ? "a whole number, like 1200" : "a number like 12.50" };
  }
  const whole = match[1] ?? "0";
  const fraction = match[2] ?? "";
  if (fraction.length > digits) {
    const most = digits === 0 ? "no decimals" : `at most ${digits} decimal${digits === 1 ? "" : "s"}`;
    return { ok: false, message: `${currency} takes ${most}` };
  }
  const minorText = (whole + fraction.padEnd(digits, "0")).replace(/^0+(?=\d)/, "");
  const minor = Number(minorText);
  if (!Number.isSafeInteger(minor) || minor > MAX_MINOR) {
    return { ok: false, message: "too large an amount" };
  }
  return { ok: true, minor };
}

/** Minor units as a plain decimal in major units (`1250` USD → `12.50`), exactly. */
export function minorToDecimal(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  const sign = minor < 0 ? "-" : "";
  const text = String(Math.abs(Math.trunc(minor))).padStart(digits + 1, "0");
  return digits === 0 ? `${sign}${text}` : `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** Minor units shown for people (`$12.50`, `¥1,200`), in the browser's locale unless given. */
export function formatMoney(money: { amount: number; currency: string }, locale?: string): string {
  const format = new Intl.NumberFormat(locale, { style: "currency", currency: money.currency });
  // A decimal string keeps every digit of amounts past 2^53 / 100 (Intl takes strings exactly).
  return format.format(minorToDecimal(money.amount, money.currency) as unknown as number);
}
