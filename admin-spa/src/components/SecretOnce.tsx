import { useState } from "react";

interface SecretOnceProps {
  /** What the secret is, for the heading: "Signing secret", "API key". */
  title: string;
  secret: string;
  /** How to use it, one sentence. */
  hint: string;
  onDone: () => void;
}

/** A secret the server shows only once: readable, copyable, and clearly never shown again. */
export function SecretOnce({ title, secret, hint, onDone }: SecretOnceProps) {
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied("Copied to the clipboard.");
    } catch {
      setCopied("The browser refused to copy: select the text and copy it yourself.");
    }
  };
  return (
    <section className="card secret-once" aria-labelledby="secret-once-title">
      <h2 id="secret-once-title">{title}</h2>
      <p className="secret-warning">
        <strong>Copy it now: you will not see this again.</strong> Only a sealed or hashed form is kept on the server.
      </p>
      <p className="muted">{hint}</p>
      <code className="secret" data-testid="secret" tabIndex={0}>
        {secret}
      </code>
      <div className="actions">
        <button type="button" onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" className="primary" onClick={onDone}>
          I have saved it
        </button>
        {copied && <span role="status">{copied}</span>}
      </div>
    </section>
  );
}
