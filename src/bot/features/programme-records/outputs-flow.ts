// /prodotti: a coordinator or admin records a report or publication, a promotional item or an information service
// (indicators 13–15 of the funder's sheet): where (a site they coordinate, or the whole programme for admins), kind,
// title, date. A coordinator of one site gets there in two taps and the title typed.
import { PROGRAMME_OUTPUT_KINDS, type ProgrammeOutputKind } from "../../../domain/output-indicators.ts";
import { dayMonthYear } from "../../../domain/schedule.ts";
import { localDate } from "../../../domain/weeks.ts";
import { type OutputScope, outputScopesFor, recordOutput } from "../../../services/programme-outputs.ts";
import { BACK, type FlowKit, invalid, ok, type Step } from "../../flows/kit.ts";
import { askDate } from "../sessions/logging-helpers.ts";

const TITLE_LENGTH = { min: 2, max: 200 };

interface OutputDraft {
  scope?: OutputScope;
  kind?: ProgrammeOutputKind;
  title?: string;
  issuedOn?: string;
}

function scopeName(kit: FlowKit, scope: OutputScope): string {
  return scope.siteName ?? kit.t("outputs-scope-programme", { programme: scope.programmeName });
}

export async function outputsFlow(kit: FlowKit): Promise<void> {
  const staff = await kit.staff();
  if (!staff) return;
  const scopes = await kit.conversation.external(() => outputScopesFor(kit.deps, staff.actor));
  if (scopes.length === 0) return kit.finish(kit.t("outputs-not-allowed"));
  const today = localDate(await kit.now(), kit.deps.timeZone);
  const resumed = await kit.offerDraft<OutputDraft>((d) => d.title ?? (d.kind ? kit.t(`outputs-kind-${d.kind}`) : "—"));
  const draft: OutputDraft = resumed?.data ?? {};

  const steps: Step<OutputDraft>[] = [
    async (k, d) => {
      if (scopes.length === 1) {
        d.scope = scopes[0];
        return "skip";
      }
      const scope = await k.ask<OutputScope>({
        text: k.t("outputs-ask-scope"),
        choices: scopes.map((s) => ({ label: scopeName(k, s), value: s })),
        back: false,
      });
      if (scope === BACK) return BACK;
      d.scope = scope;
      return "next";
    },
    async (k, d) => {
      const kind = await k.ask<ProgrammeOutputKind>({
        text: k.t("outputs-ask-kind", { scope: scopeName(k, d.scope as OutputScope) }),
        choices: PROGRAMME_OUTPUT_KINDS.map((value) => ({ label: k.t(`outputs-kind-${value}`), value })),
        back: scopes.length > 1,
      });
      if (kind === BACK) return BACK;
      d.kind = kind;
      return "next";
    },
    async (k, d) => {
      const title = await k.ask<string>({
        text: k.t("outputs-ask-title", { kind: k.t(`outputs-kind-${d.kind}`) }),
        parseText: (typed) => {
          const trimmed = typed.trim().replace(/\s+/g, " ");
          return trimmed.length >= TITLE_LENGTH.min && trimmed.length <= TITLE_LENGTH.max
            ? ok(trimmed)
            : invalid(k.t("outputs-title-invalid", TITLE_LENGTH));
        },
      });
      if (title === BACK) return BACK;
      d.title = title;
      return "next";
    },
    async (k, d) => {
      const issuedOn = await askDate(k, { text: k.t("outputs-ask-date", { title: d.title ?? "" }), today });
      if (issuedOn === BACK) return BACK;
      d.issuedOn = issuedOn;
      return "next";
    },
  ];
  if (!(await kit.runSteps(steps, draft, resumed?.step ?? 0))) return;
  const scope = draft.scope as OutputScope;
  const saved = await kit.call((deps) =>
    recordOutput(deps, staff.actor, {
      programmeId: scope.programmeId,
      siteId: scope.siteId,
      kind: draft.kind as ProgrammeOutputKind,
      title: draft.title as string,
      issuedOn: draft.issuedOn as string,
    }),
  );
  if ("failed" in saved) return kit.finish(saved.failed);
  await kit.discardDraft();
  await kit.finish(
    kit.t("outputs-saved", {
      kind: kit.t(`outputs-kind-${draft.kind}`),
      title: draft.title as string,
      date: dayMonthYear(draft.issuedOn as string),
      scope: scopeName(kit, scope),
    }),
  );
}
