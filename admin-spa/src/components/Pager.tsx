interface PagerProps {
  /** The cursor the page starts after; null on the first page. */
  after: string | null;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  onPage: (after: string | null) => void;
}

/** First/next page buttons over a Relay connection. */
export function Pager({ after, pageInfo, onPage }: PagerProps) {
  if (after === null && !pageInfo.hasNextPage) {
    return null;
  }
  return (
    <div className="actions">
      {after !== null && (
        <button type="button" onClick={() => onPage(null)}>
          First page
        </button>
      )}
      {pageInfo.hasNextPage && (
        <button type="button" onClick={() => onPage(pageInfo.endCursor ?? null)}>
          Next page
        </button>
      )}
    </div>
  );
}
