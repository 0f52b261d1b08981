// Every importer `npm run cli -- import <kind>` knows about; a new kind is one more line here.
import { activitiesImporter } from "./activities.ts";
import { closuresImporter, openingHoursImporter } from "./calendar.ts";
import { outputsImporter } from "./outputs.ts";
import { peopleImporter } from "./people.ts";
import { plansImporter } from "./plans.ts";
import { shiftsImporter } from "./shifts.ts";
import { staffImporter } from "./staff.ts";
import { targetsImporter } from "./targets.ts";
import type { Importer } from "./types.ts";

export const importers: readonly Importer[] = [
  staffImporter,
  peopleImporter,
  activitiesImporter,
  shiftsImporter,
  plansImporter,
  targetsImporter,
  openingHoursImporter,
  closuresImporter,
  outputsImporter,
];
