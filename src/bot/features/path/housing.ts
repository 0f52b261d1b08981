// Housing and certified courses from the chat: move in to a free bed (planned end as "+N months" or typed), renew,
// move out; a course completed or its certificate obtained.
import { dayMonthYear } from "../../../domain/schedule.ts";
import { COURSE_STEPS, type CourseStep, recordCourseProgress } from "../../../services/courses.ts";
import { freeBeds, moveIn, moveOut, renewStay } from "../../../services/housing.ts";
import { BACK } from "../../flows/kit.ts";
import { askDate, askLaterDate, dateStep } from "./dates.ts";
import type { PathAction, PathDraft, PersonState } from "./draft.ts";

const openStay = (state: PersonState) => state.stays.find((stay) => stay.toOn === null);

function prepareOpenStay(state: PersonState, draft: PathDraft): void {
  const stay = openStay(state);
  draft.stayId = stay?.id;
  draft.stayLabel = stay?.bedLabel;
  draft.stayFromOn = stay?.fromOn;
  draft.stayPlannedEndOn = stay?.plannedEndOn ?? null;
}

const housingIn: PathAction = {
  id: "housing_in",
  coordinatorsOnly: false,
  offered: (state) => openStay(state) === undefined,
  steps: [
    dateStep((kit) => ({ text: kit.t("path-ask-move-in-date"), daysAhead: 0 })),
    async (kit, draft) => {
      const actor = (await kit.staff())?.actor;
      if (!actor) return BACK;
      const beds = await kit.conversation.external(() =>
        freeBeds(kit.deps, actor, draft.personId as number, draft.on as string).catch(() => []),
      );
      if (beds.length === 0) {
        await kit.ctx.reply(kit.t("path-no-free-bed", { date: dayMonthYear(draft.on as string) }));
        return BACK;
      }
      const value = await kit.ask<number>({
        text: kit.t("path-ask-bed", { person: draft.personLabel ?? "" }),
        choices: beds.map((bed) => ({ label: bed.label, value: bed.id })),
        columns: 2,
      });
      if (value === BACK) return BACK;
      draft.bedId = value;
      draft.stayLabel = beds.find((bed) => bed.id === value)?.label;
      return "next";
    },
    async (kit, draft) => {
      const from = draft.on as string;
      const value = await askLaterDate(
        kit,
        kit.t("path-ask-stay-planned-end"),
        from,
        [3, 6, 12],
        from,
        kit.t("housing-planned-end-before"),
      );
      if (value === BACK) return BACK;
      draft.plannedEndOn = value;
      return "next";
    },
  ],
  async save(kit, actor, draft) {
    const saved = await kit.call((deps) =>
      moveIn(deps, actor, {
        personId: draft.personId as number,
        bedId: draft.bedId as number,
        fromOn: draft.on as string,
        plannedEndOn: draft.plannedEndOn ?? null,
      }),
    );
    if ("failed" in saved) return saved;
    return kit.t("path-moved-in", {
      person: draft.personLabel ?? "",
      bed: saved.bedLabel,
      from: dayMonthYear(draft.on as string),
      until: dayMonthYear(draft.plannedEndOn as string),
    });
  },
};

const housingRenew: PathAction = {
  id: "housing_renew",
  coordinatorsOnly: false,
  offered: (state) => openStay(state) !== undefined,
  prepare: prepareOpenStay,
  steps: [
    async (kit, draft) => {
      const floor = draft.stayPlannedEndOn ?? (draft.stayFromOn as string);
      const value = await askLaterDate(
        kit,
        kit.t("path-ask-stay-renewal", { bed: draft.stayLabel ?? "", date: dayMonthYear(floor) }),
        floor,
        [3, 6, 12],
        floor,
        kit.t("housing-renewal-not-later", { date: dayMonthYear(floor) }),
      );
      if (value === BACK) return BACK;
      draft.plannedEndOn = value;
      return "next";
    },
  ],
  async save(kit, actor, draft) {
    const saved = await kit.call((deps) =>
      renewStay(deps, actor, { stayId: draft.stayId as number, newEndOn: draft.plannedEndOn as string }),
    );
    if ("failed" in saved) return saved;
    return kit.t("path-stay-renewed", {
      person: draft.personLabel ?? "",
      bed: saved.bedLabel,
      until: dayMonthYear(saved.newEndOn),
    });
  },
};

const housingOut: PathAction = {
  id: "housing_out",
  coordinatorsOnly: false,
  offered: (state) => openStay(state) !== undefined,
  prepare: prepareOpenStay,
  steps: [
    async (kit, draft) => {
      const from = draft.stayFromOn as string;
      const value = await askDate(kit, {
        text: kit.t("path-ask-move-out-date", { bed: draft.stayLabel ?? "" }),
        daysAhead: 0,
        notBefore: { date: from, message: kit.t("housing-out-before-in", { date: dayMonthYear(from) }) },
      });
      if (value === BACK) return BACK;
      draft.on = value;
      return "next";
    },
  ],
  async save(kit, actor, draft) {
    const saved = await kit.call((deps) =>
      moveOut(deps, actor, { stayId: draft.stayId as number, toOn: draft.on as string }),
    );
    if ("failed" in saved) return saved;
    return kit.t("path-moved-out", {
      person: draft.personLabel ?? "",
      bed: saved.bedLabel,
      date: dayMonthYear(saved.toOn),
    });
  },
};

const course: PathAction = {
  id: "course",
  coordinatorsOnly: false,
  offered: (state) => state.courses.some((c) => c.certificateOn === null),
  prepare(state, draft) {
    draft.courses = state.courses
      .filter((c) => c.certificateOn === null)
      .map(({ enrolmentId, course: name, enrolledOn, completedOn }) => ({
        enrolmentId,
        course: name,
        enrolledOn,
        completedOn,
      }));
    draft.enrolmentId = draft.courses.length === 1 ? draft.courses[0]?.enrolmentId : undefined;
  },
  steps: [
    async (kit, draft) => {
      const courses = draft.courses ?? [];
      if (courses.length === 1) return "skip";
      const value = await kit.ask<number>({
        text: kit.t("path-ask-course"),
        choices: courses.map((c) => ({ label: c.course, value: c.enrolmentId })),
      });
      if (value === BACK) return BACK;
      draft.enrolmentId = value;
      return "next";
    },
    async (kit, draft) => {
      const chosen = draft.courses?.find((c) => c.enrolmentId === draft.enrolmentId);
      const steps = chosen?.completedOn ? COURSE_STEPS.filter((step) => step === "certificate") : COURSE_STEPS;
      const value = await kit.ask<CourseStep>({
        text: kit.t("path-ask-course-step", { course: chosen?.course ?? "" }),
        choices: steps.map((step) => ({ label: kit.t(`path-course-step-${step}`), value: step })),
      });
      if (value === BACK) return BACK;
      draft.courseStep = value;
      return "next";
    },
    async (kit, draft) => {
      const chosen = draft.courses?.find((c) => c.enrolmentId === draft.enrolmentId);
      const value = await askDate(kit, {
        text: kit.t("path-ask-course-date"),
        daysAhead: 0,
        notBefore: { date: chosen?.enrolledOn ?? "0000-00-00", message: kit.t("course-completed-before-enrolment") },
      });
      if (value === BACK) return BACK;
      draft.on = value;
      return "next";
    },
  ],
  async save(kit, actor, draft) {
    const saved = await kit.call((deps) =>
      recordCourseProgress(deps, actor, {
        enrolmentId: draft.enrolmentId as number,
        step: draft.courseStep as CourseStep,
        on: draft.on as string,
      }),
    );
    if ("failed" in saved) return saved;
    return kit.t(`path-course-saved-${saved.step}`, {
      person: draft.personLabel ?? "",
      course: saved.course,
      date: dayMonthYear(saved.on),
    });
  },
};

export const HOUSING_ACTIONS: PathAction[] = [housingIn, housingRenew, housingOut, course];
