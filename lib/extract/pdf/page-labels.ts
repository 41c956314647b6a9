/**
 * How pages are cited: "p. 12" with the PDF's own page labels where it has them (so a book's
 * front matter reads "p. xii" and page 1 is the first page of chapter 1, as printed), else the
 * physical page number. A label used by two pages gets the physical number added to stay unique.
 */
export interface PageLabeler {
  label: (pageNumber: number) => string;
  /** "pp. 120–352" for a run of pages, by the same labels. */
  range: (first: number, last: number) => string;
  source: "pdf" | "page-number";
}

export function pageLabeler(pageCount: number, pdfLabels: readonly string[] | null): PageLabeler {
  const usable = pdfLabels !== null && pdfLabels.length === pageCount && pdfLabels.some((label, index) => label.trim() !== String(index + 1));
  if (!usable) return { label: (pageNumber) => `p. ${pageNumber}`, range: (first, last) => `pp. ${first}–${last}`, source: "page-number" };
  const names = pdfLabels.map((label, index) => label.trim() || String(index + 1));
  const uses = new Map<string, number>();
  for (const name of names) uses.set(name, (uses.get(name) ?? 0) + 1);
  return {
    label: (pageNumber) => {
      const name = names[pageNumber - 1] ?? String(pageNumber);
      return (uses.get(name) ?? 0) > 1 ? `p. ${name} (page ${pageNumber} of the file)` : `p. ${name}`;
    },
    range: (first, last) => `pp. ${names[first - 1] ?? first}–${names[last - 1] ?? last} (pages ${first}–${last} of the file)`,
    source: "pdf",
  };
}
