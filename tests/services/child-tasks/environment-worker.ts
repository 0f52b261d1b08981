// A child task that answers with the names of the variables in its environment.
import { answerParent } from "../../../src/services/child-answer.ts";

answerParent<Record<string, never>, string[]>(() => Object.keys(process.env));
