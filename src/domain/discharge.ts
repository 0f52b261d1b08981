// How a person's time in the programme ends (dimissione): the outcome codes funders count. Codes never change meaning.
export const DISCHARGE_OUTCOMES = [
  "goals_achieved",
  "referred_to_other_service",
  "dropout",
  "measure_revoked",
  "transferred_to_other_institute",
  "end_of_sentence",
  "death",
  "other",
] as const;
export type DischargeOutcome = (typeof DISCHARGE_OUTCOMES)[number];
