import { useEffect, useRef, type ReactNode } from "react";

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** False when the action cannot succeed; the dialog then only explains. */
  canConfirm?: boolean;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** A modal <dialog>: focus moves in, Escape cancels, focus returns where it was. */
export function ConfirmDialog({ title, children, confirmLabel, canConfirm = true, busy = false, onConfirm, onCancel }: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog?.showModal();
    return () => {
      dialog?.close();
      opener?.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="dialog-title"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id="dialog-title">{title}</h2>
      <div className="dialog-body">{children}</div>
      <div className="actions">
        <button type="button" onClick={onCancel} autoFocus={!canConfirm}>
          {canConfirm ? "Cancel" : "Close"}
        </button>
        {canConfirm && (
          <button type="button" className="primary" onClick={onConfirm} disabled={busy} autoFocus>
            {confirmLabel}
          </button>
        )}
      </div>
    </dialog>
  );
}
