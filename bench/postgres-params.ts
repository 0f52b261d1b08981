// The shared raw SQL names its parameters as better-sqlite3 does (`@startsOn`); pg numbers them. Each name is cast
// at every use, so that PostgreSQL never has to guess a parameter's type from its first use.
export type NamedParams = Record<string, string | number>;

/** `@name` as `$n::type`: int for numbers, text for strings, or the type given for that name. */
export function numbered(
  sql: string,
  params: NamedParams,
  types: Record<string, string> = {},
): { text: string; values: (string | number)[] } {
  const names: string[] = [];
  const text = sql.replace(/@(\w+)/g, (_, name: string) => {
    if (!(name in params)) throw new Error(`no value for @${name}`);
    if (!names.includes(name)) names.push(name);
    const type = types[name] ?? (typeof params[name] === "number" ? "int" : "text");
    return `$${names.indexOf(name) + 1}::${type}`;
  });
  return { text, values: names.map((name) => params[name] as string | number) };
}
