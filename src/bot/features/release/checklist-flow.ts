// 🚪 Dimissione protetta: pick a release being prepared (soonest first, 20 to a page), see what is missing, add a
// receiving service and answer its three questions (contact, first appointment, consent) one after the other; every
// answer is saved at once, "Salta" leaves an item as it is, Back returns to the checklist. From the checklist, hand the
// case over to a site of the deployment or get the handover letter for a service outside Ponte.
import { InputFile } from "grammy";
import type { Actor } from "../../../domain/permissions.ts";
import { parseItalianDate } from "../../../domain/parse.ts";
import {
  CONSENT_SCOPES,
  type ConsentScope,
  isComplete,
  missingItemsText,
  RECEIVING_SERVICE_KINDS,
  type ReceivingServiceKind,
  type ReleaseItem,
  validConsentScope,
} from "../../../domain/release.ts";
import { dayMonthYear } from "../../../domain/schedule.ts";
import { addDaysIso, daysBetween, localDate } from "../../../domain/weeks.ts";
import { handoverTargets, requestHandover } from "../../../services/handover.ts";
import { writeHandoverLetter } from "../../../services/release-letter.ts";
import { LEGAL_STATUS_MAX_DAYS_AHEAD } from "../../../services/legal-status.ts";
import {
  addReceivingService,
  type ReceivingService,
  type ReceivingServiceUpdate,
  RELEASE_CONTACT_MAX,
  type ReleaseChecklist,
  releaseChecklist,
  releaseChecklists,
  updateReceivingService,
} from "../../../services/release-checklist.ts";
import { BACK, type FlowKit, invalid, ok } from "../../flows/kit.ts";

export const RELEASE_FLOW = "release-checklist";
const SKIP = "skip";
const NO_SERVICE = 0;

const mark = (done: boolean) => (done ? "✅" : "❌");

function serviceLine(kit: FlowKit, service: ReceivingService): string {
  return kit.t("release-service-line", {
    service: kit.t(`release-service-${service.kind}`),
    contact: service.contact ?? "—",
    appointment: service.firstAppointmentOn ? dayMonthYear(service.firstAppointmentOn) : "—",
    consent: consentText(kit, service),
  });
}

function serviceButton(kit: FlowKit, service: ReceivingService): string {
  const state = [service.contact !== null, service.firstAppointmentOn !== null, validConsentScope(service) !== null];
  return `${kit.t(`release-service-${service.kind}`)} ${state.map(mark).join("")}`;
}

function checklistText(kit: FlowKit, checklist: ReleaseChecklist, today: string): string {
  const lines = [
    kit.t("release-checklist-title", {
      person: checklist.personLabel,
      date: dayMonthYear(checklist.releaseOn),
      days: daysBetween(today, checklist.releaseOn),
    }),
    ...checklist.services.map((service) => serviceLine(kit, service)),
    isComplete(checklist.missing)
      ? kit.t("release-complete")
      : kit.t("release-missing", { items: missingItemsText(checklist.missing, kit.t.bind(kit)) }),
  ];
  return lines.join("\n");
}

async function todayOf(kit: FlowKit): Promise<string> {
  return localDate(await kit.now(), kit.deps.timeZone);
}

/** One item's question; SKIP keeps it as it is, BACK returns to the item before. */
async function askItem(
  kit: FlowKit,
  service: ReceivingService,
  item: ReleaseItem,
): Promise<ReceivingServiceUpdate | typeof SKIP | typeof BACK> {
  const today = await todayOf(kit);
  const name = kit.t(`release-service-${service.kind}`);
  const skip = { label: kit.t("release-skip"), value: SKIP as typeof SKIP };
  if (item === "contact") {
    return kit.ask<ReceivingServiceUpdate | typeof SKIP>({
      text: kit.t("release-ask-contact", { service: name, current: service.contact ?? "—" }),
      choices: [skip],
      parseText: (typed) => {
        const contact = typed.trim();
        if (contact.length < 2 || contact.length > RELEASE_CONTACT_MAX)
          return invalid(kit.t("release-contact-invalid", { max: RELEASE_CONTACT_MAX }));
        return ok({ serviceId: service.id, contact });
      },
    });
  }
  if (item === "appointment") {
    return kit.ask<ReceivingServiceUpdate | typeof SKIP>({
      text: kit.t("release-ask-appointment", {
        service: name,
        current: service.firstAppointmentOn ? dayMonthYear(service.firstAppointmentOn) : "—",
      }),
      choices: [skip],
      parseText: (typed) => {
        const date = parseItalianDate(typed, today, "ahead");
        if (!date) return invalid(kit.t("error-date-format"));
        if (date < today) return invalid(kit.t("error-date-past"));
        if (date > addDaysIso(today, LEGAL_STATUS_MAX_DAYS_AHEAD)) return invalid(kit.t("error-date-too-far"));
        return ok({ serviceId: service.id, firstAppointmentOn: date });
      },
    });
  }
  return askConsent(kit, service, today);
}

/** The consent's day (or its withdrawal, when one is valid), then what it covers; Back from the scope asks again. */
async function askConsent(
  kit: FlowKit,
  service: ReceivingService,
  today: string,
): Promise<ReceivingServiceUpdate | typeof SKIP | typeof BACK> {
  const name = kit.t(`release-service-${service.kind}`);
  const valid = validConsentScope(service) !== null;
  for (;;) {
    const answer = await kit.ask<{ consentOn: string } | { consentWithdrawnOn: string } | typeof SKIP>({
      text: kit.t("release-ask-consent", { service: name, current: consentText(kit, service) }),
      choices: [
        { label: kit.t("date-today"), value: { consentOn: today } },
        { label: kit.t("release-skip"), value: SKIP },
        ...(valid ? [{ label: kit.t("release-consent-withdraw"), value: { consentWithdrawnOn: today } }] : []),
      ],
      columns: 2,
      parseText: (typed) => {
        const date = parseItalianDate(typed, today);
        if (!date) return invalid(kit.t("error-date-format"));
        if (date > today) return invalid(kit.t("error-date-future"));
        return ok({ consentOn: date });
      },
    });
    if (answer === BACK || answer === SKIP) return answer;
    if ("consentWithdrawnOn" in answer) return { serviceId: service.id, ...answer };
    const scope = await kit.ask<ConsentScope>({
      text: kit.t("release-ask-consent-scope", { service: name, date: dayMonthYear(answer.consentOn) }),
      choices: CONSENT_SCOPES.map((code) => ({ label: kit.t(`release-consent-scope-${code}`), value: code })),
    });
    if (scope !== BACK) return { serviceId: service.id, consentOn: answer.consentOn, consentScope: scope };
  }
}

/** "18/11/2026 (Progetto)", "revocato il 20/11/2026" or "—". */
function consentText(kit: FlowKit, service: ReceivingService): string {
  if (service.consentWithdrawnOn)
    return kit.t("release-consent-withdrawn", { date: dayMonthYear(service.consentWithdrawnOn) });
  const scope = validConsentScope(service);
  if (!service.consentOn || !scope) return "—";
  return kit.t("release-consent-given", {
    date: dayMonthYear(service.consentOn),
    scope: kit.t(`release-consent-scope-${scope}`),
  });
}

const ITEMS: readonly ReleaseItem[] = ["contact", "appointment", "consent"];

/** The service's three questions in order, each answer saved at once; a refusal is said and the question asked again. */
async function fillService(kit: FlowKit, actor: Actor, saved: ReceivingService): Promise<void> {
  const service = { ...saved };
  let index = 0;
  while (index >= 0 && index < ITEMS.length) {
    const answer = await askItem(kit, service, ITEMS[index] as ReleaseItem);
    if (answer === BACK) {
      index--;
      continue;
    }
    if (answer !== SKIP) {
      const result = await kit.call((deps) => updateReceivingService(deps, actor, answer));
      if (result && "failed" in result) {
        await kit.ctx.reply(result.failed);
        continue;
      }
      Object.assign(service, answer, "consentOn" in answer ? { consentWithdrawnOn: null } : {});
    }
    index++;
  }
}

/** A service not named yet; then its questions. */
async function addService(kit: FlowKit, actor: Actor, checklist: ReleaseChecklist): Promise<void> {
  const named = checklist.services.map((service) => service.kind);
  const kind = await kit.ask<ReceivingServiceKind>({
    text: kit.t("release-ask-service", { person: checklist.personLabel }),
    choices: RECEIVING_SERVICE_KINDS.filter((k) => !named.includes(k)).map((k) => ({
      label: kit.t(`release-service-${k}`),
      value: k,
    })),
    columns: 2,
  });
  if (kind === BACK) return;
  const added = await kit.call((deps) => addReceivingService(deps, actor, { releasePlanId: checklist.id, kind }));
  if (typeof added !== "number") {
    await kit.ctx.reply(added.failed);
    return;
  }
  await fillService(kit, actor, {
    id: added,
    kind,
    contact: null,
    firstAppointmentOn: null,
    consentOn: null,
    consentScope: null,
    consentWithdrawnOn: null,
  });
}

/**
 * Hands the case over to another site of the deployment, saying which receiving service of the checklist it is;
 * its coordinators get the handover card.
 */
async function handOver(kit: FlowKit, actor: Actor, checklist: ReleaseChecklist): Promise<void> {
  const sites = await kit.conversation.external(() =>
    handoverTargets(kit.deps, actor, checklist.id).catch(() => [] as { id: number; name: string }[]),
  );
  const siteId = await kit.ask<number>({
    text: kit.t("handover-ask-site", { person: checklist.personLabel }),
    choices: sites.map((site) => ({ label: site.name, value: site.id })),
  });
  if (siteId === BACK) return;
  const site = sites.find((candidate) => candidate.id === siteId)?.name ?? "";
  // The receiving service the site is: its consent decides what the card shows (none: crisis notes only).
  const releaseServiceId =
    checklist.services.length === 0
      ? NO_SERVICE
      : await kit.ask<number>({
          text: kit.t("handover-ask-service", { site }),
          choices: [
            ...checklist.services.map((service) => ({
              label: `${kit.t(`release-service-${service.kind}`)} · ${consentText(kit, service)}`,
              value: service.id,
            })),
            { label: kit.t("handover-no-service"), value: NO_SERVICE },
          ],
        });
  if (releaseServiceId === BACK) return;
  const sent = await kit.call((deps) =>
    requestHandover(deps, actor, {
      releasePlanId: checklist.id,
      toSiteId: siteId,
      releaseServiceId: releaseServiceId === NO_SERVICE ? null : releaseServiceId,
    }),
  );
  await kit.ctx.reply("failed" in sent ? sent.failed : kit.t("handover-sent", { site: sent.toSite }));
}

/** The handover letter for one of the checklist's services, sent as a .docx for the operator to forward. */
async function sendLetter(kit: FlowKit, actor: Actor, checklist: ReleaseChecklist): Promise<void> {
  const only = checklist.services.length === 1 ? checklist.services[0] : undefined;
  const serviceId =
    only?.id ??
    (await kit.ask<number>({
      text: kit.t("release-letter-ask-service"),
      choices: checklist.services.map((service) => ({
        label: `${kit.t(`release-service-${service.kind}`)} · ${consentText(kit, service)}`,
        value: service.id,
      })),
    }));
  if (serviceId === BACK) return;
  const letter = await kit.call(async (deps) => {
    const written = await writeHandoverLetter(deps, actor, serviceId);
    return { ...written, docx: written.docx.toString("base64") };
  });
  if ("failed" in letter) {
    await kit.ctx.reply(letter.failed);
    return;
  }
  const service = checklist.services.find((candidate) => candidate.id === serviceId);
  await kit.ctx.replyWithDocument(new InputFile(Buffer.from(letter.docx, "base64"), letter.filename));
  await kit.ctx.reply(
    kit.t("release-letter-sent", {
      service: service ? kit.t(`release-service-${service.kind}`) : "",
      person: checklist.personLabel,
    }),
  );
}

/** The checklist, again after every change; "exit" when the user is done, "back" to pick another one. */
async function checklistLoop(kit: FlowKit, actor: Actor, releaseId: number, back: boolean): Promise<"exit" | "back"> {
  for (;;) {
    const checklist = await kit.call((deps) => releaseChecklist(deps, actor, releaseId));
    if ("failed" in checklist) {
      await kit.finish(checklist.failed);
      return "exit";
    }
    const today = await todayOf(kit);
    const choice = await kit.ask<string>({
      text: checklistText(kit, checklist, today),
      choices: [
        ...checklist.services.map((service) => ({ label: serviceButton(kit, service), value: `s${service.id}` })),
        ...(checklist.services.length < RECEIVING_SERVICE_KINDS.length
          ? [{ label: kit.t("release-add-service"), value: "add" }]
          : []),
        { label: kit.t("release-handover"), value: "handover" },
        ...(checklist.services.length > 0 ? [{ label: kit.t("release-letter"), value: "letter" }] : []),
        { label: kit.t("release-done"), value: "done" },
      ],
      back,
    });
    if (choice === BACK) return "back";
    if (choice === "done") {
      await kit.finish(
        isComplete(checklist.missing)
          ? kit.t("release-done-complete", { person: checklist.personLabel })
          : kit.t("release-done-missing", {
              person: checklist.personLabel,
              items: missingItemsText(checklist.missing, kit.t.bind(kit)),
            }),
      );
      return "exit";
    }
    if (choice === "add") await addService(kit, actor, checklist);
    else if (choice === "handover") await handOver(kit, actor, checklist);
    else if (choice === "letter") await sendLetter(kit, actor, checklist);
    else {
      const service = checklist.services.find((candidate) => `s${candidate.id}` === choice);
      if (service) await fillService(kit, actor, service);
    }
  }
}

export async function releaseFlow(kit: FlowKit, presetId?: string): Promise<void> {
  const staff = await kit.staff();
  if (!staff) return;
  const actor = staff.actor;
  if (presetId !== undefined) {
    await checklistLoop(kit, actor, Number(presetId), false);
    return;
  }
  for (;;) {
    const releases = await kit.conversation.external(() => releaseChecklists(kit.deps, actor));
    if (releases.length === 0) return kit.finish(kit.t("release-none"));
    const picked = await kit.ask<number>({
      text: kit.t("release-ask-which"),
      choices: releases.map((release) => ({
        label: kit.t("release-pick-line", {
          person: release.personLabel,
          date: dayMonthYear(release.releaseOn),
          state: isComplete(release.missing) ? "✅" : "❌",
        }),
        value: release.id,
      })),
      back: false,
    });
    if (picked === BACK) return;
    if ((await checklistLoop(kit, actor, picked, true)) === "exit") return;
  }
}
