// A long list shown a page at a time, narrowed by what the user types: the state behind every list of buttons in a
// flow (kit.ask, kit.toggles), so that a roster of any size stays under Telegram's 100 buttons per message.

export const PAGE_SIZE = 20;

/** Lower case, without accents, so that "niccolo" finds "Niccolò". */
export function searchable(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

export class PagedList<T extends { label: string }> {
  private page = 0;
  private matching: number[] | null = null;
  private queryText = "";

  constructor(
    readonly items: readonly T[],
    readonly pageSize = PAGE_SIZE,
  ) {}

  /** The indexes (into `items`) the list shows: every item, or those matching the search. */
  private get shown(): number[] {
    return this.matching ?? this.items.map((_, index) => index);
  }

  get pages(): number {
    return Math.max(1, Math.ceil(this.shown.length / this.pageSize));
  }

  get pageNumber(): number {
    return this.page + 1;
  }

  /** True when the whole list does not fit on one page. */
  get paged(): boolean {
    return this.pages > 1;
  }

  /** Long lists (or a narrowed one) can be searched by typing. */
  get searchable(): boolean {
    return this.items.length > this.pageSize || this.matching !== null;
  }

  get query(): string | null {
    return this.matching === null ? null : this.queryText;
  }

  /** The items of the current page with their index in `items` (stable across pages and searches). */
  visible(): { index: number; item: T }[] {
    const start = this.page * this.pageSize;
    return this.shown.slice(start, start + this.pageSize).map((index) => ({ index, item: this.items[index] as T }));
  }

  /** Next or previous page; past either end it wraps round, so the last page is one tap from the first. */
  turn(step: 1 | -1): void {
    this.page = (this.page + step + this.pages) % this.pages;
  }

  /** Keeps the items whose label contains every typed word; returns how many match (0 leaves the list as it was). */
  search(query: string): number {
    const words = searchable(query).split(/\s+/).filter(Boolean);
    const found = this.items
      .map((item, index) => ({ index, label: searchable(item.label) }))
      .filter(({ label }) => words.every((word) => label.includes(word)))
      .map(({ index }) => index);
    if (found.length === 0) return 0;
    this.matching = found;
    this.queryText = query.trim();
    this.page = 0;
    return found.length;
  }

  clearSearch(): void {
    this.matching = null;
    this.page = 0;
  }
}
