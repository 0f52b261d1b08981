// Roles and the codes stored for them. Codes never change meaning once in use.
export const ROLES = ["admin", "coordinator", "operator", "on_call"] as const;
export type Role = (typeof ROLES)[number];

export const SITE_KINDS = [
  "day_centre_inside",
  "day_centre_outside",
  "housing",
  "territorial_service",
  "office",
] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

export const FRAGILITIES = [
  "psychiatric",
  "addiction",
  "disability",
  "woman_with_children",
  "homeless",
  "no_documents",
] as const;
export type Fragility = (typeof FRAGILITIES)[number];

export const GENDERS = ["female", "male", "other"] as const;
export type Gender = (typeof GENDERS)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
