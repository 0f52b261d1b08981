// What every service needs, injected so tests can run on a temporary database and a fixed clock.
import type { Logger } from "pino";
import type { Db } from "../db/client.ts";
import type { Cipher } from "./crypto.ts";

export type Clock = () => Date;

export interface ServiceDeps {
  db: Db;
  cipher: Cipher;
  clock: Clock;
  timeZone: string;
  logger: Logger;
  bootstrapAdminIds: readonly number[];
}
