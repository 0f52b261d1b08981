// The state behind every list of buttons in a flow: pages that wrap round, and a search by typing.
import { describe, expect, it } from "vitest";
import { PagedList } from "../../../src/bot/flows/paged-list.ts";

const people = Array.from({ length: 45 }, (_, index) => ({ label: `BOL-${String(index + 1).padStart(4, "0")}` }));
const labels = (list: PagedList<{ label: string }>) => list.visible().map(({ item }) => item.label);

describe("a paged list", () => {
  it("shows 20 at a time and wraps round at either end", () => {
    const list = new PagedList(people);
    expect(list.pages).toBe(3);
    expect(labels(list)).toHaveLength(20);
    list.turn(-1);
    expect(list.pageNumber).toBe(3);
    expect(labels(list)).toEqual(["BOL-0041", "BOL-0042", "BOL-0043", "BOL-0044", "BOL-0045"]);
    list.turn(1);
    expect(list.pageNumber).toBe(1);
  });

  it("is not paged nor searchable when everything fits on one page", () => {
    const list = new PagedList(people.slice(0, 20));
    expect(list.paged).toBe(false);
    expect(list.searchable).toBe(false);
  });

  it("keeps the items matching every typed word, ignoring case and accents, with their original index", () => {
    const list = new PagedList([{ label: "BOL-0001 · Niccolò R." }, { label: "BOL-0002 · Nicola B." }, ...people]);
    expect(list.search("niccolo")).toBe(1);
    expect(list.visible()).toEqual([{ index: 0, item: { label: "BOL-0001 · Niccolò R." } }]);
    expect(list.query).toBe("niccolo");
    expect(list.search("nic b.")).toBe(1);
    expect(labels(list)).toEqual(["BOL-0002 · Nicola B."]);
  });

  it("leaves the list as it was when nothing matches, and shows everything again when the search is cleared", () => {
    const list = new PagedList(people);
    list.search("BOL-004");
    expect(labels(list)).toHaveLength(6);
    expect(list.search("zzz")).toBe(0);
    expect(labels(list)).toHaveLength(6);
    list.clearSearch();
    expect(list.query).toBeNull();
    expect(list.pages).toBe(3);
  });
});
