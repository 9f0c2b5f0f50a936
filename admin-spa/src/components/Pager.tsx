interface PagerProps {
  /** The cursor the page starts after; null on the first page. */
  after: string | null;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  onPage: (after: string | null) => void;
  /** The buttons' words, for lists where "next" means something more telling (older). */
  firstLabel?: string;
  nextLabel?: string;
}

/** First/next page buttons over a Relay connection. */
export function Pager({ after, pageInfo, onPage, firstLabel = "First page", nextLabel = "Next page" }: PagerProps) {
  if (after === null && !pageInfo.hasNextPage) {
    return null;
  }
  return (
    <div className="actions">
      {after !== null && (
        <button type="button" onClick={() => onPage(null)}>
          {firstLabel}
        </button>
      )}
      {pageInfo.hasNextPage && (
        <button type="button" onClick={() => onPage(pageInfo.endCursor ?? null)}>
          {nextLabel}
        </button>
      )}
    </div>
  );
}
