// The codes and names a digest's text shows, for the ids its figures list.
import { readSnapshot } from "../../db/client.ts";
import { placeholders as list } from "../../db/sql.ts";
import type { ServiceDeps } from "../deps.ts";

export interface DigestLabels {
  personCodes: Record<number, string>;
  activityNames: Record<number, string>;
  staffNames: Record<number, string>;
}

/** Codes and names that a digest's text shows for the ids its figures list (any number of ids). */
export function loadDigestLabels(
  db: ServiceDeps["db"],
  ids: { people: readonly number[]; activities: readonly number[]; staff: readonly number[] },
): Promise<DigestLabels> {
  return readSnapshot(db, async (sql) => {
    const pairs = async (table: string, label: string, values: readonly number[]): Promise<Record<number, string>> => {
      const unique = [...new Set(values)];
      const found: Record<number, string> = {};
      for (let start = 0; start < unique.length; start += LABEL_BATCH) {
        const batch = unique.slice(start, start + LABEL_BATCH);
        const rows = await sql.all(
          `SELECT "id", "${label}" AS "label" FROM "${table}" WHERE "id" IN (${list(batch)})`,
          ...batch,
        );
        for (const row of rows) found[row.id as number] = row.label as string;
      }
      return found;
    };
    return {
      personCodes: await pairs("Person", "code", ids.people),
      activityNames: await pairs("Activity", "name", ids.activities),
      staffNames: await pairs("Staff", "displayName", ids.staff),
    };
  });
}

/** Ids per query: far below either engine's limit on parameters. */
const LABEL_BATCH = 500;
