// Child process entry: counts the job funnel from the database and hands it back (see funnel-data.ts).
import { answerParent } from "../child-answer.ts";
import { computeJobFunnelAt } from "./funnel-data.ts";

answerParent(computeJobFunnelAt);
