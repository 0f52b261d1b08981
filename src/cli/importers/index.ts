// Every importer `npm run cli -- import <kind>` knows about; a new kind is one more line here.
import { activitiesImporter } from "./activities.ts";
import { allowancesImporter } from "./allowances.ts";
import { bedsImporter } from "./beds.ts";
import { internshipsImporter } from "./internships.ts";
import { legalStatusesImporter } from "./legal-statuses.ts";
import { closuresImporter, openingHoursImporter } from "./calendar.ts";
import { outputsImporter } from "./outputs.ts";
import { peopleImporter } from "./people.ts";
import { plansImporter } from "./plans.ts";
import { referralsImporter } from "./referrals.ts";
import { shiftsImporter } from "./shifts.ts";
import { staffImporter } from "./staff.ts";
import { targetsImporter } from "./targets.ts";
import type { Importer } from "./types.ts";

export const importers: readonly Importer[] = [
  staffImporter,
  peopleImporter,
  legalStatusesImporter,
  referralsImporter,
  internshipsImporter,
  allowancesImporter,
  bedsImporter,
  activitiesImporter,
  shiftsImporter,
  plansImporter,
  targetsImporter,
  openingHoursImporter,
  closuresImporter,
  outputsImporter,
];
