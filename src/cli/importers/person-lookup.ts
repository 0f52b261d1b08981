// The people a path import refers to by code: found, not erased, with their intake and current sites.
import type { ServiceDeps } from "../../services/deps.ts";

export interface ImportPerson {
  id: number;
  code: string;
  intakeOn: string;
  dischargeOn: string | null;
}

/** People by code for the codes a file mentions; unknown or erased codes are absent. */
export async function peopleByCode(deps: ServiceDeps, codes: Iterable<string>): Promise<Map<string, ImportPerson>> {
  const rows = await deps.db.person.findMany({
    where: { code: { in: [...new Set(codes)] }, erasedAt: null },
    select: { id: true, code: true, intakeOn: true, dischargeOn: true },
  });
  return new Map(rows.map((row) => [row.code, row]));
}

export const noSuchPerson = (code: string) => `no person has the code ${code}`;
