// `invite --role <role> [--site <prefix>]`: an invite code from the server, e.g. before any admin exists.
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns/format";
import { isRole, ROLES } from "../../domain/roles.ts";
import { issueInvite } from "../../services/access.ts";
import { listSites } from "../../services/staff.ts";
import { type Command, EXIT, parseOptions, UsageError } from "./command.ts";

export const inviteCommand: Command = {
  name: "invite",
  usage: [`invite --role <${ROLES.join("|")}> [--site <prefix>]   (no --site for admin)`],
  async run({ io, services }, args) {
    const { values } = parseOptions({ args, options: { role: { type: "string" }, site: { type: "string" } } });
    const { role, site: prefix } = values;
    if (!role || !isRole(role)) throw new UsageError(`--role must be one of: ${ROLES.join(", ")}`);
    if (role === "admin" && prefix) throw new UsageError("an admin invite has no --site: admins work on every site");
    if (role !== "admin" && !prefix) throw new UsageError(`--site <prefix> is required for the role ${role}`);
    const deps = await services();
    const site = prefix ? (await listSites(deps)).find((s) => s.codePrefix === prefix.toUpperCase()) : null;
    if (site === undefined) {
      io.err(`No active site has the code prefix ${prefix}.`);
      return EXIT.failed;
    }
    const invite = await issueInvite(deps, { role, site, createdById: null });
    const expires = format(new TZDate(invite.expiresAt.getTime(), deps.timeZone), "yyyy-MM-dd HH:mm");
    io.out(`Invite code: ${invite.code}  (${role}${site ? ` at ${site.codePrefix} · ${site.name}` : ", every site"})`);
    io.out(`Single use, valid until ${expires} (${deps.timeZone}).`);
    io.out(`The new user opens the bot and sends: /start ${invite.code.replaceAll("-", "")}`);
    return EXIT.ok;
  },
};
