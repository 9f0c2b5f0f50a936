import type { ReactNode } from "react";
import { RequestError } from "../api/client";

/** Describe anything thrown by a request, with the server's code when it gave one. */
export function describeError(error: unknown): string {
  if (error instanceof RequestError) {
    return error.code === "NETWORK" || error.code === "BAD_RESPONSE"
      ? error.message
      : `${error.message} (${error.code})`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** An error the user must see: announced to screen readers. */
export function ErrorNotice({ error }: { error: unknown }) {
  if (error === null || error === undefined) {
    return null;
  }
  return (
    <p className="notice notice-error" role="alert">
      {describeError(error)}
    </p>
  );
}

/** A list of general payload errors. */
export function ErrorList({ messages }: { messages: readonly string[] }) {
  if (messages.length === 0) {
    return null;
  }
  return (
    <ul className="notice notice-error" role="alert">
      {messages.map((message) => (
        <li key={message}>{message}</li>
      ))}
    </ul>
  );
}

/** A success or information message, announced politely. */
export function InfoNotice({ children }: { children: ReactNode }) {
  return (
    <p className="notice notice-info" role="status">
      {children}
    </p>
  );
}

/** The messages for one field, linked to it by `id` (use in aria-describedby). */
export function FieldErrors({ id, messages }: { id: string; messages: readonly string[] | undefined }) {
  if (!messages || messages.length === 0) {
    return null;
  }
  return (
    <span className="field-error" id={id} role="alert">
      {messages.join(" ")}
    </span>
  );
}
