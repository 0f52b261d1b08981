// Referrals (segnalazioni): who sends a person to a programme, and why a referral was not taken on. Codes are kept.
export const REFERRAL_SOURCES = [
  "prison",
  "uepe",
  "ussm",
  "serd",
  "cps",
  "municipal_social_services",
  "third_sector",
  "self",
  "other",
] as const;
export type ReferralSource = (typeof REFERRAL_SOURCES)[number];

/** Referrals from prison are "carcere" in funders' tables; every other source is "servizi territoriali". */
export const PRISON_SOURCE: ReferralSource = "prison";

export const REFERRAL_STATUSES = ["pending", "accepted", "declined"] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export const DECLINE_REASONS = [
  "not_eligible",
  "declined_by_person",
  "transferred",
  "end_of_sentence",
  "unreachable",
  "other",
] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];
