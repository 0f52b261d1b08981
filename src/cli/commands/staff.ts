// `staff list`, `staff deactivate <telegram_id>` (access cut at the user's next tap) and `staff network-worker <site
// prefix> <telegram_id>` (the site's network social worker, who prepares protected discharges).
import { ServiceError } from "../../services/errors.ts";
import { setNetworkWorker } from "../../services/release.ts";
import { deactivateStaff, findStaffByTelegramId } from "../../services/staff.ts";
import { type Command, EXIT, UsageError } from "./command.ts";

const TELEGRAM_ID = /^\d{1,15}$/;

export const staffCommand: Command = {
  name: "staff",
  usage: ["staff list", "staff deactivate <telegram_id>", "staff network-worker <site_prefix> <telegram_id>"],
  async run({ io, services }, args) {
    const [action, telegramId, ...extra] = args;
    if (action === "list" && telegramId === undefined) {
      const deps = await services();
      const staff = await deps.db.staff.findMany({
        orderBy: [{ active: "desc" }, { displayName: "asc" }],
        include: { memberships: { include: { site: { select: { codePrefix: true } } } } },
      });
      for (const member of staff) {
        const roles = member.memberships.map((m) => (m.site ? `${m.role}@${m.site.codePrefix}` : m.role)).join(", ");
        const status = member.active ? "active" : "deactivated";
        io.out(
          `${String(member.telegramId).padEnd(12)} ${member.displayName.padEnd(28)} ${status.padEnd(11)} ${roles || "-"}`,
        );
      }
      io.out(`${staff.length} staff members (${staff.filter((m) => m.active).length} active).`);
      return EXIT.ok;
    }
    if (action === "deactivate" && telegramId !== undefined && extra.length === 0) {
      if (!TELEGRAM_ID.test(telegramId)) throw new UsageError(`"${telegramId}" is not a Telegram user id`);
      const deps = await services();
      const target = await findStaffByTelegramId(deps, Number(telegramId));
      if (!target) {
        io.err(`No staff member has Telegram id ${telegramId}.`);
        return EXIT.failed;
      }
      if (!target.active) {
        io.out(`${target.displayName} (Telegram id ${telegramId}) was already deactivated.`);
        return EXIT.ok;
      }
      await deactivateStaff(deps, null, target.id);
      io.out(`Deactivated ${target.displayName} (Telegram id ${telegramId}): their next message or tap is refused.`);
      return EXIT.ok;
    }
    if (action === "network-worker" && telegramId !== undefined && extra.length === 1) {
      const [memberId] = extra as [string];
      if (!TELEGRAM_ID.test(memberId)) throw new UsageError(`"${memberId}" is not a Telegram user id`);
      const deps = await services();
      const member = await findStaffByTelegramId(deps, Number(memberId));
      try {
        const site = await setNetworkWorker(deps, telegramId.toUpperCase(), member?.id ?? -1);
        io.out(`${member?.displayName} is the network social worker of ${site}.`);
        return EXIT.ok;
      } catch (error) {
        if (!(error instanceof ServiceError)) throw error;
        io.err(`No site ${telegramId} with an active staff member of Telegram id ${memberId}.`);
        return EXIT.failed;
      }
    }
    throw new UsageError(
      "staff list | staff deactivate <telegram_id> | staff network-worker <site_prefix> <telegram_id>",
    );
  },
};
