export const POSTGRES_SCHEMA: string;
export function postgresSchemaOf(sqliteSchema: string): string;
export function writePostgresSchema(): string;
