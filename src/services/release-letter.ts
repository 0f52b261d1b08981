// The handover letter for a receiving service outside Ponte: written from the checklist and the active plan, in
// Italian whatever the reader's language, only with the person's valid consent to that service; audited.
import { handoverLetter } from "../domain/handover-letter.ts";
import type { Actor } from "../domain/permissions.ts";
import { validConsentScope } from "../domain/release.ts";
import { translatorFor } from "../i18n.ts";
import { recordAudit } from "./audit.ts";
import type { ServiceDeps } from "./deps.ts";
import { buildHandoverLetterDocx } from "./documents/handover-letter-docx.ts";
import { notFoundOrNotAllowed, ServiceError } from "./errors.ts";
import { openNames } from "./person-names.ts";
import { today } from "./person-scope.ts";
import { openCrisisNotes } from "./plans.ts";
import { workableChecklist } from "./release-checklist.ts";

export interface WrittenLetter {
  docx: Buffer;
  filename: string;
}

/** The letter for one receiving service of a checklist the actor prepares; refused without a valid consent. */
export async function writeHandoverLetter(deps: ServiceDeps, actor: Actor, serviceId: number): Promise<WrittenLetter> {
  const service = Number.isInteger(serviceId)
    ? await deps.db.releaseService.findUnique({ where: { id: serviceId } })
    : null;
  if (!service) throw notFoundOrNotAllowed();
  const release = await workableChecklist(deps, actor, service.releasePlanId);
  const scope = validConsentScope(service);
  if (scope === null || service.consentOn === null) throw new ServiceError("letter-no-consent");
  const [person, plan, site, sender] = await Promise.all([
    deps.db.person.findUniqueOrThrow({
      where: { id: release.personId },
      select: { id: true, givenNameEnc: true, familyNameEnc: true, birthYear: true, code: true },
    }),
    deps.db.plan.findFirst({
      where: { personId: release.personId, status: "active" },
      include: { goals: { where: { status: "open" }, orderBy: { id: "asc" } } },
    }),
    deps.db.site.findUniqueOrThrow({ where: { id: release.siteId }, select: { name: true } }),
    deps.db.staff.findUniqueOrThrow({ where: { id: actor.staffId }, select: { displayName: true, phone: true } }),
  ]);
  const letter = handoverLetter(
    {
      writtenOn: today(deps),
      fromSite: site.name,
      sender: { name: sender.displayName, phone: sender.phone },
      service: {
        kind: service.kind,
        contact: deps.cipher.decryptOptional(service.contactEnc, "ReleaseService.contactEnc", service.id),
        firstAppointmentOn: service.firstAppointmentOn,
      },
      person: { ...openNames(deps.cipher, person), birthYear: person.birthYear },
      releaseOn: release.releaseOn,
      consent: { on: service.consentOn, scope },
      crisis: plan ? openCrisisNotes(deps.cipher, plan) : null,
      goals: (plan?.goals ?? []).map((goal) => ({
        area: goal.area,
        text: deps.cipher.decrypt(goal.textEnc, "PlanGoal.textEnc", goal.id),
      })),
    },
    translatorFor("it"),
  );
  const docx = await buildHandoverLetterDocx(letter);
  await recordAudit(deps.db, deps.cipher, {
    actorId: actor.staffId,
    action: "release.letter",
    subjectType: "release",
    subjectId: release.id,
    personId: release.personId,
    details: { kind: service.kind, serviceId: service.id, consentOn: service.consentOn, scope },
    at: deps.clock(),
  });
  return { docx, filename: `lettera-dimissione-${person.code}-${service.kind}.docx` };
}
