import type { MouseEvent, ReactNode } from "react";
import { hrefOf, navigate } from "../lib/router";

interface LinkProps {
  to: string;
  children: ReactNode;
  current?: boolean;
}

/** An in-app link: a real <a> (keyboard, new tab) that navigates without a reload. */
export function Link({ to, children, current = false }: LinkProps) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={hrefOf(to)} onClick={onClick} aria-current={current ? "page" : undefined}>
      {children}
    </a>
  );
}
