// The receiving coordinator's side of a handover: "Accept" on the card accepts it (one tap) and asks who the case
// manager is among the receiving site's staff.
import { acceptHandover, assignHandoverCaseManager } from "../../../services/handover.ts";
import { BACK, type FlowKit } from "../../flows/kit.ts";

export const HANDOVER_FLOW = "handover-accept";

export async function handoverFlow(kit: FlowKit, handoverId?: string): Promise<void> {
  const staff = await kit.staff();
  if (!staff || handoverId === undefined) return;
  const accepted = await kit.call((deps) => acceptHandover(deps, staff.actor, Number(handoverId)));
  if ("failed" in accepted) return kit.finish(accepted.failed);
  if (accepted.candidates.length === 0) return kit.finish(kit.t("handover-accepted", { person: accepted.personLabel }));
  const chosen = await kit.ask<{ id: number; name: string }>({
    text: `${kit.t("handover-accepted", { person: accepted.personLabel })}\n${kit.t("handover-ask-case-manager")}`,
    choices: accepted.candidates.map((candidate) => ({ label: candidate.name, value: candidate })),
    back: false,
  });
  if (chosen === BACK) return;
  const saved = await kit.call((deps) =>
    assignHandoverCaseManager(deps, staff.actor, { handoverId: Number(handoverId), staffId: chosen.id }),
  );
  if (saved && "failed" in saved) return kit.finish(saved.failed);
  await kit.finish(kit.t("handover-case-manager-saved", { name: chosen.name, person: accepted.personLabel }));
}
