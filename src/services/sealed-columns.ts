// Every column holding ciphertext, by table. A sealed value is bound to its place ("Table.column" and the row's id):
// it opens only there, so it cannot be moved to another row or column (docs/reliability.md).

export const SEALED_COLUMNS = [
  { table: "Person", id: "id", columns: ["givenNameEnc", "familyNameEnc"] },
  { table: "Plan", id: "id", columns: ["generalObjectiveEnc", "crisisNotesEnc"] },
  { table: "PlanGoal", id: "id", columns: ["textEnc"] },
  { table: "PlanIntervention", id: "id", columns: ["whatEnc"] },
  { table: "PlanNetworkContact", id: "id", columns: ["referentEnc", "phoneEnc"] },
  { table: "Session", id: "id", columns: ["noteEnc"] },
  { table: "CriticalEvent", id: "id", columns: ["descriptionEnc", "actionsEnc"] },
  { table: "EventFollowUp", id: "id", columns: ["textEnc"] },
  { table: "BreakGlassGrant", id: "id", columns: ["reasonEnc"] },
  { table: "Referral", id: "id", columns: ["givenNameEnc", "familyNameEnc"] },
  { table: "PersonRecordChange", id: "id", columns: ["changesEnc"] },
  { table: "ReleaseService", id: "id", columns: ["contactEnc"] },
  { table: "AuditEntry", id: "id", columns: ["reasonEnc"] },
  { table: "Delivery", id: "id", columns: ["payloadEnc"] },
  { table: "ChatState", id: "key", columns: ["valueEnc"] },
  { table: "InboxUpdate", id: "updateId", columns: ["payloadEnc"] },
] as const;

type SealedTableEntry = (typeof SEALED_COLUMNS)[number];
type ColumnsOf<Entry> = Entry extends { table: infer T extends string; columns: readonly (infer C extends string)[] }
  ? `${T}.${C}`
  : never;

/** "Table.column" of a sealed column, e.g. "Person.givenNameEnc". */
export type SealedColumn = ColumnsOf<SealedTableEntry>;

/** Tables with sealed columns whose ids SQLite numbers (AUTOINCREMENT): their ids are reserved before the insert. */
export type NumberedSealedTable = Extract<SealedTableEntry, { id: "id" }>["table"];

/** The id of the row a value is sealed in: a number, or the key of ChatState and the update id of InboxUpdate. */
export type RowId = number | bigint | string;
