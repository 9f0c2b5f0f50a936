import type { UserError } from "../api/errors";
import { InfoNotice } from "./Notice";

/** What an action left to say on the order's page. */
export interface ActionNotice {
  tone: "info" | "error";
  text: string;
}

/** What a provider's refusal says, for the page (the server's `PAYMENT_FAILED` messages). */
export function refusal(what: string, errors: readonly UserError[]): ActionNotice {
  const reasons = errors.filter((error) => error.code === "PAYMENT_FAILED").map((error) => error.message);
  const why = reasons.length > 0 ? `: ${reasons.join(" ")}` : "";
  return { tone: "error", text: `The payment provider refused ${what}${why}. Nothing changed hands; open the dialog again to retry.` };
}

/** The line a dialog shows while the provider has not answered. */
export function PendingNotice() {
  return <InfoNotice>The provider has not answered yet; try again or wait. Trying again with this dialog is safe: it cannot charge or refund twice.</InfoNotice>;
}
