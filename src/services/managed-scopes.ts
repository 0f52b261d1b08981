// What an actor manages, for the menus of coordinator and admin tasks (/prodotti, /riepilogo): the programmes by
// name, each with whether the actor administers it and its active sites they coordinate (admins: all), by name.
import { type Actor, canManageSite, isAdmin } from "../domain/permissions.ts";
import type { ServiceDeps } from "./deps.ts";

export interface ManagedProgramme {
  id: number;
  name: string;
  administered: boolean;
  sites: { id: number; name: string }[];
}

export async function managedProgrammes(deps: Pick<ServiceDeps, "db">, actor: Actor): Promise<ManagedProgramme[]> {
  const programmes = await deps.db.programme.findMany({
    select: {
      id: true,
      name: true,
      sites: { where: { active: true }, select: { id: true, name: true }, orderBy: { name: "asc" } },
    },
    orderBy: { name: "asc" },
  });
  return programmes.map((programme) => ({
    id: programme.id,
    name: programme.name,
    administered: isAdmin(actor, programme.id),
    sites: programme.sites.filter((site) => canManageSite(actor, { id: site.id, programmeId: programme.id })),
  }));
}
