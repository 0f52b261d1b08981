// Review reminders: the case manager hears 7 days before a plan's review date and again once it is overdue;
// every week the coordinators get the people in charge at their sites who have no active plan.
// Everything goes through the outbox with dedupe keys, so restarts and parallel instances never repeat a message.
import { fitSections, formatDay, TELEGRAM_TEXT_LIMIT } from "../domain/plan-card.ts";
import { isoWeekKey, localDate, startOfLocalDay } from "../domain/weeks.ts";
import { translate } from "../i18n.ts";
import { enqueueDelivery } from "../services/deliveries.ts";
import type { ServiceDeps } from "../services/deps.ts";
import { dueReviews, peopleWithoutPlan } from "../services/plans.ts";
import { findStaffById } from "../services/staff.ts";
import type { Job, JobEnv } from "./scheduler.ts";

// Reminders wait for office hours rather than buzzing a phone at midnight.
const SEND_FROM_HOUR = 8;

export function officeHoursStart(today: string, timeZone: string): Date {
  return new Date(startOfLocalDay(today, timeZone).getTime() + SEND_FROM_HOUR * 3600_000);
}

const cardButton = (locale: string, personId: number) => [
  [{ text: translate(locale, "plans-button-open-card"), data: `plan:card:${personId}` }],
];

/** Queues the due review reminders; returns how many were new. */
export async function queueReviewReminders(deps: ServiceDeps): Promise<number> {
  const now = deps.clock();
  const today = localDate(now, deps.timeZone);
  const notBefore = officeHoursStart(today, deps.timeZone);
  let queued = 0;
  for (const review of await dueReviews(deps, today)) {
    const kind = review.reviewOn < today ? "overdue" : "soon";
    // The case manager; without one (or if deactivated), the coordinators of the person's sites.
    const manager = review.caseManagerId
      ? await deps.db.staff.findFirst({
          where: { id: review.caseManagerId, active: true },
          select: { id: true, locale: true },
        })
      : null;
    const recipients = manager
      ? [manager]
      : await deps.db.staff.findMany({
          where: { active: true, memberships: { some: { role: "coordinator", siteId: { in: review.siteIds } } } },
          select: { id: true, locale: true },
        });
    for (const recipient of recipients) {
      const text = translate(recipient.locale, `plans-review-${kind}`, {
        code: review.code,
        name: review.shortName,
        date: formatDay(review.reviewOn),
      });
      const isNew = await enqueueDelivery(
        deps.db,
        deps.cipher,
        {
          // Coordinators standing in for the case manager are several: one key each.
          dedupeKey: `plan-review:${review.reminderPlanId}:${kind}${manager ? "" : `:${recipient.id}`}`,
          kind: "plan_review",
          recipientId: recipient.id,
          message: { text, buttons: cardButton(recipient.locale, review.personId) },
          notBefore,
        },
        now,
      );
      if (isNew) queued++;
    }
  }
  return queued;
}

/** Once a week, each coordinator gets the people in charge at their sites without an active plan (if any). */
export async function queuePlanlessLists(deps: ServiceDeps): Promise<number> {
  const now = deps.clock();
  const today = localDate(now, deps.timeZone);
  const week = isoWeekKey(today, deps.timeZone);
  const coordinators = await deps.db.staff.findMany({
    where: { active: true, memberships: { some: { role: "coordinator" } } },
    select: { id: true },
  });
  let queued = 0;
  for (const { id } of coordinators) {
    const dedupeKey = `plan-missing:${week}:${id}`;
    if (await deps.db.delivery.findUnique({ where: { dedupeKey }, select: { id: true } })) continue;
    const coordinator = await findStaffById(deps, id);
    if (!coordinator) continue;
    const people = await peopleWithoutPlan(deps, coordinator.actor);
    if (people.length === 0) continue;
    const text = fitSections(
      [
        {
          title: translate(coordinator.locale, "plans-without-plan-weekly"),
          lines: people.map((person) => `• ${person.code} · ${person.shortName}`),
          priority: 1,
        },
      ],
      TELEGRAM_TEXT_LIMIT,
      (hidden) => translate(coordinator.locale, "plans-card-more", { count: hidden }),
    );
    const isNew = await enqueueDelivery(
      deps.db,
      deps.cipher,
      {
        dedupeKey,
        kind: "plan_missing",
        recipientId: id,
        message: { text },
        notBefore: officeHoursStart(today, deps.timeZone),
      },
      now,
    );
    if (isNew) queued++;
  }
  return queued;
}

export function planReviewsJob(env: JobEnv): Job {
  return {
    name: "plan-reviews",
    everyMs: 15 * 60_000,
    run: async () => {
      const queued = (await queueReviewReminders(env.deps)) + (await queuePlanlessLists(env.deps));
      if (queued > 0) env.outbox.kick();
    },
  };
}
