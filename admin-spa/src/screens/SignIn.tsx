import { useState, type FormEvent } from "react";
import { splitErrors } from "../api/errors";
import type { Session } from "../api/session";
import { ErrorList, ErrorNotice, FieldErrors, InfoNotice } from "../components/Notice";

interface SignInProps {
  session: Session;
  message: string | null;
  onSignedIn: () => void;
}

const FIELDS = ["email", "password"];

/** Email and password; the server sets the HttpOnly session cookie. */
export function SignIn({ session, message, onSignedIn }: SignInProps) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [errors, setErrors] = useState(splitErrors([], FIELDS));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      const problems = await session.signIn(email, password);
      setErrors(splitErrors(problems, FIELDS));
      if (problems.length === 0) {
        onSignedIn();
      }
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <h1>RusToK admin</h1>
      {message && <InfoNotice>{message}</InfoNotice>}
      <form onSubmit={submit} aria-label="Sign in">
        <label htmlFor="email">Email</label>
        <input
          id="email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          aria-describedby="email-error"
        />
        <FieldErrors id="email-error" messages={errors.byField.email} />
        <label htmlFor="password">Password</label>
        <input
          id="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          aria-describedby="password-error"
        />
        <FieldErrors id="password-error" messages={errors.byField.password} />
        <ErrorList messages={errors.general} />
        <ErrorNotice error={failure} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
