// What the importers look up by the codes people write in spreadsheets: sites by prefix, staff by Telegram id.
import type { SiteRef } from "../../domain/permissions.ts";
import type { ServiceDeps } from "../../services/deps.ts";
import { findStaffByTelegramId, listSites, type StaffMember } from "../../services/staff.ts";

export type ImportSite = SiteRef & { name: string; codePrefix: string };

/** Active sites by code prefix (BOL, OPE…). */
export async function sitesByPrefix(deps: ServiceDeps): Promise<Map<string, ImportSite>> {
  return new Map((await listSites(deps)).map((site) => [site.codePrefix, site]));
}

/** Staff members by Telegram id, for the ids a file mentions; unknown ids are absent from the map. */
export async function staffByTelegramId(
  deps: ServiceDeps,
  telegramIds: Iterable<number>,
): Promise<Map<number, StaffMember>> {
  const found = new Map<number, StaffMember>();
  for (const telegramId of new Set(telegramIds)) {
    const staff = await findStaffByTelegramId(deps, telegramId);
    if (staff) found.set(telegramId, staff);
  }
  return found;
}

export const noSuchSite = (prefix: string) => `no active site has the code prefix ${prefix}`;
