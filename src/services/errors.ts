// Failures a user can cause; messageKey is a Fluent message id, so the bot can explain them in the user's language.
export class ServiceError extends Error {
  constructor(
    readonly messageKey: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(messageKey);
    this.name = "ServiceError";
  }
}

/** The same words for "does not exist" and "not yours", so nobody can probe who or what exists. */
export const notFoundOrNotAllowed = () => new ServiceError("error-not-found-or-not-allowed");
export const notAllowed = () => new ServiceError("error-not-allowed");

/** Checks a use case's input with its zod schema; a bad field becomes a localised "invalid input" naming it. */
export function validInput<Output>(schema: { safeParse(input: unknown): ZodResult<Output> }, input: unknown): Output {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ServiceError("error-invalid-input", {
    details: parsed.error.issues.map((issue) => issue.path.join(".") || issue.message).join(", "),
  });
}

type ZodResult<Output> =
  | { success: true; data: Output }
  | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
