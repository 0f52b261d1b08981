// Certified courses per person: enrolment comes from the course's roster; operators and coordinators of the person's
// site record the day the course was completed and the day the certificate was obtained.
import { z } from "zod";
import type { Actor } from "../domain/permissions.ts";
import { recordAudit } from "./audit.ts";
import type { ServiceDeps } from "./deps.ts";
import { notFoundOrNotAllowed, ServiceError, validInput } from "./errors.ts";
import { isoDate } from "./legal-status.ts";
import { personForWork, today, WORKING_ROLES } from "./person-scope.ts";

export interface CourseEnrolment {
  enrolmentId: number;
  course: string;
  hours: number | null;
  enrolledOn: string;
  completedOn: string | null;
  certificateOn: string | null;
}

export async function coursesOf(deps: ServiceDeps, actor: Actor, personId: number): Promise<CourseEnrolment[]> {
  const person = await personForWork(deps, actor, personId, WORKING_ROLES);
  const rows = await deps.db.rosterEnrollment.findMany({
    where: { personId: person.id, activity: { kind: "certified_training" } },
    include: { activity: { select: { name: true, courseHours: true } } },
    orderBy: { enrolledOn: "desc" },
  });
  return rows.map((row) => ({
    enrolmentId: row.id,
    course: row.activity.name,
    hours: row.activity.courseHours,
    enrolledOn: row.enrolledOn,
    completedOn: row.completedOn,
    certificateOn: row.certificateOn,
  }));
}

export const COURSE_STEPS = ["completed", "certificate"] as const;
export type CourseStep = (typeof COURSE_STEPS)[number];

const progressInput = z.object({
  enrolmentId: z.number().int().positive(),
  step: z.enum(COURSE_STEPS),
  on: isoDate,
});

/** The course completed, or its certificate obtained (which also means completed, on that day if not recorded). */
export async function recordCourseProgress(
  deps: ServiceDeps,
  actor: Actor,
  input: z.input<typeof progressInput>,
): Promise<{ course: string; step: CourseStep; on: string }> {
  const data = validInput(progressInput, input);
  const enrolment = await deps.db.rosterEnrollment.findUnique({
    where: { id: data.enrolmentId },
    include: { activity: { select: { name: true, kind: true } } },
  });
  if (enrolment?.activity.kind !== "certified_training") throw notFoundOrNotAllowed();
  const person = await personForWork(deps, actor, enrolment.personId, WORKING_ROLES);
  if (data.on < enrolment.enrolledOn) throw new ServiceError("course-completed-before-enrolment");
  if (data.on > today(deps)) throw new ServiceError("error-date-future");
  const now = deps.clock();
  const before = { completedOn: enrolment.completedOn, certificateOn: enrolment.certificateOn };
  const after =
    data.step === "completed"
      ? { ...before, completedOn: data.on }
      : { completedOn: before.completedOn ?? data.on, certificateOn: data.on };
  await deps.db.$transaction(async (tx) => {
    await tx.rosterEnrollment.update({ where: { id: enrolment.id }, data: after });
    await recordAudit(tx, deps.cipher, {
      actorId: actor.staffId,
      action: "course.progress",
      subjectType: "enrolment",
      subjectId: enrolment.id,
      personId: person.id,
      details: { before, after },
      at: now,
    });
  });
  return { course: enrolment.activity.name, step: data.step, on: data.on };
}
