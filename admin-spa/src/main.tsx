import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { Session } from "./api/session";
import { App } from "./App";
import "./styles.css";

const root = document.getElementById("root");
if (root) {
  const session = new Session(window.sessionStorage, window.localStorage);
  createRoot(root).render(
    <StrictMode>
      <App session={session} />
    </StrictMode>,
  );
}
