// `rotate-key`: re-encrypts every name and free text from ENCRYPTION_KEY to NEW_ENCRYPTION_KEY (both from the
// environment, never from arguments, so keys stay out of the shell history). Safe to run again after a stop.
import { createCipher, keyIdOf } from "../../services/crypto.ts";
import { rotateKey } from "../../services/key-rotation.ts";
import { type Command, EXIT, UsageError } from "./command.ts";

const KEY_HINT = "32 random bytes in base64, e.g. from `openssl rand -base64 32`";

/** The key in a variable, or the line saying what is wrong with it. */
function readKey(env: Readonly<Record<string, string | undefined>>, variable: string, role: string) {
  const value = env[variable]?.trim();
  if (!value) return { problem: `${variable}: is required: ${role} (${KEY_HINT})` };
  // The same rule as the bot's configuration, so any key the bot accepts is accepted here.
  if (Buffer.from(value, "base64").length !== 32) return { problem: `${variable}: must be 32 bytes encoded in base64` };
  return { key: value };
}

export const rotateKeyCommand: Command = {
  name: "rotate-key",
  usage: ["rotate-key   (stop the bot first; re-encrypts from ENCRYPTION_KEY to NEW_ENCRYPTION_KEY)"],
  async run({ io, services, env }, args) {
    if (args.length > 0) throw new UsageError("rotate-key takes no arguments: the keys come from the environment");
    const current = readKey(env, "ENCRYPTION_KEY", "the key the data is encrypted with now");
    const next = readKey(env, "NEW_ENCRYPTION_KEY", "the key to re-encrypt under");
    const problems = [current.problem, next.problem].filter((problem) => problem !== undefined);
    if (
      current.key &&
      next.key &&
      keyIdOf(Buffer.from(current.key, "base64")) === keyIdOf(Buffer.from(next.key, "base64"))
    ) {
      problems.push("NEW_ENCRYPTION_KEY: is the same key as ENCRYPTION_KEY: generate a new one");
    }
    if (problems.length > 0 || !current.key || !next.key) {
      for (const problem of problems) io.err(`Configuration error — ${problem}`);
      io.err("Nothing was re-encrypted.");
      return EXIT.failed;
    }

    // Opens values sealed under either key and seals with the new one; the services use it too (audit entry).
    const cipher = createCipher(next.key, [current.key]);
    const oldKeyId = keyIdOf(Buffer.from(current.key, "base64"));
    let report: Awaited<ReturnType<typeof rotateKey>>;
    try {
      report = await rotateKey({ ...(await services()), cipher }, cipher, ({ table, reencrypted }) =>
        io.out(`${table}: ${reencrypted} re-encrypted.`),
      );
    } catch (error) {
      io.err(`Rotation stopped: ${error instanceof Error ? error.message : String(error)}.`);
      io.err(`Is ENCRYPTION_KEY the key the bot runs with (key id ${oldKeyId})?`);
      io.err(
        "Some values may already be under the new key: fix the problem and run rotate-key again before starting the bot.",
      );
      return EXIT.failed;
    }
    io.out(
      report.reencrypted === 0
        ? `Nothing left to re-encrypt: every value is already under the new key (key id ${cipher.keyId}).`
        : `Re-encrypted ${report.reencrypted} ${report.reencrypted === 1 ? "value" : "values"} from key id ${oldKeyId} to key id ${cipher.keyId}.`,
    );
    io.out(`Checked: no value under another key than ${cipher.keyId} remains.`);
    io.out(
      `Rebuilt the name search index of ${report.people} ${report.people === 1 ? "person" : "people"}. Recorded in the audit log.`,
    );
    io.out(
      "Now set ENCRYPTION_KEY to the value of NEW_ENCRYPTION_KEY and restart the bot: the old key no longer opens the data.",
    );
    io.out("Keep the old key as long as you keep backups taken before today: they can only be read with it.");
    return EXIT.ok;
  },
};
