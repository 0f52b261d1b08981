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
